"""The timeline's index of years and months, and its page of articles by year, month and day.

A timeline of thirty years lists 360 months, each a link with a count: as a
template loop that was a quarter of the page's time, so the list is written
here, every outside value escaped as the template would have (the standard
library's ``escape``, which Django's calls after a check for lazy strings).
The page's own groups are written the same way: as nested template loops
their headings (three dates formatted a day) cost more than the cards in them.
"""

from html import escape

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.safestring import mark_safe

from articles.templatetags.card_tags import article_card

register = template.Library()

# What a month begun on an earlier page says after its name.
CONTINUED = ' <span class="note">(continued)</span>'


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


@register.simple_tag
def timeline_groups(groups, current_page):
    """The page's ``YearGroup``s as nested sections: year, month, day, then the cards.

    Dates are written from Django's own month and weekday names, as the
    ``date`` filter writes "F Y", "l j F" and "j F Y".
    """
    months = {number: escape(name) for number, name in MONTHS.items()}
    weekdays = {number: escape(name) for number, name in WEEKDAYS.items()}
    parts = []
    for year in groups:
        parts.append(
            f'<section class="timeline__year" aria-labelledby="{year.anchor}">'
            f'<h2 id="{year.anchor}" class="timeline__year-heading">{year.year} '
            f"{_count_span(year.count)}</h2>"
        )
        for month in year.months:
            start = month.start
            continued = CONTINUED if month.page < current_page else ""
            parts.append(
                f'<section class="timeline__month" aria-labelledby="{month.anchor}">'
                f'<h3 id="{month.anchor}" class="timeline__month-heading">'
                f"{months[start.month]} {start.year}{continued} {_count_span(month.count)}</h3>"
            )
            for day in month.days:
                when = day.day
                parts.append(
                    f'<section class="timeline__day" aria-label="{when.day} {months[when.month]} '
                    f'{when.year}"><h4 class="timeline__day-heading">'
                    f'<time datetime="{when.isoformat()}">{weekdays[when.weekday()]} {when.day} '
                    f"{months[when.month]}</time> {_count_span(day.count)}</h4>"
                    '<div class="card-list">'
                )
                parts.extend(article_card(article, heading_level=5) for article in day.articles)
                parts.append("</div></section>")
            parts.append("</section>")
        parts.append("</section>")
    return mark_safe("".join(parts))  # noqa: S308 - every outside value is escaped above


def _count_span(n):
    return f'<span class="count">{_count(n)} {_articles(n)}</span>'


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
