"""Small presentation helpers for the archive's templates."""

import html
import re

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator

register = template.Library()

# Ends of block elements: without a space here, stripping tags would glue
# the last word of one paragraph to the first word of the next.
BLOCK_END = re.compile(r"(</(?:p|li|h[1-6]|blockquote|div)>|<br\s*/?>)", re.IGNORECASE)

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

    Bodies are stored as sanitised HTML, so tags are dropped and entities
    decoded here; autoescaping then escapes the plain text exactly once.
    """
    text = getattr(item, "summary", "") or getattr(item, "body", "") or ""
    text = strip_tags(BLOCK_END.sub(r"\1 ", text))
    text = " ".join(html.unescape(text).split())
    return Truncator(text).words(int(count), truncate=" …")
