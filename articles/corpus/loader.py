"""Write generated records straight into the database, a thousand at a time.

The importer checks each record and looks for duplicates, variants and
links: right for real content, more than a million synthetic articles need.
Here every batch is a few ``bulk_create`` calls in one transaction. No
signals fire, so no index tasks are recorded: build the index afterwards with
``manage.py rebuild_index``.
"""

import contextlib
import hashlib
import itertools
import time
from datetime import date, datetime

from django.db import transaction
from django.utils.text import slugify

from articles import planner
from articles.corpus.generator import topic_rows
from articles.countries import ensure_countries
from articles.fields import SanitizedHTMLField
from articles.ingest import variants
from articles.ingest.identity import normalise_words
from articles.models import Article, Caption, Country, Editorial, Topic


def generated_content_hash(headline, body_html):
    """``identity.content_hash`` for the generator's markup, without an HTML parser.

    Generated bodies are bare ``<p>`` paragraphs of letters and punctuation, so
    their visible text is the paragraphs joined; a test holds the two equal.
    """
    text = body_html.removeprefix("<p>").removesuffix("</p>").replace("</p><p>", " ")
    digest = normalise_words(headline) + "\n" + normalise_words(text)
    return hashlib.sha256(digest.encode("utf-8")).hexdigest()


@contextlib.contextmanager
def generated_markup_is_clean():
    """Skip the sanitizer's second pass over the generator's bodies.

    Sanitizing is most of the cost of a bulk load, and the generator only
    writes markup the sanitizer returns unchanged (a test checks this). The
    command that calls this runs alone in its process, so nothing else saves
    while the field's hook is replaced.
    """
    original = SanitizedHTMLField.pre_save
    SanitizedHTMLField.pre_save = lambda self, instance, add: getattr(instance, self.attname)
    try:
        yield
    finally:
        SanitizedHTMLField.pre_save = original


def ensure_topics():
    """{slug: pk} for the corpus topics, creating the missing ones."""
    rows = topic_rows()
    existing = set(Topic.objects.values_list("slug", flat=True))
    Topic.objects.bulk_create(Topic(**row) for row in rows if row["slug"] not in existing)
    return dict(Topic.objects.values_list("slug", "pk"))


class BulkLoader:
    def __init__(self, batch_size=1000, is_demo=True):
        self.batch_size = batch_size
        self.is_demo = is_demo
        self.topics = ensure_topics()
        ensure_countries(Country)  # normally made by a migration; a flushed database lacks them
        self.countries = dict(Country.objects.values_list("code", "pk"))
        self.editorials = {
            (slug, day): pk for pk, slug, day in Editorial.objects.values_list("pk", "slug", "date")
        }

    def load(self, records, progress=None):
        """Load ``(location, record)`` pairs; return how many articles were made."""
        total = 0
        records = iter(records)
        while batch := [record for _, record in itertools.islice(records, self.batch_size)]:
            with transaction.atomic():
                self._load_batch(batch)
            total += len(batch)
            if progress:
                progress(total)
        return total

    def _editorial_pk(self, item, new):
        day = date.fromisoformat(item["date"])
        key = ((slugify(item["title"]) or "editorial")[:200], day)
        if key not in self.editorials and key not in new:
            new[key] = Editorial(
                title=item["title"],
                slug=key[0],
                date=day,
                date_is_updated=item["updated"],
                teaser=item["teaser"] or "",
                url=item["url"] or "",
                is_demo=self.is_demo,
            )
        return key

    def _load_batch(self, batch):
        new_editorials = {}
        articles = []
        for record in batch:
            article = Article(
                headline=record["headline"],
                slug=slugify(record["headline"])[:200].strip("-") or "article",
                published=datetime.fromisoformat(record["published"]),
                dateline=record["dateline"],
                byline=record["byline"],
                source=record["source"],
                section=record["section"],
                summary=record["summary"],
                body=record["body_html"],
                is_demo=self.is_demo,
            )
            article.content_hash = generated_content_hash(article.headline, article.body)
            article.shingle_sketch = variants.sketch(
                variants.text_shingles(article.headline, article.body)
            )
            articles.append(article)
            for item in record["editorials"]:
                self._editorial_pk(item, new_editorials)
        if new_editorials:
            Editorial.objects.bulk_create(new_editorials.values())
            self.editorials.update((key, e.pk) for key, e in new_editorials.items())
        # SQLite (3.35+) and PostgreSQL both return the new primary keys.
        with generated_markup_is_clean():
            Article.objects.bulk_create(articles)
        captions, topics, countries, editorials = [], [], [], []
        for article, record in zip(articles, batch, strict=True):
            for order, caption in enumerate(record["captions"]):
                captions.append(
                    Caption(
                        article_id=article.pk,
                        text=caption["text"],
                        credit=caption["credit"] or "",
                        photo_date=caption["photo_date"],
                        order=order,
                    )
                )
            topics += [
                Article.topics.through(article_id=article.pk, topic_id=self.topics[slug])
                for slug in record["topics"]
            ]
            countries += [
                Article.countries.through(article_id=article.pk, country_id=self.countries[code])
                for code in record["countries"]
            ]
            editorials += [
                Editorial.articles.through(
                    article_id=article.pk,
                    editorial_id=self.editorials[self._editorial_pk(item, {})],
                )
                for item in record["editorials"]
            ]
        Caption.objects.bulk_create(captions)
        Article.topics.through.objects.bulk_create(topics)
        Article.countries.through.objects.bulk_create(countries)
        Editorial.articles.through.objects.bulk_create(editorials)


def load_corpus(records, batch_size=1000, progress=None):
    """Bulk-load ``records``; return (count, seconds)."""
    started = time.monotonic()
    count = BulkLoader(batch_size).load(records, progress)
    planner.refresh_after(count)
    return count, time.monotonic() - started
