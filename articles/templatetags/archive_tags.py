"""Small presentation helpers for the archive's templates."""

from django import template
from django.utils.text import Truncator

from articles.sanitize import sanitized_text

register = template.Library()

# Which header link a page belongs under, keyed by URL name.
SECTIONS = {
    "home": "home",
    "article-list": "home",
    "article-detail": "home",
    "topic-list": "topics",
    "topic-timeline": "topics",
    "country-list": "countries",
    "country-timeline": "countries",
    "editorial-list": "editorials",
    "editorial-detail": "editorials",
    "search": "search",
    "archive-index": "archive",
    "archive-year": "archive",
    "archive-month": "archive",
    "archive-day": "archive",
}


@register.simple_tag(takes_context=True)
def current_section(context):
    """The header section of the page being shown, or "" (e.g. on a 404)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return SECTIONS.get(match.url_name, "") if match else ""


@register.filter
def first_words(item, count=40):
    """A plain-text taster of an article: its summary, else the start of its body.

    A summary is plain text already (templates escape it); a body is stored
    as sanitized HTML, so its tags are dropped and entities decoded here, and
    autoescaping then escapes the text exactly once. Summaries are not parsed
    as HTML: Python 3.11's parser raises on some broken markup (a summary
    quoting "<![><img …" made every list showing it fail).
    """
    text = getattr(item, "summary", "") or sanitized_text(getattr(item, "body", "") or "")
    text = " ".join(text.split())
    return Truncator(text).words(int(count), truncate=" …")
