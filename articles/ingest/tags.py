"""Turning the topics and countries a record names into rows, and adding automatic ones.

An import of many records looks up the same few topics and countries again
and again; inside ``cached()`` (which the importer opens for a run) rows
found once are remembered for the rest of the run. Rows created during the
run are not remembered until they are found again: the record that created
one may still roll back.
"""

import contextlib
import contextvars

from django.utils.text import slugify

from articles.countries import ensure_countries
from articles.ingest.validation import RecordError
from articles.models import Article, Country, TagEvidence, TagVerdict, Topic
from articles.rows import Rows
from articles.sanitize import sanitized_text
from articles.tagging import country_code_for, country_evidence, topic_evidence


class _RunCache:
    def __init__(self):
        self.topics = {}  # slug or casefolded name → Topic
        self.countries = None  # code → Country


_run = contextvars.ContextVar("tag_cache", default=None)


@contextlib.contextmanager
def cached():
    """Remember topic and country rows until the block ends."""
    token = _run.set(_RunCache())
    try:
        yield
    finally:
        _run.reset(token)


def forget():
    """Drop what ``cached()`` remembers so far.

    For a caller whose transaction rolled back: a row found inside it may
    have been created there too, and be gone.
    """
    if _run.get() is not None:
        _run.set(_RunCache())


def _find_topic(slug, value):
    cache = _run.get()
    if cache is not None:
        found = cache.topics.get(("slug", slug)) or cache.topics.get(("name", value.casefold()))
        if found is not None:
            return found
    topic = (
        Topic.objects.filter(slug=slug).first() or Topic.objects.filter(name__iexact=value).first()
    )
    if topic is not None and cache is not None:
        cache.topics[("slug", slug)] = cache.topics[("name", value.casefold())] = topic
    return topic


def _topic_name(value):
    # A bare slug ("climate-change") makes a poor display name.
    if value == slugify(value):
        return value.replace("-", " ").capitalize()
    return value


def _topic_slug(value):
    slug = slugify(value)
    if not slug:
        raise RecordError(f"topic {value!r} has no letters or digits to make a slug from")
    return slug


def check_topics(values):
    """Raise the ``RecordError`` that ``resolve_topics`` would, without touching the database."""
    for value in values:
        _topic_slug(value)


def resolve_topics(values):
    """Topics named by slug or name (any case); unknown ones are created."""
    topics = []
    for value in values:
        slug = _topic_slug(value)
        topic = _find_topic(slug, value)
        if topic is None:
            topic = Topic.objects.create(name=_topic_name(value)[:100], slug=slug[:100])
        topics.append(topic)
    return topics


def countries_for_codes(codes):
    """Country rows for alpha-2 codes, creating the ISO rows if they are missing."""
    codes = set(codes)
    cache = _run.get()
    if cache is not None:
        if cache.countries is None:
            cache.countries = {c.code: c for c in Country.objects.all()}
        if codes <= cache.countries.keys():
            return [cache.countries[code] for code in codes]
        # Rows created now may yet roll back with this record: not cached.
        cache.countries = None
    found = list(Country.objects.filter(code__in=codes))
    if len(found) < len(codes):
        ensure_countries(Country)
        found = list(Country.objects.filter(code__in=codes))
    return found


def country_codes(values):
    """The alpha-2 codes of countries named by code or English name (no database)."""
    codes = set()
    for value in values:
        code = country_code_for(value)
        if code is None:
            raise RecordError(f"unknown country {value!r} (use an ISO code or an English name)")
        codes.add(code)
    return codes


def resolve_countries(values):
    return countries_for_codes(country_codes(values))


def keyword_topics():
    """The topics with keyword rules (an import reads them once, before its records)."""
    return list(Topic.objects.exclude(keywords=""))


def evidence_in(headline, body, dateline, caption_texts, topics):
    """({code: Evidence}, [(Topic, Evidence)]): what an article's words say of its tags.

    ``body`` is sanitized markup; ``topics`` the topics with keyword rules.
    Asks no database, so an import's checking workers can do it.
    """
    text = "\n\n".join([headline, sanitized_text(body), *caption_texts])
    return country_evidence(text, dateline), topic_evidence(text, topics)


def with_countries(found):
    """[(Country, Evidence)] in code order, for ``evidence_in``'s {code: Evidence}."""
    countries = [(c, found[c.code]) for c in countries_for_codes(found)]
    return sorted(countries, key=lambda pair: pair[0].code)


def apply_tags(article, named_topics, named_countries, auto_countries, auto_topics, *, new=False):
    """Add named and automatic tags, recording evidence; rejected tags stay off.

    An editor's rejection is a verdict on this article, so it holds against the
    text and against a file that names the tag again.  Tags are only added,
    never removed: the others may be an editor's work. ``new``: the article
    was created in this transaction, so it has no tags or verdicts yet.
    """
    if new:
        rows = NewTags()
        rows.add(article, named_topics, named_countries, auto_countries, auto_topics)
        rows.insert()
        return
    verdicts = {
        (row.country_id, row.topic_id): row for row in TagEvidence.objects.filter(article=article)
    }

    def rejected(country=None, topic=None):
        row = verdicts.get((country and country.pk, topic and topic.pk))
        return row is not None and row.verdict == TagVerdict.REJECTED

    new_rows = []

    def record(evidence, country=None, topic=None):
        row = verdicts.get((country and country.pk, topic and topic.pk))
        if row is None:
            new_rows.append(_evidence_row(article, evidence, country=country, topic=topic))
        elif row.verdict == TagVerdict.AUTO and (
            row.sentence != evidence.sentence or row.confidence != evidence.confidence
        ):
            row.sentence, row.confidence = evidence.sentence, evidence.confidence
            row.matched = evidence.matched[:200]
            row.save(update_fields=["sentence", "confidence", "matched", "modified"])

    for country, evidence in auto_countries:
        if not rejected(country=country):
            record(evidence, country=country)
    for topic, evidence in auto_topics:
        if not rejected(topic=topic):
            record(evidence, topic=topic)
    TagEvidence.objects.bulk_create(new_rows)
    countries = {c for c in named_countries if not rejected(country=c)}
    countries |= {c for c, _ in auto_countries if not rejected(country=c)}
    topics = {t for t in named_topics if not rejected(topic=t)}
    topics |= {t for t, _ in auto_topics if not rejected(topic=t)}
    article.countries.add(*countries)
    article.topics.add(*topics)


class NewTags:
    """The rows that tag just-created articles, inserted together.

    What ``apply_tags`` does for an article with no tags or verdicts yet,
    without asking which exist, so that many articles' rows can be inserted
    together. Inserting them sends no m2m_changed: the article's own save (or
    the importer, for a run saved in bulk) marks it for the index.
    """

    def __init__(self):
        self.evidence = Rows(
            TagEvidence, "article", "country", "topic", "sentence", "matched", "confidence"
        )
        self.countries = Rows(Article.countries.through, "article", "country")
        self.topics = Rows(Article.topics.through, "article", "topic")

    def add(self, article, named_topics, named_countries, auto_countries, auto_topics):
        for country, found in auto_countries:
            self.evidence.add(article.pk, country.pk, None, *_evidence_values(found))
        for topic, found in auto_topics:
            self.evidence.add(article.pk, None, topic.pk, *_evidence_values(found))
        countries = {*named_countries, *(country for country, _ in auto_countries)}
        for pk in sorted(country.pk for country in countries):
            self.countries.add(article.pk, pk)
        topics = {*named_topics, *(topic for topic, _ in auto_topics)}
        for pk in sorted(topic.pk for topic in topics):
            self.topics.add(article.pk, pk)

    def insert(self):
        self.evidence.insert()
        self.countries.insert()
        self.topics.insert()


def _evidence_values(evidence):
    return evidence.sentence, evidence.matched[:200], evidence.confidence


def _evidence_row(article, evidence, *, country=None, topic=None):
    sentence, matched, confidence = _evidence_values(evidence)
    return TagEvidence(
        article=article,
        country=country,
        topic=topic,
        sentence=sentence,
        matched=matched,
        confidence=confidence,
    )
