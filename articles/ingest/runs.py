"""Saving a run of new articles together.

Most records of a large import are articles the archive has never held.
Saved in a transaction each, such a record cost some fifteen queries, and
building their SQL was most of an import's time. Here a run of them is
looked up with a few queries and written with one insert a table, in one
transaction, by the rules the importer applies to one new article
(``importer._save``): the version it hangs from, a slug free on its day, its
"Also read" targets and the earlier links that name it, editorials stored
once, tags with their evidence and an index task.

The importer gives a run only records it can settle: one whose address or
words the archive, or an earlier record of the same import, already holds
goes the one-at-a-time way, which updates or skips. Records of a run see
each other as they would have one at a time: a later record can be a
version of an earlier one, take the next free slug after it, link to it, or
be the article an earlier one's "Also read" line named.
"""

import itertools
from collections import defaultdict

from django.utils import timezone

from articles.ingest import variants
from articles.ingest.article_fields import (
    add_detail,
    editorial_fields,
    editorial_slug,
    fill_fields,
    free_slug,
    slug_base,
)
from articles.ingest.checking import CheckedRecord
from articles.ingest.identity import canonical_url, normalise_words
from articles.ingest.surroundings import Held, Made, Surroundings
from articles.ingest.tags import NewTags, resolve_countries, resolve_topics, with_countries
from articles.models import AlsoReadLink, Article, Caption, Editorial
from articles.models.status import Status
from articles.rows import Rows
from articles.search import indexing


def version_note(item):
    """What the report says of a ``CheckedRecord`` saved as a version of another article."""
    canonical = item.article.canonical if item.version_of is not None else None
    if canonical is None:
        return ""
    return f"a version of article #{canonical.pk} ({canonical.headline[:80]})"


def save_new(run, *, around=None, made=None, is_demo=False, batch=None):
    """Create the articles of ``run`` (``CheckedRecord``s of new articles, in import order).

    ``around``: the ``Surroundings`` of the run's records, read ahead; read
    here when not given. ``made``: what the import has saved so far
    (``surroundings.Made``), which a read ahead may lack. Call inside a
    transaction and ``indexing.gathered()``: a database error leaves the
    run's changes to be rolled back together. Sets each item's ``article``;
    returns the editorials created.
    """
    made = made if made is not None else Made()
    neighbours = _Neighbours(around or Surroundings.read(run), made)
    articles = []
    for item in run:
        record = item.record
        article = Article(is_demo=is_demo, status=record.status or Status.PUBLISHED)
        fill_fields(article, record, item.url, item.digest)
        article.shingle_sketch = item.sketch
        item.article = article
        articles.append(article)
    neighbours.place(run)
    if around is not None and _taken_since(articles):
        # Another writer took one of these slugs after the read ahead: read now.
        neighbours = _Neighbours(Surroundings.read(run), made)
        neighbours.place(run)
    neighbours.find_versions(run)
    Article.objects.bulk_create(articles)
    _point_at_canonicals(run)
    captions = Rows(Caption, "article", "text", "credit", "photo_date", "order")
    for item in run:
        for order, caption in enumerate(item.record.captions):
            captions.add(item.article.pk, caption.text, caption.credit, caption.photo_date, order)
    captions.insert()
    _save_links(run)
    created = _link_editorials(run, is_demo)
    if batch is not None and created:
        batch.created_editorials.add(*created)
    _tag(run)
    indexing.mark_many_stale(Article, [article.pk for article in articles])
    indexing.mark_many_stale(Editorial, [editorial.pk for editorial in created])
    return created


class _Neighbours:
    """A run's slugs and versions, from its ``Surroundings`` and what the import ``made``.

    The run's own records join them as they are placed, as they would have
    been in the database.
    """

    def __init__(self, around, made):
        self.around, self.made = around, made
        self.zone = timezone.get_current_timezone()
        self.taken = {}

    def place(self, run):
        """Give each item's article a slug free on its day."""
        self.taken = {}
        for item in run:
            record, article = item.record, item.article
            day = record.published.astimezone(self.zone).date()
            taken = self.taken.get(day)
            if taken is None:
                taken = self.taken[day] = self.around.taken_on(day, self.made)
            article.slug = free_slug(slug_base(record.slug or record.headline), taken)
            taken.add(article.slug)

    def find_versions(self, run):
        """Set ``version_of`` on each item that is a version of an earlier article."""
        wanted = []
        for position, item in enumerate(run):
            record = item.record
            if not item.sketch:
                continue
            low, high = record.published - variants.WINDOW, record.published + variants.WINDOW
            # Held articles first: they have the lower ids, and the window is
            # cut at MAX_CANDIDATES in id order.
            held, window = self.around.held_close_to(item, self.made)
            room = max(0, variants.MAX_CANDIDATES - window)
            earlier = [other for other in run[:position] if low <= other.record.published <= high]
            mine = variants.sketch_values(item.sketch)
            close = [c for c in earlier[:room] if variants.may_resemble(mine, c.sketch)]
            wanted.append((item, [*held, *close]))
        shingles = variants.held_shingles(
            {c for _, candidates in wanted for c in candidates if isinstance(c, Held)}
        )
        for item, candidates in wanted:
            if not candidates:
                continue
            pairs = ((c, shingles[c.pk] if isinstance(c, Held) else c.shingles) for c in candidates)
            best = variants.most_alike(item.shingles, pairs)
            if best is not None:
                # Variants hang from one canonical article, never from each other.
                item.version_of = _canonical_of(best)


def _taken_since(articles):
    """Whether an article not read takes one of ``articles``' slugs on its day."""
    zone = timezone.get_current_timezone()

    def day(published):
        return published.astimezone(zone).date()

    wanted = {(article.slug, day(article.published)) for article in articles}
    found = Article.objects.filter(slug__in={slug for slug, _ in wanted})
    return any((slug, day(when)) in wanted for slug, when in found.values_list("slug", "published"))


def _canonical_of(best):
    if isinstance(best, CheckedRecord):
        return best.version_of or best
    if best.canonical_id is None:
        return best
    return Article.objects.only("id", "headline").get(pk=best.canonical_id)


def _point_at_canonicals(run):
    """Set each version's canonical, now that the run's own articles have ids."""
    versions = []
    for item in run:
        found = item.version_of
        if found is None:
            continue
        if isinstance(found, CheckedRecord):
            item.article.canonical = found.article
        elif isinstance(found, Held):
            item.article.canonical = Article(pk=found.pk, headline=found.headline)
        else:
            item.article.canonical = found
        versions.append(item.article)
    Article.objects.bulk_update(versions, ["canonical"])


def best_match(candidates, published):
    """Of the articles a link's title names, the one it most likely means.

    The latest published by ``published`` (the linking article's date), else
    the earliest after it. Of equal dates, the first in ``candidates``.
    """
    earlier = [c for c in candidates if c.published <= published]
    if earlier:
        return max(earlier, key=lambda c: c.published)
    return min(candidates, key=lambda c: c.published) if candidates else None


def _save_links(run):
    """Insert the run's "Also read" links, pointed at our copies where we hold them."""
    urls = {canonical_url(link.url) for item in run for link in item.record.also_read if link.url}
    titles = {link.title for item in run for link in item.record.also_read}
    by_url = {}
    if urls:
        by_url = {article.url: article for article in Article.objects.at_urls(urls).only("url")}
    by_words = defaultdict(list)
    named_by_title = Article.objects.headlined_any(titles).for_links()
    for article in named_by_title.order_by("-published", "-id"):
        by_words[normalise_words(article.headline)].append(article)
    placed = []
    for position, item in enumerate(run):
        earlier = run[:position]
        for order, clean in enumerate(item.record.also_read):
            url = canonical_url(clean.url)
            target = None
            if clean.url:
                target = by_url.get(url) or next(
                    (other.article for other in earlier if other.url == url), None
                )
            if target is None:
                wanted = normalise_words(clean.title)
                named = [
                    *by_words.get(wanted, ()),
                    *(
                        other.article
                        for other in earlier
                        if normalise_words(other.record.headline) == wanted
                    ),
                ]
                # In the order the database lists them (newest first), which
                # decides between equal dates.
                named.sort(key=lambda article: (article.published, article.pk), reverse=True)
                target = best_match(named, item.article.published)
            link = AlsoReadLink(
                article=item.article, title=clean.title, url=url, target=target, order=order
            )
            placed.append((position, link))
    _resolve_waiting(run, placed)
    AlsoReadLink.objects.bulk_create(link for _, link in placed)


def _resolve_waiting(run, placed):
    """Point links still without a target at the first article of the run they name.

    That is, links already held that name an article of the run, and links of
    the run (``placed``: (position, link)) that name a later article of it,
    which did not exist yet when they were placed.
    """
    held = AlsoReadLink.objects.waiting_for(
        {item.record.headline for item in run}, {item.url for item in run if item.url}
    )
    held_links = [(-1, link) for link in held]
    words = {id(link): normalise_words(link.title) for _, link in [*held_links, *placed]}
    pointed = []
    for position, item in enumerate(run):
        wanted = normalise_words(item.record.headline)
        for placed_at, link in itertools.chain(held_links, placed):
            if placed_at >= position:
                break  # ``placed`` is in run order: the rest came later
            if link.target is not None:
                continue
            if (item.url and link.url == item.url) or words[id(link)] == wanted:
                link.target = item.article
                if link.pk is not None:
                    pointed.append(link)
    AlsoReadLink.objects.bulk_update(pointed, ["target"])
    indexing.mark_many_stale(Article, sorted({link.article_id for link in pointed}))


def _link_editorials(run, is_demo):
    """Link each article to its sidebar's editorials, stored once; return those created."""
    keys = {
        (editorial_slug(clean.title), clean.date)
        for item in run
        for clean in item.record.editorials
    }
    if not keys:
        return []
    known = {
        (editorial.slug, editorial.date): editorial
        for editorial in Editorial.objects.filter(slug__in={slug for slug, _ in keys})
    }
    created, changed, links = [], {}, {}
    for item in run:
        for clean in item.record.editorials:
            key = (editorial_slug(clean.title), clean.date)
            editorial = known.get(key)
            if editorial is None:
                fields = editorial_fields(clean, is_demo)
                editorial = known[key] = Editorial(slug=key[0], date=clean.date, **fields)
                created.append(editorial)
            elif add_detail(editorial, clean) and editorial.pk is not None:
                changed[editorial.pk] = editorial
            links[(id(item), key)] = (item, editorial)
    Editorial.objects.bulk_create(created)
    for editorial in changed.values():
        editorial.save()
    linked = Rows(Editorial.articles.through, "editorial", "article")
    for item, editorial in links.values():
        linked.add(editorial.pk, item.article.pk)
    linked.insert()
    return created


def _tag(run):
    rows = NewTags()
    for item in run:
        record = item.record
        found_countries, found_topics = item.evidence
        rows.add(
            item.article,
            resolve_topics(record.topics),
            resolve_countries(record.countries),
            with_countries(found_countries),
            found_topics,
        )
    rows.insert()
