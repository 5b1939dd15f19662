"""The search page's fast paths give what the plain ways of doing the same give."""

import gc
import time
import weakref

import pytest
from django.http import QueryDict
from haystack import connections
from whoosh import query as wq

from articles.models import Article
from articles.search import docsets
from articles.search.query import href, linker, range_linker, run_search
from articles.tests import factories as f


@pytest.mark.parametrize(
    "query", ["", "q=floods", "q=a+b&sort=newest&page=3", "q=x&to=2020-01-01", "q=%C3%A9&x=1&x=2"]
)
def test_range_links_equal_href(query):
    data = QueryDict(query)
    assert range_linker(data)("2014-01-01", "2014-12-31") == href(
        data, from_="2014-01-01", to="2014-12-31"
    )


@pytest.mark.parametrize(
    "query", ["", "q=floods", "q=a+b&topic=x&page=3", "country=pk&q=%C3%A9&x=1&x=2"]
)
@pytest.mark.parametrize("key", ["topic", "country", "type"])
def test_facet_links_equal_href(query, key):
    data = QueryDict(query)
    for value in ("climate", "pk", "a b&c=d", "é"):
        assert linker(data, key)(value) == href(data, **{key: value})


@pytest.fixture
def archive(search_index):
    words = ["floods", "rain", "river", "dam", "drought", "relief", "army", "talks"]
    for n in range(24):
        f.article(
            f"{words[n % 8].title()} and {words[(n * 3) % 8]} report {n}",
            body=f"<p>{' '.join(words[(n + k) % 8] for k in range(n % 5 + 1))} text.</p>",
            topics=["Climate" if n % 2 else "Defence"],
            countries=["PK"] if n % 3 else ["IN", "PK"],
            published=f.when(2010 + n % 6, 1 + n % 12, 1 + n % 27),
        )
    return search_index


@pytest.mark.parametrize(
    "text",
    ["floods", "floods rain", "floods OR drought", "floods -rain", "(dam OR army) talks", "*"],
)
def test_matching_documents_as_sets_equal_whoosh(archive, text):
    backend = connections["default"].get_backend()
    searcher = backend.searcher()
    parsed = backend.parser.parse(text)
    assert backend._docset(searcher, parsed) == set(searcher.docs_for_query(parsed))


def test_facets_and_timeline_count_what_the_filters_find(archive):
    outcome = run_search({"q": "floods OR rain OR drought OR dam"})
    for facet in outcome.facets["topics"] + outcome.facets["countries"]:
        assert run_search(QueryDict(facet.href[1:])).total == facet.count
    months = [cell for year in outcome.timeline for cell in year["months"] if cell["count"]]
    assert sum(cell["count"] for cell in months) == outcome.total
    for cell in months[:4]:
        assert run_search(QueryDict(cell["href"][1:])).total == cell["count"]


@pytest.mark.parametrize("per_doc_cost", [0, 10**9], ids=["by intersections", "by documents"])
def test_counts_by_either_way_equal_the_intersections(archive, monkeypatch, per_doc_cost):
    monkeypatch.setattr(docsets, "PER_DOC_COST", per_doc_cost)
    searcher = connections["default"].get_backend().searcher()
    tables = docsets.tables_for(searcher)
    every = frozenset(searcher.reader().all_doc_ids())
    subsets = [every, frozenset(sorted(every)[::5]), frozenset(sorted(every)[:1]), frozenset()]
    named = {"published@months": tables.months("published")}
    for name in ("topics_exact", "countries_exact", "year_exact", "type_exact"):
        named[name] = tables.facet_sets(name)
    # Countries hold two values for some documents; months one for each.
    assert not tables.values_by_doc("countries_exact", named["countries_exact"])[0]
    assert tables.values_by_doc("published@months", named["published@months"])[0]
    for key, sets in named.items():
        for docs in subsets:
            expected = {
                value: len(docs & holders) for value, holders in sets.items() if docs & holders
            }
            assert tables.counts(key, sets, docs) == expected, (key, len(docs))


def test_newest_first_walks_dates_in_order(archive):
    outcome = run_search({"q": "floods OR rain OR river", "sort": "newest"}, per_page=5)
    dates = [hit.date for hit in outcome.hits]
    assert dates == sorted(dates, reverse=True)
    oldest = run_search({"q": "floods OR rain OR river", "sort": "oldest"}, per_page=100)
    assert [h.date for h in oldest.hits] == sorted(h.date for h in oldest.hits)
    assert oldest.total == outcome.total


def test_threads_share_one_set_of_tables_per_index_state(archive):
    backend = connections["default"].get_backend()
    index = backend.index  # the searchers each thread would open

    def every(searcher):
        tables = docsets.tables_for(searcher)
        return tables.cached_filter("every", lambda: frozenset(searcher.reader().all_doc_ids()))

    first, second = index.searcher(), index.searcher()
    try:
        assert every(first) is every(second)  # built once, shared
        assert docsets.tables_for(first).facet_sets("topics") is (
            docsets.tables_for(second).facet_sets("topics")
        )
        before = len(every(first))

        Article.objects.filter(headline__startswith="Floods").first().delete()
        third = index.searcher()
        try:
            # A commit (here a deletion) is a new state with tables of its own.
            assert len(every(third)) == before - 1
            assert len(every(first)) == before
        finally:
            third.close()
    finally:
        first.close()
        second.close()


def test_equal_document_sets_are_held_once(archive):
    searcher = connections["default"].get_backend().searcher()
    tables = docsets.tables_for(searcher)
    topics, exact = tables.facet_sets("topics"), tables.facet_sets("topics_exact")
    assert topics.keys() == exact.keys() and len(topics) == 2
    for value, docs in topics.items():
        assert exact[value] is docs  # the filter field and its facet twin share one set
    types, content_types = tables.facet_sets("type_exact"), tables.facet_sets("django_ct")
    assert types["article"] is content_types["articles.article"]
    assert len(types["article"]) == Article.objects.count()
    # Unequal sets stay apart.
    assert topics["climate"] != topics["defence"]
    for segment, _ in searcher.reader().leaf_readers():
        by_topic = docsets._segment_table(segment, "topics", docsets._values_to_docs)
        by_exact = docsets._segment_table(segment, "topics_exact", docsets._values_to_docs)
        assert all(by_exact[value] is docs for value, docs in by_topic.items())


def test_haystack_date_facets_count_each_year(archive):
    # No page asks for them, but they are haystack's API: Whoosh's own grouping.
    from collections import Counter
    from datetime import datetime

    from haystack.query import SearchQuerySet

    sqs = (
        SearchQuerySet()
        .models(Article)
        .auto_query("floods")
        .date_facet("published", datetime(2010, 1, 1), datetime(2016, 1, 1), "year")
    )
    counted = {span[0].year: n for span, n in sqs.facet_counts()["dates"]["published"] if n}
    # The same search without date facets takes the docsets path.
    expected = Counter(r.object.published.year for r in SearchQuerySet().auto_query("floods"))
    assert counted == dict(expected)
    assert len(sqs) == sum(expected.values()) > 3


def test_term_documents_read_by_block_equal_whoosh(archive):
    backend = connections["default"].get_backend()
    # A deletion, so that one segment filters its postings.
    Article.objects.filter(headline__startswith="Floods").first().delete()
    searcher = backend.searcher()
    reader = searcher.reader()
    checked = 0
    for fieldname in ("text", "headline", "topics"):
        for term in reader.lexicon(fieldname):
            text = term.decode("utf-8")
            expected = set(searcher.docs_for_query(wq.Term(fieldname, text)))
            assert docsets.term_docs(searcher, fieldname, text) == expected, (fieldname, text)
            checked += 1
    assert checked > 20
    assert docsets.term_docs(searcher, "text", "nowhere") == frozenset()


def test_term_documents_span_posting_blocks(search_index):
    from articles.search.indexing import deferred

    with deferred():  # one commit: one segment whose postings fill several blocks
        for n in range(300):
            f.article(f"Harvest report {n}", body="<p>Wheat harvest.</p>" if n % 3 else "")
    searcher = connections["default"].get_backend().searcher()
    for text in ("harvest", "wheat", "report"):
        expected = set(searcher.docs_for_query(wq.Term("text", text)))
        assert len(expected) > 128  # Whoosh writes at most 128 postings a block
        assert docsets.term_docs(searcher, "text", text) == expected


def test_objects_frozen_with_the_tables_are_collected_at_the_next_sweep(monkeypatch):
    class Node:
        pass

    node = Node()
    node.cycle = node  # garbage only the cyclic collector can free
    alive = weakref.ref(node)
    monkeypatch.setattr(docsets, "_last_sweep", time.monotonic())
    docsets._settle()  # as after building a table: everything alive is frozen
    del node
    gc.collect()
    assert alive() is not None  # frozen: skipped by the collector

    monkeypatch.setattr(docsets, "_last_sweep", time.monotonic() - docsets.SWEEP_SECONDS - 1)
    docsets._settle()
    assert alive() is None
    gc.unfreeze()


def test_document_frequencies_kept_per_segment_equal_whooshs(tmp_path):
    from whoosh import fields, index

    ix = index.create_in(tmp_path, fields.Schema(id=fields.ID(stored=True), text=fields.TEXT))
    words = ["tide", "harbour", "tide harbour", "storm", "tide storm"]
    for batch in range(2):
        writer = ix.writer()
        for n, text in enumerate(words):
            writer.add_document(id=f"{batch}-{n}", text=text)
        writer.commit(merge=False)
    searcher = ix.searcher()

    def both(word):
        return docsets.doc_frequency(searcher, "text", word), searcher.doc_frequency("text", word)

    assert both("tide") == (6, 6)
    assert both("absent") == (0, 0)
    writer = ix.writer()
    writer.add_document(id="2-0", text="tide tide tide")
    writer.delete_by_term("id", "0-0")  # Whoosh keeps counting it until a merge
    writer.commit(merge=False)
    searcher = searcher.refresh()
    assert both("tide") == (7, 7)
    assert both("storm") == (4, 4)
    ix.optimize()
    searcher = ix.searcher()
    assert both("tide") == (6, 6)  # merged: the deleted one is gone from both


def test_tables_share_one_object_per_document_number(tmp_path):
    from datetime import datetime, timedelta

    from whoosh import fields, index

    schema = fields.Schema(
        tags=fields.KEYWORD(commas=True), published=fields.DATETIME(sortable=True)
    )
    ix = index.create_in(tmp_path, schema)
    start = datetime(2014, 1, 1)
    for batch in range(2):  # two segments: the second's numbers are offset
        writer = ix.writer()
        for n in range(400):
            day = start + timedelta(days=(n * 7 + batch) % 365)
            writer.add_document(tags=f"all,t{n % 3}", published=day)
        writer.commit(merge=False)
    tables = docsets.SearcherTables(ix.searcher())

    sets = tables.facet_sets("tags")
    every = {d: d for d in sets["all"]}
    assert len(every) == 800
    assert all(every[d] is d for d in sets["t1"])  # the same object in both sets
    _, by_date = tables.dates("published")
    assert sorted(by_date) == sorted(every) and all(every[d] is d for d in by_date)
    places = tables.positions("published")
    assert [by_date[places[d]] for d in sorted(every)] == sorted(every)
    newest = tables.ordered("published", frozenset(list(every)[:5]), True, 3)
    assert [places[d] for d in newest] == sorted(
        (places[d] for d in list(every)[:5]), reverse=True
    )[:3]
