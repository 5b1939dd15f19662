"""The search page's facet lists and results-per-month table (articles/templatetags/search_tags.py)
write the markup the template loops they replaced wrote, escaped the same way."""

from django.template import Context, Template

from articles.search.query import FacetValue
from articles.templatetags.search_tags import facet_items, result_month_rows
from articles.tests.html_events import parsed

# The template loops the tags replaced, kept here as the reference.
FACETS = (
    "{% for item in items %}"
    '<li><a href="{{ item.href }}">{{ item.label }}</a> '
    '<span class="facet__count">{{ item.count }}</span></li>'
    "{% endfor %}"
)
ROWS = (
    "{% for year in timeline %}"
    '<tr><th scope="row"><a href="{{ year.href }}">{{ year.year }}</a> '
    '<span class="search-timeline__total">{{ year.count }}</span></th>'
    "{% for cell in year.months %}"
    '<td class="search-timeline__cell level-{{ cell.level }}">'
    "{% if cell.count %}"
    '<a href="{{ cell.href }}" title="{{ cell.label }} {{ year.year }}: {{ cell.count }} '
    'result{{ cell.count|pluralize }}">'
    '<span class="visually-hidden">{{ cell.label }} {{ year.year }}: </span>{{ cell.count }}</a>'
    "{% endif %}</td>"
    "{% endfor %}</tr>"
    "{% endfor %}"
)

HOSTILE = '"><script>alert(1)</script> & <b>'


def test_facet_items_equal_the_template_they_replaced():
    items = [
        FacetValue("pk", "Pakistan", 12, "?q=floods&country=pk"),
        FacetValue("x", HOSTILE, 1, f"?q={HOSTILE}"),
    ]
    ours = str(facet_items(items))
    assert parsed(ours) == parsed(Template(FACETS).render(Context({"items": items})))
    assert "<script>" not in ours and "&lt;script&gt;" in ours
    assert "&amp;country=pk" in ours
    assert str(facet_items([])) == ""


def test_month_rows_equal_the_template_they_replaced():
    def cell(month, count, level):
        return {
            "month": month,
            "label": HOSTILE if month == 2 else "Jan",
            "count": count,
            "level": level,
            "href": f"?q=a&from=2014-{month:02d}",
        }

    timeline = [
        {
            "year": 2014,
            "count": 13,
            "href": "?q=a&date=2014",
            "months": [cell(1, 12, 4), cell(2, 1, 1), *(cell(m, 0, 0) for m in range(3, 13))],
        },
        {
            "year": 2015,
            "count": 0,
            "href": "?q=a&date=2015",
            "months": [cell(m, 0, 0) for m in range(1, 13)],
        },
    ]
    ours = str(result_month_rows(timeline))
    assert parsed(ours) == parsed(Template(ROWS).render(Context({"timeline": timeline})))
    assert "<script>" not in ours
    assert 'title="Jan 2014: 12 results"' in ours and '1 result"' in ours
    assert ours.count("<td ") == 24
