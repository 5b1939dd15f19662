"""Turning the topics and countries a record names into rows, and adding automatic ones."""

from django.utils.text import slugify

from articles.countries import ensure_countries
from articles.ingest.validation import RecordError
from articles.models import Country, Topic
from articles.sanitize import strip_tags
from articles.tagging import countries_in, country_code_for, topics_in


def _topic_name(value):
    # A bare slug ("climate-change") makes a poor display name.
    if value == slugify(value):
        return value.replace("-", " ").capitalize()
    return value


def resolve_topics(values):
    """Topics named by slug or name (any case); unknown ones are created."""
    topics = []
    for value in values:
        slug = slugify(value)
        if not slug:
            raise RecordError(f"topic {value!r} has no letters or digits to make a slug from")
        topic = (
            Topic.objects.filter(slug=slug).first()
            or Topic.objects.filter(name__iexact=value).first()
        )
        if topic is None:
            topic = Topic.objects.create(name=_topic_name(value)[:100], slug=slug[:100])
        topics.append(topic)
    return topics


def countries_for_codes(codes):
    """Country rows for alpha-2 codes, creating the ISO rows if they are missing."""
    codes = set(codes)
    found = list(Country.objects.filter(code__in=codes))
    if len(found) < len(codes):
        ensure_countries(Country)
        found = list(Country.objects.filter(code__in=codes))
    return found


def resolve_countries(values):
    codes = set()
    for value in values:
        code = country_code_for(value)
        if code is None:
            raise RecordError(f"unknown country {value!r} (use an ISO code or an English name)")
        codes.add(code)
    return countries_for_codes(codes)


def automatic_tags(article, caption_texts):
    """(countries, topics) the article's own words call for."""
    text = "\n\n".join([article.headline, strip_tags(article.body), *caption_texts])
    countries = countries_for_codes(countries_in(text, article.dateline))
    topics = topics_in(text, Topic.objects.exclude(keywords=""))
    return countries, topics
