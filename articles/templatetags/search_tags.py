"""The search page's long lists, written in Python.

A search over a long archive shows a table of up to 30 years × 12 months and
up to 250 country facets: as template loops these were a third of the page's
time, and written with ``format_html`` (which checks every value for lazy
strings and safe markup) still a third. The markup is the same a template
would write: every value escaped with the standard library's ``escape``,
which is what Django's calls; none of them is markup of its own.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def facet_items(items):
    """``<li>``s of facet links: each ``FacetValue``'s label, link and count."""
    return mark_safe(  # noqa: S308 - every value is escaped here
        "".join(
            f'<li><a href="{escape(item.href)}">{escape(str(item.label))}</a> '
            f'<span class="facet__count">{escape(str(item.count))}</span></li>'
            for item in items
        )
    )


@register.simple_tag
def result_month_rows(timeline):
    """The ``<tr>``s of the results-per-month table: a year's total, then its twelve months."""
    rows = []
    for year in timeline:
        number = escape(str(year["year"]))
        rows.append(
            f'<tr><th scope="row"><a href="{escape(year["href"])}">{number}</a> '
            f'<span class="search-timeline__total">{escape(str(year["count"]))}</span></th>'
        )
        for cell in year["months"]:
            link = ""
            count = cell["count"]
            if count:
                label, shown = escape(str(cell["label"])), escape(str(count))
                results = "result" if count == 1 else "results"
                link = (
                    f'<a href="{escape(cell["href"])}" title="{label} {number}: {shown} {results}">'
                    f'<span class="visually-hidden">{label} {number}: </span>{shown}</a>'
                )
            rows.append(
                f'<td class="search-timeline__cell level-{escape(str(cell["level"]))}">{link}</td>'
            )
        rows.append("</tr>")
    return mark_safe("".join(rows))  # noqa: S308 - every value is escaped here
