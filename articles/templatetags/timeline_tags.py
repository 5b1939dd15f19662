"""The timeline's index of years and months.

A timeline of thirty years lists 360 months, each a link with a count: as a
template loop that was a quarter of the page's time, so the list is written
here, every outside value escaped as the template would have (the standard
library's ``escape``, which Django's calls after a check for lazy strings).
"""

from html import escape

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def month_index(summary):
    """``<ol>`` of the years in ``summary`` (``YearGroup``s), each with its months.

    Built as one string: the links (which carry the request's query string)
    are escaped; years, counts and Django's month names are our own.
    """
    names = {number: escape(name) for number, name in MONTHS.items()}
    parts = ["<ol>"]
    for year in summary:
        parts.append(
            f'<li><span class="timeline-summary__year">{year.year} '
            f'<span class="count">{_count(year.count)}</span></span><ol>'
        )
        for month in year.months:
            parts.append(
                f'<li><a href="{escape(month.href)}">{names[month.start.month]}</a> '
                f'<span class="count">{_count(month.count)}'
                f'<span class="visually-hidden"> {_articles(month.count)}</span></span></li>'
            )
        parts.append("</ol></li>")
    parts.append("</ol>")
    return mark_safe("".join(parts))  # noqa: S308 - every outside value is escaped above


def _count(n):
    # No language groups the digits of a number under 1,000; intcomma is slow.
    return str(n) if n < 1000 else escape(intcomma(n))


def _articles(count):
    return "article" if count == 1 else "articles"


@register.simple_tag
def options(choices):
    """``<option>``s for a timeline's choices: ``value``, ``name``, ``selected``, maybe ``count``.

    A topic's "narrow to a country" list has up to 250 of them: written as
    one string, names and values escaped, like ``month_index``.
    """
    parts = []
    for choice in choices:
        label = escape(choice["name"])
        if "count" in choice:
            label = f"{label} ({_count(choice['count'])})"
        selected = " selected" if choice["selected"] else ""
        parts.append(f'<option value="{escape(choice["value"])}"{selected}>{label}</option>')
    return mark_safe("".join(parts))  # noqa: S308 - every outside value is escaped above
