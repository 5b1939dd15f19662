"""The server-drawn SVG: coverage charts, sparklines, the world map and their pages."""

import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template
from django.urls import reverse

from articles import charts
from articles.tests import factories as f

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def test_coverage_chart_bars_follow_the_counts_and_keep_gaps():
    chart = charts.coverage_chart(
        [("Defence", {(2014, 1): 4, (2014, 3): 2})],
        title="Coverage",
        link=lambda i, period: f"/x/{period.start:%Y-%m}",
    )

    assert not chart.by_year
    assert [row.label for row in chart.rows] == ["January 2014", "February 2014", "March 2014"]
    assert [row.counts for row in chart.rows] == [
        [(4, "/x/2014-01")],
        [(0, None)],
        [(2, "/x/2014-03")],
    ]
    tall, short = chart.bars
    assert (tall.count, short.count) == (4, 2)
    assert tall.height == pytest.approx(2 * short.height)
    assert tall.url == "/x/2014-01"
    assert "most in January 2014 (4)" in chart.desc


def test_long_spans_become_years_and_two_series_share_the_axis():
    first = {(2000, 5): 1, (2010, 2): 3}
    second = {(2000, 6): 2, (2010, 12): 1}
    chart = charts.coverage_chart([("A", first), ("B", second)], title="Two")

    assert chart.by_year
    assert len(chart.rows) == 11
    assert chart.rows[0].counts == [(1, None), (2, None)]
    assert chart.rows[-1].counts == [(3, None), (1, None)]
    assert {bar.series for bar in chart.bars} == {0, 1}


def test_chart_markup_escapes_names_and_links_and_parses_as_xml():
    hostile = '<script>alert("x")</script> & co'
    chart = charts.coverage_chart(
        [(hostile, {(2014, 1): 1500}), ("B", {(2014, 2): 1})],
        title=hostile,
        link=lambda i, period: f"/t/?a=1&b=<{i}>" if i == 0 else None,
    )
    template = Template('{% load chart_tags %}{% bar_chart chart "c" %}')
    html = template.render(Context({"chart": chart}))

    assert "<script>" not in html
    figure = ET.fromstring(html)  # well-formed: every outside value escaped once
    svg = figure.find("svg")
    assert svg.find("title").text == hostile
    (link,) = svg.iter("a")
    assert link.get("href") == "/t/?a=1&b=<0>"
    assert link.get("aria-label") == f"{hostile}, January 2014: 1500 articles"
    assert [t.text for t in svg.iter("title")][1:] == ["January 2014: 1,500", "February 2014: 1"]
    cells = [[td.findtext(".//a") or td.text for td in tr.iter("td")] for tr in figure.iter("tr")]
    assert cells[1:] == [["1,500", "0"], ["0", "1"]]


def test_empty_series_draws_nothing():
    assert charts.coverage_chart([("A", {})], title="None") is None
    assert charts.sparkline([0, 0], [2001, 2002]) is None


def test_tile_positions_are_unique_and_cover_most_countries():
    positions = charts.tile_positions()

    assert len(positions) > 200
    assert len(set(positions.values())) == len(positions)
    # Pakistan sits east of Egypt and north of Australia, as on a globe.
    assert positions["PK"][0] > positions["EG"][0]
    assert positions["PK"][1] < positions["AU"][1]


def test_timeline_chart_is_accessible_svg_with_table_and_month_links(client):
    defence = f.topic("Defence")
    f.article("One", published=f.when(2014, 1, 5), topics=[defence])
    f.article("Two", published=f.when(2014, 3, 5), topics=[defence])

    response = client.get(defence.get_absolute_url())
    html = response.content.decode()

    start = html.index('<svg class="chart__svg"')
    svg = ET.fromstring(html[start : html.index("</svg>", start) + 6])
    # Not an image: an image may not hold the links its bars are.
    assert svg.get("role") is None
    title, desc = svg.find("title"), svg.find("desc")
    assert title.text == "Coverage of Defence" and "January 2014" in desc.text
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    links = [a.get("href") for a in svg.iter("a")]
    assert links == ["/topics/defence/#m2014-01", "/topics/defence/#m2014-03"]
    assert '<table class="data-table">' in html and '<th scope="row">February 2014</th>' in html


def test_compare_puts_two_topics_on_one_chart(client):
    defence, economy = f.topic("Defence"), f.topic("Economy")
    f.article("D", published=f.when(2014, 1, 5), topics=[defence])
    f.article("E1", published=f.when(2014, 2, 5), topics=[economy])
    f.article("E2", published=f.when(2014, 2, 6), topics=[economy])

    response = client.get(defence.get_absolute_url(), {"compare": "economy"})

    chart = response.context["chart"]
    assert chart.series == ["Defence", "Economy"]
    assert [row.counts[1][0] for row in chart.rows] == [0, 2]
    economy_bar = next(b for b in chart.bars if b.series == 1)
    assert economy_bar.url == "/topics/economy/?from=2014-02-01&to=2014-02-28"
    # The list itself is still Defence only.
    assert [a.headline for a in response.context["articles"]] == ["D"]
    assert '<option value="economy" selected>Economy</option>' in response.content.decode()


def test_compare_two_countries_and_unknown_compare(client):
    f.article("P", published=f.when(2014, 1, 5), countries=["PK"])
    f.article("I", published=f.when(2014, 1, 6), countries=["IN"])
    url = reverse("articles:country-timeline", kwargs={"code": "pk"})

    good = client.get(url, {"compare": "in"})
    bad = client.get(url, {"compare": "nowhere"})

    assert good.context["chart"].series == ["Pakistan", "India"]
    assert bad.status_code == 200 and bad.context["compare_unknown"]
    assert "nothing called “nowhere”" in bad.content.decode()


def test_topic_list_has_sparklines(client):
    defence = f.topic("Defence")
    f.article(published=f.when(2012, 1, 1), topics=[defence])
    f.article(published=f.when(2014, 1, 1), topics=[defence])
    f.article(published=f.when(2014, 2, 1), topics=[defence])

    response = client.get(reverse("articles:topic-list"))

    (topic,) = response.context["topics"]
    assert topic.sparkline.title == "3 articles from 2012 to 2014; busiest 2014 with 2."
    assert 'class="sparkline"' in response.content.decode()


def test_world_map_links_only_covered_countries(client):
    f.article(countries=["PK"])
    f.article(countries=["PK", "FR"])

    response = client.get(reverse("articles:country-list"))
    html = response.content.decode()

    start = html.index('<svg class="world-map__svg"')
    svg = ET.fromstring(html[start : html.index("</svg>", start) + 6])
    hrefs = sorted(a.get("href") for a in svg.iter("a"))
    assert hrefs == ["/countries/fr/", "/countries/pk/"]
    titles = [t.text for t in svg.iter("title")]
    assert "Pakistan: 2" in titles and "France: 1" in titles
    assert "Afghanistan: no coverage" in titles


def test_chart_bars_keep_the_filters_and_open_the_page_of_their_month(client, settings):
    settings.NEWSARCHIVE = {**settings.NEWSARCHIVE, "ARTICLES_PER_PAGE": 2}
    defence = f.topic("Defence")
    for month in (1, 1, 2, 3):
        f.article(published=f.when(2014, month, 5), topics=[defence], countries=["PK"])

    response = client.get(defence.get_absolute_url(), {"country": "pk", "page": 2})

    # Newest first: March and February on page 1, both January articles on page 2.
    path = defence.get_absolute_url()
    assert {bar.url for bar in response.context["chart"].bars if bar.url} == {
        f"{path}?country=pk#m2014-03",
        f"{path}?country=pk#m2014-02",
        f"{path}?country=pk&page=2#m2014-01",
    }
