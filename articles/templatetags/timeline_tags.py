"""The timeline's index of years and months.

A timeline of thirty years lists 360 months, each a link with a count: as a
template loop that was a quarter of the page's time, so the list is written
here, escaped by ``format_html`` as the template would have.
"""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.dates import MONTHS
from django.utils.html import format_html, format_html_join

register = template.Library()

MONTH_ITEM = (
    '<li><a href="{}">{}</a> <span class="count">{}'
    '<span class="visually-hidden"> {}</span></span></li>'
)
YEAR_ITEM = (
    '<li><span class="timeline-summary__year">{} <span class="count">{}</span></span>'
    "<ol>{}</ol></li>"
)


@register.simple_tag
def month_index(summary):
    """``<ol>`` of the years in ``summary`` (``YearGroup``s), each with its months."""
    names = {number: str(name) for number, name in MONTHS.items()}

    def months(year):
        return format_html_join(
            "",
            MONTH_ITEM,
            (
                (m.href, names[m.start.month], intcomma(m.count), _articles(m.count))
                for m in year.months
            ),
        )

    years = format_html_join(
        "", YEAR_ITEM, ((y.year, intcomma(y.count), months(y)) for y in summary)
    )
    return format_html("<ol>{}</ol>", years)


def _articles(count):
    return "article" if count == 1 else "articles"


@register.simple_tag
def options(choices):
    """``<option>``s for a timeline's choices: ``value``, ``name``, ``selected``, maybe ``count``.

    A topic's "narrow to a country" list has up to 250 of them.
    """
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (
                choice["value"],
                " selected" if choice["selected"] else "",
                f"{choice['name']} ({intcomma(choice['count'])})"
                if "count" in choice
                else choice["name"],
            )
            for choice in choices
        ),
    )
