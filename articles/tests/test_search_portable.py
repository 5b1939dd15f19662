"""The site on a haystack backend that is not ours, as with SEARCH_URL.

No Elasticsearch or Solr server can run here, so haystack's own Whoosh
backend stands in for one: a backend we did not write, reached only through
haystack's API. The search page must then take the portable path
(``articles/search/portable.py``): the query as haystack ``SQ`` objects,
haystack's facets and date facets, no Whoosh reader.
"""

import pytest
from django.test import override_settings
from django.urls import reverse
from haystack import connections

from articles.models import Article
from articles.search import portable, syntax
from articles.search.query import prepare, run_search
from articles.tests import factories as f

PLAIN_ENGINE = "haystack.backends.whoosh_backend.WhooshEngine"


@pytest.fixture
def plain_backend(transactional_db, tmp_path):
    """haystack's own Whoosh backend as the default connection, for one test."""
    info = {"default": {"ENGINE": PLAIN_ENGINE, "PATH": str(tmp_path / "plain_index")}}
    saved = connections.connections_info
    # haystack takes a connection's engine from its handler and the engine's
    # options from settings: both change, and both are restored before the
    # connection is made again.
    try:
        with override_settings(HAYSTACK_CONNECTIONS=info):
            connections.connections_info = info
            backend = connections.reload("default").get_backend()
            backend.clear()
            yield backend
    finally:
        connections.connections_info = saved
        restored = connections.reload("default")
    assert restored.options == saved["default"]


@pytest.fixture
def archive(plain_backend):
    """Saved through the ORM: the index tasks reach the plain backend as they would a server."""
    return f.four_stories()


def found(data):
    outcome = run_search(data)
    return {hit.object for hit in outcome.hits}


def test_the_plain_backend_takes_the_portable_path(archive):
    prepared = prepare({"q": "floods"})
    assert prepared.embedded is False
    # haystack writes the query in its backend's own syntax from SQ objects.
    assert "Raw" not in repr(prepared.sqs.query.query_filter)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("monsoon", {"floods"}),
        ("defence", {"shoigu", "talks", "editorial"}),
        ("defence -moscow", {"talks", "editorial"}),
        ("defence AND NOT islamabad", {"talks", "editorial"}),
        ("monsoon OR islamabad", {"floods", "shoigu"}),
        ('"arms supplies"', {"talks"}),
        ('"supplies arms"', set()),
        ("headline:floods", {"floods"}),
        ("karako*", {"floods"}),
        ("topic:climate-change", {"floods"}),
        ("country:in defence", {"talks"}),
        ("editorial:embankments", {"editorial"}),
        ("floods date:2015-08", {"floods"}),
        ("floods date:2014", {"editorial"}),
        ("airport", {"shoigu"}),  # a caption
    ],
)
def test_query_syntax_on_the_portable_path(archive, query, expected):
    assert found({"q": query}) == {archive[name] for name in expected}


def test_filters_and_sorting_on_the_portable_path(archive):
    assert found({"q": "defence", "topic": "defence"}) == {archive["shoigu"], archive["talks"]}
    assert found({"q": "defence", "country": "pk"}) == {archive["shoigu"]}
    assert found({"q": "floods", "type": "editorial"}) == {archive["editorial"]}
    assert found({"topic": "defence", "from": "2015-01-01"}) == {archive["talks"]}
    newest = run_search({"q": "monsoon OR islamabad OR helicopters", "sort": "newest"})
    assert [hit.object for hit in newest.hits] == [
        archive[n] for n in ("floods", "talks", "shoigu")
    ]
    oldest = run_search({"q": "monsoon OR islamabad OR helicopters", "sort": "oldest"})
    assert [hit.object for hit in oldest.hits] == [
        archive[n] for n in ("shoigu", "talks", "floods")
    ]


def test_facets_timeline_and_marks_on_the_portable_path(archive):
    outcome = run_search({"q": "defence"})
    assert outcome.total == 3
    topics = {facet.value: facet.count for facet in outcome.facets["topics"]}
    assert topics == {"defence": 2}
    countries = {facet.value: facet.count for facet in outcome.facets["countries"]}
    assert countries == {"pk": 1, "ru": 1, "in": 1}
    assert {facet.value: facet.count for facet in outcome.facets["years"]} == {2014: 2, 2015: 1}
    assert {facet.value for facet in outcome.facets["types"]} == {"article", "editorial"}
    months = {
        (year["year"], cell["month"]): cell["count"]
        for year in outcome.timeline
        for cell in year["months"]
        if cell["count"]
    }
    assert months == {(2014, 11): 2, (2015, 2): 1}
    marked = [str(hit.snippet) for hit in run_search({"q": "helicopter OR official"}).hits]
    assert len(marked) == 2
    assert any(">helicopters</mark>" in snippet for snippet in marked), marked
    assert any(">officials</mark>" in snippet for snippet in marked), marked


def test_changes_reach_a_plain_backend(archive):
    article = archive["floods"]
    article.headline = "Glacier lake bursts its banks"
    article.save()
    assert found({"q": "glacier"}) == {article}
    article.status = "draft"
    article.save()
    assert found({"q": "glacier"}) == set()
    archive["talks"].delete()
    assert found({"q": "helicopters"}) == set()
    assert found({"q": "defence"}) == {archive["shoigu"], archive["editorial"]}


def test_pages_answer_on_a_plain_backend(archive, client):
    page = client.get(reverse("articles:search"), {"q": "traffic", "topic": "climate-change"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Karakoram" in html and ">traffic</mark>" in html
    api = client.get(reverse("articles:api-search"), {"q": "islamabad OR helicopters"})
    assert api.status_code == 200
    assert {item["headline"] for item in api.json()["results"]} == {
        archive["shoigu"].headline,
        archive["talks"].headline,
    }
    for url in (
        archive["shoigu"].get_absolute_url(),
        reverse("articles:topic-timeline", args=["defence"]),
        reverse("articles:country-timeline", args=["pk"]),
        reverse("articles:search-export-csv") + "?q=helicopters",
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "query",
    ['"unclosed', "AND OR NOT", "(((", "title:", "*", "~", "\\", "te\u0000st", "العربية", "-"],
)
def test_odd_queries_never_break_the_portable_path(archive, client, query):
    page = client.get(reverse("articles:search"), {"q": query})
    assert page.status_code == 200


def test_the_query_tree_becomes_haystack_filters():
    tree = syntax.read('shoigu -cricket headline:floods "arms supply" paki* topic:defence').tree
    rendered = str(portable.as_sq(tree))
    for part in (
        "('content', 'shoigu')",
        "(NOT (AND: ('content', 'cricket')))",
        "('headline', 'floods')",
        "('content', <Exact 'arms supply'>)",
        "('content__startswith', 'paki')",
        "('topics', 'defence')",
    ):
        assert part in rendered, (part, rendered)


def test_facet_counts_are_renamed_and_months_kept_as_dates():
    import datetime

    counts = {
        "fields": {"topics_exact": [("defence", 2)], "year": [("2015", 1)]},
        "dates": {
            "published": [
                ((datetime.datetime(2015, 2, 1), datetime.datetime(2015, 3, 1)), 4),
                (datetime.datetime(2015, 3, 1, tzinfo=datetime.UTC), 0),
                (datetime.datetime(2015, 4, 1, tzinfo=datetime.UTC), 2),
            ]
        },
    }
    assert portable.facet_counts(counts) == {
        "fields": {
            "topics": [("defence", 2)],
            "year": [("2015", 1)],
            "published": [(datetime.date(2015, 2, 1), 4), (datetime.date(2015, 4, 1), 2)],
        }
    }


def test_no_documents_means_no_date_facet(plain_backend):
    first, last = portable.archive_span(
        connections["default"].get_unified_index().get_indexes().values()
    )
    assert (first, last) == (None, None)
    assert Article.objects.count() == 0


def test_reconcile_and_rebuild_on_a_plain_backend(archive):
    from django.core.management import call_command

    from articles.search.maintenance import find_drift

    assert find_drift().clean
    # A document the database no longer has, and one the index lost.
    plain_backend = connections["default"].get_backend()
    plain_backend.remove(archive["talks"])
    Article.objects.filter(pk=archive["shoigu"].pk).update(status="draft")
    drift = find_drift()
    assert drift.missing == {f"articles.article.{archive['talks'].pk}"}
    assert drift.extra == {f"articles.article.{archive['shoigu'].pk}"}
    call_command("reconcile_index", verbosity=0)
    assert find_drift().clean
    assert found({"q": "defence"}) == {archive["talks"], archive["editorial"]}

    plain_backend.clear()
    assert found({"q": "helicopters"}) == set()
    call_command("rebuild_index", verbosity=0)
    assert find_drift().clean
    assert found({"q": "defence"}) == {archive["talks"], archive["editorial"]}
    assert found({"q": "floods"}) == {archive["floods"], archive["editorial"]}


def test_a_server_is_listed_a_date_span_at_a_time(archive, monkeypatch):
    from articles.search import maintenance

    # A draft from years after the archive's last article, forced into the
    # index: what reconcile_index must find and remove.
    draft = f.article("A draft from the future", status="draft", published=f.when(2031, 1, 1))
    unified = connections["default"].get_unified_index()
    connections["default"].get_backend().update(unified.get_index(Article), [draft])
    listed = []
    monkeypatch.setattr(maintenance, "LISTING_PAGE", 1)
    monkeypatch.setattr(maintenance, "SearchQuerySet", _Recording(listed))
    expected = maintenance.expected_identifiers() | {f"articles.article.{draft.pk}"}
    assert maintenance.indexed_identifiers() == expected
    # Spans were halved down to single documents, or to one day: 21 November
    # 2014 holds an article and the editorial.
    assert sorted(size for size in listed if size) == [1, 1, 1, 2]
    assert maintenance.find_drift().extra == {f"articles.article.{draft.pk}"}


class _Recording:
    """haystack's SearchQuerySet, noting how many results each listing slice asked for."""

    def __init__(self, sizes):
        self.sizes = sizes

    def __call__(self, *args, **kwargs):
        from haystack.query import SearchQuerySet

        sizes = self.sizes

        class Noted(SearchQuerySet):
            def __getitem__(self, key):
                if isinstance(key, slice):
                    sizes.append((key.stop or 0) - (key.start or 0))
                return super().__getitem__(key)

        return Noted(*args, **kwargs)


def test_a_refill_the_server_refuses_in_part_says_so(archive, monkeypatch):
    from django.core.management import CommandError, call_command

    from articles.models import IndexTask

    server = connections["default"].get_backend()
    take = server.update

    def refuse_floods(index, objects, **options):
        # As a server answers a bulk request with an error for one document.
        if any(obj.pk == archive["floods"].pk for obj in objects):
            raise ValueError("the server refused this document")
        return take(index, objects, **options)

    monkeypatch.setattr(server, "update", refuse_floods)
    with pytest.raises(CommandError) as refused:
        call_command("rebuild_index", verbosity=0)
    assert "1 of 4 documents could not be written" in str(refused.value)
    assert "reconcile_index" in str(refused.value)
    # Nothing is lost: the refused document waits as a task, the rest are in.
    waiting = IndexTask.objects.filter(done_at__isnull=True)
    assert list(waiting.values_list("object_id", flat=True)) == [archive["floods"].pk]
    assert found({"q": "defence"}) == {archive["shoigu"], archive["talks"], archive["editorial"]}
