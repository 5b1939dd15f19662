"""The search page's long lists, written in Python.

A search over a long archive shows a table of up to 30 years × 12 months and
up to 250 country facets: as template loops these were a third of the page's
time. The markup is the same as a template would write, escaped by
``format_html``.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def facet_items(items):
    """``<li>``s of facet links: each ``FacetValue``'s label, link and count."""
    return format_html_join(
        "",
        '<li><a href="{}">{}</a> <span class="facet__count">{}</span></li>',
        ((item.href, item.label, item.count) for item in items),
    )


@register.simple_tag
def result_month_rows(timeline):
    """The ``<tr>``s of the results-per-month table: a year's total, then its twelve months."""
    rows = []
    for year in timeline:
        cells = [
            format_html(
                '<tr><th scope="row"><a href="{}">{}</a> '
                '<span class="search-timeline__total">{}</span></th>',
                year["href"],
                year["year"],
                year["count"],
            )
        ]
        for cell in year["months"]:
            link = ""
            if cell["count"]:
                link = format_html(
                    '<a href="{}" title="{} {}: {} result{}">'
                    '<span class="visually-hidden">{} {}: </span>{}</a>',
                    cell["href"],
                    cell["label"],
                    year["year"],
                    cell["count"],
                    "" if cell["count"] == 1 else "s",
                    cell["label"],
                    year["year"],
                    cell["count"],
                )
            cells.append(
                format_html(
                    '<td class="search-timeline__cell level-{}">{}</td>', cell["level"], link
                )
            )
        cells.append("</tr>")
        rows.append("".join(cells))
    return mark_safe("".join(rows))  # noqa: S308 - each piece is format_html's
