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

import bisect
import datetime
import itertools
from collections import defaultdict
from typing import NamedTuple

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
from articles.ingest.tags import (
    new_article_tags,
    resolve_countries,
    resolve_topics,
    with_countries,
)
from articles.models import AlsoReadLink, Article, Caption, Editorial, TagEvidence
from articles.models.status import Status
from articles.search import indexing


def version_note(item):
    """What the report says of a ``CheckedRecord`` saved as a version of another article."""
    canonical = item.article.canonical if item.version_of is not None else None
    if canonical is None:
        return ""
    return f"a version of article #{canonical.pk} ({canonical.headline[:80]})"


class _Held(NamedTuple):
    """What a run needs of an article already held."""

    pk: int
    published: datetime.datetime
    slug: str
    content_hash: str
    canonical_id: int | None
    headline: str
    sketch: bytes  # as stored (PostgreSQL gives a memoryview)


def save_new(run, *, is_demo=False, batch=None):
    """Create the articles of ``run`` (``CheckedRecord``s of new articles, in import order).

    Call inside a transaction and ``indexing.gathered()``: a database error
    leaves the run's changes to be rolled back together. Sets each item's
    ``article``; returns the editorials created.
    """
    neighbours = _Neighbours([item.record.published for item in run])
    articles = []
    for item in run:
        record = item.record
        article = Article(is_demo=is_demo, status=record.status or Status.PUBLISHED)
        fill_fields(article, record, item.url, item.digest)
        article.shingle_sketch = item.sketch
        article.slug = neighbours.take_slug(record.slug or record.headline, record.published)
        item.article = article
        articles.append(article)
    neighbours.find_versions(run)
    Article.objects.bulk_create(articles)
    _point_at_canonicals(run)
    Caption.objects.bulk_create(
        Caption(
            article=item.article,
            text=caption.text,
            credit=caption.credit,
            photo_date=caption.photo_date,
            order=order,
        )
        for item in run
        for order, caption in enumerate(item.record.captions)
    )
    _save_links(run)
    created = _link_editorials(run, is_demo)
    if batch is not None and created:
        batch.created_editorials.add(*created)
    _tag(run)
    indexing.mark_many_stale(Article, [article.pk for article in articles])
    indexing.mark_many_stale(Editorial, [editorial.pk for editorial in created])
    return created


class _Neighbours:
    """The articles held within a version's window of a run's dates.

    They give the slugs taken on each day (the window covers the local day)
    and the candidates a record may be a version of. The run's own records
    join them as they are placed, as they would have been in the database.
    """

    def __init__(self, dates):
        rows = []
        fields = ("id", "published", "slug", "content_hash", "canonical_id", "headline")
        # A query a window: SQLite reads the whole date index for an OR of ranges.
        for span in _merged_windows(dates):
            held = Article.objects.filter(published__range=span)
            rows.extend(map(_Held._make, held.values_list(*fields, "shingle_sketch")))
        self.by_date = sorted(rows, key=lambda row: (row.published, row.pk))
        self.dates = [row.published for row in self.by_date]
        self.zone = timezone.get_current_timezone()
        self.taken = defaultdict(set)
        for row in rows:
            self.taken[row.published.astimezone(self.zone).date()].add(row.slug)

    def take_slug(self, text, published):
        taken = self.taken[published.astimezone(self.zone).date()]
        slug = free_slug(slug_base(text), taken)
        taken.add(slug)
        return slug

    def held_around(self, published):
        """Held rows within the version window of ``published``, in id order."""
        low = bisect.bisect_left(self.dates, published - variants.WINDOW)
        high = bisect.bisect_right(self.dates, published + variants.WINDOW)
        return sorted(self.by_date[low:high], key=lambda row: row.pk)

    def find_versions(self, run):
        """Set ``version_of`` on each item that is a version of an earlier article."""
        wanted = []
        for position, item in enumerate(run):
            record = item.record
            if not item.shingles:
                continue
            low, high = record.published - variants.WINDOW, record.published + variants.WINDOW
            # Held articles first: they have the lower ids, and the window is
            # cut at MAX_CANDIDATES in id order.
            earlier = [other for other in run[:position] if low <= other.record.published <= high]
            candidates = [*self.held_around(record.published), *earlier]
            mine = variants.sketch_values(item.sketch)
            window = candidates[: variants.MAX_CANDIDATES]
            close = [c for c in window if variants.may_resemble(mine, c.sketch)]
            wanted.append((item, close))
        shingles = variants.held_shingles(
            {c for _, candidates in wanted for c in candidates if isinstance(c, _Held)}
        )
        for item, candidates in wanted:
            pairs = (
                (c, shingles[c.pk] if isinstance(c, _Held) else c.shingles) for c in candidates
            )
            best = variants.most_alike(item.shingles, pairs)
            if best is not None:
                # Variants hang from one canonical article, never from each other.
                item.version_of = _canonical_of(best)


def _canonical_of(best):
    if isinstance(best, CheckedRecord):
        return best.version_of or best
    if best.canonical_id is None:
        return best
    return Article.objects.only("id", "headline").get(pk=best.canonical_id)


def _merged_windows(dates):
    spans = sorted((when - variants.WINDOW, when + variants.WINDOW) for when in dates)
    merged = []
    for low, high in spans:
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return [tuple(span) for span in merged]


def _point_at_canonicals(run):
    """Set each version's canonical, now that the run's own articles have ids."""
    versions = []
    for item in run:
        found = item.version_of
        if found is None:
            continue
        if isinstance(found, CheckedRecord):
            item.article.canonical = found.article
        elif isinstance(found, _Held):
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
    through = Editorial.articles.through
    through.objects.bulk_create(
        through(editorial_id=editorial.pk, article_id=item.article.pk)
        for item, editorial in links.values()
    )
    return created


def _tag(run):
    evidence, countries, topics = [], [], []
    for item in run:
        record = item.record
        found_countries, found_topics = item.evidence
        found, country_links, topic_links = new_article_tags(
            item.article,
            resolve_topics(record.topics),
            resolve_countries(record.countries),
            with_countries(found_countries),
            found_topics,
        )
        evidence.extend(found)
        countries.extend(country_links)
        topics.extend(topic_links)
    TagEvidence.objects.bulk_create(evidence)
    Article.countries.through.objects.bulk_create(countries)
    Article.topics.through.objects.bulk_create(topics)
