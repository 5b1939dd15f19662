"""Search through the real Whoosh index, as the search page and API use it."""

import pytest
from django.urls import reverse
from haystack.query import SearchQuerySet

from articles.models import Article
from articles.search.indexing import deferred
from articles.tests import factories as f


@pytest.fixture
def archive(search_index):
    """Three articles and an editorial across two topics, three countries, two years."""
    shoigu = f.article(
        "Moscow offers counter-terrorism training to Islamabad",
        body="<p>ISLAMABAD: Defence Minister Sergei Shoigu met officials.</p>",
        topics=["Defence"],
        countries=["PK", "RU"],
        captions=["The minister arrives at the airport"],
        published=f.when(2014, 11, 21),
    )
    floods = f.article(
        "Monsoon floods cut the Karakoram highway",
        body="<p>Landslides blocked traffic for a week; relief convoys waited.</p>",
        topics=["Climate change"],
        countries=["PK"],
        published=f.when(2015, 8, 3),
    )
    talks = f.article(
        "Defence ministers discuss arms supplies",
        body="<p>Talks on helicopters continued in New Delhi.</p>",
        topics=["Defence"],
        countries=["IN"],
        published=f.when(2015, 2, 10),
    )
    editorial = f.editorial(
        "Troubled waters", teaser="<p>The floods expose weak defence of embankments.</p>"
    )
    return {"shoigu": shoigu, "floods": floods, "talks": talks, "editorial": editorial}


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
    ],
)
def test_odd_queries_give_a_page(archive, client, query):
    response = client.get(reverse("articles:search"), {"q": query, "from": "not-a-date"})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


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


def test_facet_counts_match_clicking_them(archive, client):
    response = client.get(reverse("articles:search"), {"q": "defence"})
    outcome = response.context["outcome"]
    for topic, count in outcome.facets["topics"]:
        narrowed = client.get(reverse("articles:search"), {"q": "defence", "topic": topic.slug})
        assert narrowed.context["outcome"].total == count


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
