"""Search through the real Whoosh index, as the search page and API use it."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from haystack.query import SearchQuerySet

from articles.models import Article
from articles.search.indexing import deferred
from articles.tests import factories as f
from articles.tests.shared_data import require


@pytest.fixture
def archive(search_index):
    return f.four_stories()


def found(sqs):
    return {r.object for r in sqs}


def test_index_follows_saves_and_deletes(archive):
    article = archive["shoigu"]
    assert found(SearchQuerySet().auto_query("Shoigu")) == {article}

    article.headline = "Visit by Kremlin envoy"
    article.save()
    assert found(SearchQuerySet().auto_query("Kremlin")) == {article}

    article.delete()
    assert found(SearchQuerySet().auto_query("Shoigu")) == set()


def test_drafts_leave_the_index(archive):
    article = archive["floods"]
    article.status = "draft"
    article.save()
    assert found(SearchQuerySet().auto_query("monsoon")) == set()
    article.status = "published"
    article.save()
    assert found(SearchQuerySet().auto_query("monsoon")) == {article}


def test_captions_and_tags_reach_the_index(archive):
    article = archive["floods"]
    article.captions.create(text="Stranded lorries near Gilgit", credit="AFP")
    assert found(SearchQuerySet().auto_query("lorries")) == {article}
    article.topics.add(f.topic("Transport"))
    assert found(SearchQuerySet().filter(topics="transport")) == {article}


def test_rolled_back_save_leaves_no_ghost(search_index):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        f.article("Ghost story about zeppelins")
        raise RuntimeError("roll back")
    assert Article.objects.count() == 0
    assert list(SearchQuerySet().auto_query("zeppelins")) == []


def test_deferred_block_indexes_once_at_the_end(search_index):
    with deferred():
        f.article("Batch one about quinoa")
        f.article("Batch two about quinoa")
        assert list(SearchQuerySet().auto_query("quinoa")) == []
    assert SearchQuerySet().auto_query("quinoa").count() == 2


def test_facets_are_real_slugs_and_codes(archive):
    sqs = SearchQuerySet().all().facet("topics").facet("countries").facet("type").facet("year")
    fields = sqs.facet_counts()["fields"]
    # None counts the documents without the field (the editorial has no topics).
    assert dict(fields["topics"]) == {"defence": 2, "climate-change": 1, None: 1}
    assert dict(fields["countries"]) == {"pk": 2, "ru": 1, "in": 1, None: 1}
    assert dict(fields["type"]) == {"article": 3, "editorial": 1}
    assert dict(fields["year"])["2015"] == 2


def test_unaligned_slices_return_the_right_rows(search_index):
    with deferred():
        for day in range(1, 13):
            f.article(f"Harvest report {day}", published=f.when(2020, 1, day))
    ordered = SearchQuerySet().auto_query("harvest").order_by("-published")
    everything = [r.pk for r in ordered]
    assert len(everything) == 12
    assert [r.pk for r in ordered.all()[5:9]] == everything[5:9]


def test_headline_match_outranks_body_match(search_index):
    body_only = f.article("Budget approved", body="<p>Wheat prices were discussed.</p>")
    in_headline = f.article("Wheat prices rise", body="<p>The budget was discussed.</p>")
    ranked = [r.object for r in SearchQuerySet().auto_query("wheat")]
    assert ranked == [in_headline, body_only]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "x" * 5000,
        '"((( [[ ** ~~ ::',
        "AND OR NOT TO",
        "%FF%FE",
        "headline:",
        "<script>alert(1)</script>",
        "\u202e\u0000null",
        "*",
        "-",
        '"',
        "()",
        ")))(((",
        "NOT NOT NOT",
        "date:",
        "date:0000-00-00",
        "date:99999",
        "date:0500..0999-12",
        "date:9999-12-31",
        "~~~",
        "a~9",
        "paki*" * 600,
        "headline:(" * 1000,
        "(" * 2500 + ")" * 2500,
        "x:y:z:",
        "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
        '"' + "a " * 2000 + '"~999',
    ],
)
def test_odd_queries_give_a_page(archive, client, query):
    response = client.get(reverse("articles:search"), {"q": query, "from": "not-a-date"})
    assert response.status_code == 200
    for name in ("articles:api-search", "articles:search-export-csv", "articles:search-feed"):
        assert client.get(reverse(name), {"q": query}).status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.parametrize(
    "dates", [{"from": "0001-01-01"}, {"to": "0999-12-31"}, {"to": "9999-12-31"}]
)
def test_extreme_dates_give_a_page(archive, client, dates):
    response = client.get(reverse("articles:search"), {"q": "floods", **dates})
    assert response.status_code == 200


def test_invalid_utf8_in_query_string(archive, client):
    response = client.get(reverse("articles:search") + "?q=%ff%fe%fd&country=%c3")
    assert response.status_code == 200


def test_search_page_filters_and_highlights(archive, client):
    response = client.get(reverse("articles:search"), {"q": "helicopters", "country": "IN"})
    assert response.status_code == 200
    hits = response.context["outcome"].hits
    assert [h.object for h in hits] == [archive["talks"]]
    assert b"<mark" in response.content
    assert b"Country: India" in response.content


def test_search_page_date_range_and_sort(archive, client):
    response = client.get(
        reverse("articles:search"),
        {"q": "", "from": "2015-01-01", "to": "2015-12-31", "sort": "oldest"},
    )
    hits = [h.object for h in response.context["outcome"].hits]
    assert hits == [archive["talks"], archive["floods"]]


def _total(client, href):
    response = client.get(reverse("articles:search") + href)
    assert response.status_code == 200
    return response.context["outcome"].total


@pytest.mark.parametrize(
    "params",
    [
        {"q": "defence"},
        {"q": ""},  # empty query with a filter below: browse by facets
        {"q": "floods OR defence", "from": "2015-01-01"},
        {"q": "defence", "country": "pk"},
        {"q": "floods", "type": "article", "sort": "oldest"},
    ],
)
def test_every_facet_count_matches_clicking_it(archive, client, params):
    params = {"topic": "", **params} if params["q"] else {**params, "to": "2099-01-01"}
    outcome = client.get(reverse("articles:search"), params).context["outcome"]
    assert outcome.total
    checked = 0
    for group in ("types", "topics", "countries", "years"):
        for item in outcome.facets[group]:
            assert _total(client, item.href) == item.count, (group, item.label)
            checked += 1
    for year in outcome.timeline:
        assert _total(client, year["href"]) == year["count"]
        for cell in year["months"]:
            if cell["count"]:
                assert _total(client, cell["href"]) == cell["count"], (year["year"], cell)
                checked += 1
    assert checked >= 4


class _Links(HTMLParser):
    """(href, text) of every link inside the facets and the results-per-month table."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside, self.href, self.links, self.text = 0, None, [], ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("aside", "table") and self.inside == 0:
            self.inside = 1 if "facets" in attrs.get("class", "") or tag == "table" else 0
        if tag == "a" and self.inside:
            self.href, self.text = attrs["href"], ""

    def handle_endtag(self, tag):
        if tag in ("aside", "table"):
            self.inside = 0
        if tag == "a" and self.href is not None:
            self.links.append((self.href, self.text))
            self.href = None

    def handle_data(self, data):
        if self.href is not None:
            self.text += data


def test_facet_and_month_links_are_written_escaped(archive, client):
    f.article(
        'Floods & "storms" <b>return</b>',
        topics=['Weather <script>alert(1)</script> & "rain"'],
        countries=["PK"],
        published=f.when(2015, 9, 2),
    )
    response = client.get(reverse("articles:search"), {"q": "floods", "from": "2014-01-01"})
    outcome = response.context["outcome"]
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    parser = _Links()
    parser.feed(html)
    expected = [
        (item.href, item.label)
        for group in ("types", "topics", "countries", "years")
        for item in outcome.facets[group]
    ]
    for year in outcome.timeline:
        expected.append((year["href"], str(year["year"])))
        expected.extend(
            (cell["href"], f"{cell['label']} {year['year']}: {cell['count']}")
            for cell in year["months"]
            if cell["count"]
        )
    assert sorted(parser.links) == sorted(expected)
    assert any("<script>" in label for _, label in parser.links)  # shown as text
    assert '<span class="facet__count">2</span>' in html


def test_facets_and_timeline_use_local_dates(search_index, client):
    # 02:00 on 1 January in Karachi is still 31 December in UTC, where the index keeps it.
    new_year = f.article("Fireworks at midnight", published=f.when(2015, 1, 1, 2))
    outcome = client.get(reverse("articles:search"), {"q": "fireworks"}).context["outcome"]
    assert [(y.value, y.count) for y in outcome.facets["years"]] == [(2015, 1)]
    assert [(y["year"], y["count"]) for y in outcome.timeline] == [(2015, 1)]
    january = outcome.timeline[0]["months"][0]
    assert january["count"] == 1
    narrowed = client.get(reverse("articles:search") + january["href"]).context["outcome"]
    assert [h.object for h in narrowed.hits] == [new_year]


def test_filters_combine_and_show_as_removable_chips(archive, client):
    params = {
        "q": "defence",
        "topic": "defence",
        "country": "pk",
        "from": "2014-01-01",
        "to": "2014-12-31",
        "type": "article",
    }
    response = client.get(reverse("articles:search"), params)
    outcome = response.context["outcome"]
    assert [h.object for h in outcome.hits] == [archive["shoigu"]]
    html = response.content.decode()
    for label in (
        "Remove topic filter",
        "Remove country filter",
        "Remove start date",
        "Remove end date",
        "Remove type filter",
    ):
        assert label in html
    # Removing one chip keeps the others.
    assert (
        "?q=defence&amp;country=pk&amp;from=2014-01-01&amp;to=2014-12-31&amp;type=article" in html
    )


def test_year_facet_keeps_a_narrower_date_range(archive, client):
    outcome = client.get(reverse("articles:search"), {"q": "", "from": "2015-03-01"}).context[
        "outcome"
    ]
    year_2015 = next(item for item in outcome.facets["years"] if item.value == 2015)
    assert "from=2015-03-01" in year_2015.href
    assert year_2015.count == 1


def test_naughty_strings_give_a_page(archive, client):
    path = require("corpora/naughty/blns.txt")
    lines = [
        line
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(lines) > 100
    for line in lines:
        for name in ("articles:search", "articles:api-search"):
            response = client.get(reverse(name), {"q": line})
            assert response.status_code == 200, line
        assert client.get(reverse("articles:api-autocomplete"), {"q": line}).status_code == 200


def test_snippet_escapes_content(search_index, client):
    f.article("Markup test", body="<p>&lt;b&gt;bold claims&lt;/b&gt; about tariffs</p>")
    response = client.get(reverse("articles:search"), {"q": "tariffs"})
    snippet = str(response.context["outcome"].hits[0].snippet)
    assert "&lt;b&gt;" in snippet
    assert "&amp;lt;" not in snippet
    assert '<mark class="match term0">tariffs</mark>' in snippet


def test_unknown_filters_are_reported_not_fatal(archive, client):
    response = client.get(
        reverse("articles:search"), {"q": "floods", "topic": "nope", "country": "zz"}
    )
    assert response.status_code == 200
    notices = " ".join(response.context["outcome"].notices)
    assert "no topic" in notices
    assert "not a country code" in notices


def test_snippets_say_which_field_matched(archive, client):
    def first_hit(q):
        return client.get(reverse("articles:search"), {"q": q}).context["outcome"].hits[0]

    hit = first_hit("airport")
    assert (hit.matched, hit.snippet_field) == (["caption"], "caption")
    assert '<mark class="match term0">airport</mark>' in str(hit.snippet)
    hit = first_hit("landslides")
    assert (hit.matched, hit.snippet_field) == (["body"], "body")
    hit = first_hit("karakoram")
    assert hit.matched == ["headline"]
    hit = first_hit("embankments")
    assert (hit.matched, hit.snippet_field) == (["editorial teaser"], "editorial teaser")
    hit = first_hit("shoigu OR moscow")
    assert hit.matched == ["headline", "body"]
    html = client.get(reverse("articles:search"), {"q": "airport"}).content.decode()
    assert "Matched in caption" in html


def test_snippets_are_built_for_the_shown_page_only(search_index, client):
    with deferred():
        for n in range(30):
            f.article(f"Tariff note {n}", body="<p>Tariffs rose.</p>", captions=["Port"])
    response = client.get(reverse("articles:search"), {"q": "tariffs", "page": "2"})
    outcome = response.context["outcome"]
    assert outcome.total == 30
    assert len(outcome.hits) == 10
    assert all("<mark" in str(hit.snippet) for hit in outcome.hits)


def test_api_has_timeline_and_match_fields(archive, client):
    data = client.get(reverse("articles:api-search"), {"q": "defence OR floods"}).json()
    timeline = {year["year"]: year for year in data["timeline"]}
    assert set(timeline) == {2014, 2015}
    assert timeline[2015]["months"] == [{"month": 2, "count": 1}, {"month": 8, "count": 1}]
    assert sum(y["count"] for y in data["timeline"]) == data["count"]
    assert all("matched" in r and "snippet_field" in r for r in data["results"])
