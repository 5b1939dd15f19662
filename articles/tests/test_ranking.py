"""The ranking shortcuts give Whoosh's own scores.

Exact phrases are scored over a window of top hits (``rescore``) and a small
set of known matches is scored directly (``scoring``); both must give what
Whoosh's matchers give for the same query.
"""

import pytest
from haystack import connections
from whoosh import query as wq

from articles.search import docsets, rescore, scoring, syntax
from articles.tests import factories as f

WORDS = ["arms", "supply", "border", "talks", "flood", "relief", "army", "river"]


@pytest.fixture
def archive(search_index):
    # Enough documents that the words appear both side by side and apart,
    # over several segments (each factory save is its own commit).
    for n in range(40):
        picked = [WORDS[(n * k + n // 3) % len(WORDS)] for k in range(1, 7)]
        if n % 4 == 0:
            picked.insert(n % 3, "arms supply")
        f.article(
            f"Report {n} on {picked[0]}",
            body=f"<p>{' '.join(picked)} and other matters, item {n}.</p>",
            published=f.when(2000 + n % 20, 1 + n % 12, 1 + n % 28),
        )
    return search_index


def _parsed(backend, text):
    return backend.parser.parse(syntax.render(syntax.read(text).tree))


@pytest.mark.parametrize("text", ["arms supply", "army river flood", "border talks relief"])
def test_window_scores_equal_whoosh_andmaybe(archive, text):
    backend = connections["default"].get_backend()
    searcher = backend.searcher()
    parsed = _parsed(backend, text)
    plain, phrase = rescore.split(parsed)
    assert phrase is not None, parsed
    assert len(searcher.leaf_searchers()) > 1  # per-segment matchers and offsets

    whole = searcher.search(parsed, limit=None, optimize=False)
    expected = {hit.docnum: hit.score for hit in whole}
    top_n = searcher.search(plain, limit=None).top_n
    got = {docnum: score for score, docnum in rescore.rescored(searcher, phrase, top_n)}

    assert got.keys() == expected.keys()
    for docnum, score in expected.items():
        assert got[docnum] == pytest.approx(score)


@pytest.mark.parametrize("text", ["arms supply", "army river flood"])
def test_search_ranks_as_whoosh_andmaybe_within_the_window(archive, text):
    backend = connections["default"].get_backend()
    whole = backend.searcher().search(_parsed(backend, text), limit=20, optimize=False)
    expected = [(round(hit.score, 6), hit["django_id"]) for hit in whole]

    rendered = syntax.render(syntax.read(text).tree)
    results = backend.search(rendered, end_offset=20)["results"]
    got = [(round(result.score, 6), str(result.pk)) for result in results]

    assert len(got) == len(expected) > 5
    # Same scores in the same order; equal scores may come in either order.
    assert [score for score, _ in got] == [score for score, _ in expected]
    assert sorted(got) == sorted(expected)


def test_hits_past_the_window_keep_the_plain_order(archive):
    backend = connections["default"].get_backend()
    searcher = backend.searcher()
    plain, phrase = rescore.split(_parsed(backend, "arms supply"))
    top_n = searcher.search(plain, limit=None).top_n
    assert len(top_n) > 4
    result = rescore.rescored(searcher, phrase, top_n, window=3)
    assert result[3:] == top_n[3:]
    assert sorted(result[:3]) == sorted(
        (score + rescore.phrase_scores(searcher, phrase, [d]).get(d, 0.0), d)
        for score, d in top_n[:3]
    )


@pytest.mark.parametrize(
    "text", ["arms", "arms OR supply", '"arms supply"', "headline:arms supply"]
)
def test_queries_without_a_phrase_boost_are_left_alone(search_index, text):
    backend = connections["default"].get_backend()
    parsed = _parsed(backend, text)
    assert rescore.split(parsed) == (parsed, None)


@pytest.mark.parametrize(
    "text", ["arms", "arms supply", "army river flood", "border OR talks", "(flood OR river) army"]
)
def test_direct_scores_equal_whoosh(archive, text):
    backend = connections["default"].get_backend()
    searcher = backend.searcher()
    plain, _ = rescore.split(_parsed(backend, text))
    assert scoring.boosted_terms(plain) is not None, plain
    docs = frozenset(searcher.docs_for_query(plain))
    assert 5 < len(docs) <= scoring.DIRECT_LIMIT

    expected = searcher.search(plain, limit=None, optimize=False).top_n
    got = scoring.top_hits(searcher, plain, docs, len(docs))

    assert [d for _, d in got] == [d for _, d in expected]
    assert [s for s, _ in got] == pytest.approx([s for s, _ in expected])
    assert scoring.top_hits(searcher, plain, docs, 3) == got[:3]
    # Scored again from the postings kept while the matches were found.
    kept = docsets.KeptPostings()
    assert backend._docset(searcher, plain, kept) == docs
    assert kept
    assert scoring.top_hits(searcher, plain, docs, len(docs), kept) == got


@pytest.mark.parametrize("text", ["arms -supply", "arm*", '"arms supply"', "arms~"])
def test_other_queries_are_left_to_whoosh(search_index, text):
    backend = connections["default"].get_backend()
    plain, _ = rescore.split(_parsed(backend, text))
    assert scoring.boosted_terms(plain) is None


def test_large_match_sets_are_left_to_whoosh(archive, monkeypatch):
    backend = connections["default"].get_backend()
    searcher = backend.searcher()
    plain = _parsed(backend, "arms")
    docs = frozenset(searcher.docs_for_query(plain))
    monkeypatch.setattr(scoring, "DIRECT_LIMIT", len(docs) - 1)
    assert scoring.top_hits(searcher, plain, docs, 10) is None


def test_intersections_are_scored_directly_up_to_their_own_limit(archive, monkeypatch):
    # Every word required: Whoosh visits every match anyway, so the direct
    # way stays faster for larger sets than it does for a single word.
    backend = connections["default"].get_backend()
    searcher = backend.searcher()
    plain, _ = rescore.split(_parsed(backend, "army river"))
    docs = frozenset(searcher.docs_for_query(plain))
    assert type(plain) is wq.And and len(docs) > 5
    monkeypatch.setattr(scoring, "DIRECT_LIMIT", len(docs) - 1)

    expected = searcher.search(plain, limit=None, optimize=False).top_n
    got = scoring.top_hits(searcher, plain, docs, len(docs))
    assert [d for _, d in got] == [d for _, d in expected]

    monkeypatch.setattr(scoring, "INTERSECTION_LIMIT", len(docs) - 1)
    assert scoring.top_hits(searcher, plain, docs, 10) is None


@pytest.fixture
def long_postings(tmp_path):
    """A plain Whoosh index: two segments whose postings fill many blocks, some deleted."""
    from whoosh import fields, index

    ix = index.create_in(tmp_path, fields.Schema(id=fields.ID(stored=True), text=fields.TEXT))
    for batch in range(2):
        writer = ix.writer()
        for n in range(700):
            words = ["tide"] * (1 + n % 4) + ["harbour"] * (n % 3 == 0) + ["filler"] * (n % 11)
            writer.add_document(id=f"{batch}-{n}", text=" ".join(words))
        writer.commit(merge=False)
    writer = ix.writer()
    for n in range(0, 700, 13):
        writer.delete_by_term("id", f"1-{n}")
    writer.commit(merge=False)
    return ix.searcher()


@pytest.mark.parametrize("word", ["tide", "harbour"])
@pytest.mark.parametrize("every", [1, 5, 97])
def test_scores_read_by_block_equal_whooshs_matcher(long_postings, word, every):
    from whoosh.matching.wrappers import FilterMatcher

    searcher = long_postings
    context = searcher.context()
    found = deletions = 0
    for sub, _, local in scoring.by_segment(searcher, list(range(searcher.doc_count_all()))):
        # Wanted documents with and without the word, in and out of blocks.
        wanted = local[::every]
        whooshs = scoring.term_matcher(sub, context, "text", word)
        expected, positions = [], []
        for docnum in wanted:
            if scoring.move_to(whooshs, docnum):
                expected.append((docnum, whooshs.score()))
                positions.append((docnum, whooshs.value_as("positions")))
        deletions += isinstance(whooshs, FilterMatcher)  # skips the deleted documents
        kept = docsets.KeptPostings()
        docsets.term_docs(sub, "text", word, kept)
        postings = kept[docsets.kept_key(sub.reader(), "text", word)]
        assert len(postings[0]) > 128  # Whoosh writes at most 128 postings a block
        lengths = docsets.field_lengths(sub.reader(), "text")
        assert lengths is not None
        for read_lengths, read_kept in [(None, None), (lengths, None), (lengths, postings)]:
            matcher = scoring.term_matcher(sub, context, "text", word)
            got = list(scoring.scores_at(matcher, wanted, read_lengths, read_kept))
            assert [d for d, _ in got] == [d for d, _ in expected]
            assert [s for _, s in got] == pytest.approx([s for _, s in expected])
            matcher = scoring.term_matcher(sub, context, "text", word)
            got = list(scoring.positions_at(matcher, wanted, read_lengths))
            assert [(d, p) for d, _, p in got] == positions
            assert [s for _, s, _ in got] == pytest.approx([s for _, s in expected])
        found += len(expected)
    assert found and deletions == 1


def test_a_search_keeps_postings_only_while_there_is_room(long_postings):
    searcher = long_postings
    words = ("tide", "harbour")
    found = {word: docsets.term_docs(searcher, "text", word) for word in words}
    # Postings as stored, deleted documents included (Whoosh counts them until a merge).
    stored = {word: searcher.doc_frequency("text", word) for word in words}
    assert stored["harbour"] < stored["tide"]
    kept = docsets.KeptPostings(room=stored["harbour"] + 10)
    for word in words:
        # What is kept or not, the documents found are the same.
        assert docsets.term_docs(searcher, "text", word, kept) == found[word]
    assert sorted(key[2] for key in kept) == ["harbour", "harbour"]  # both segments; not "tide"
    assert kept.room == 10


def test_kept_weights_read_every_form_whoosh_stores_them_in():
    from array import array

    ids, weights = array("i"), array("d")
    for block_ids, stored in [
        ((1, 2), None),  # all 1.0
        ((3, 4), 2.0),  # all the same
        ((5, 6), (1.0, 3.0)),
        ((7, 8), array("f", [1.5, 4.0])),
    ]:
        docsets._kept_block(ids, weights, block_ids, stored)
    assert list(ids) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert list(weights) == [1.0, 1.0, 2.0, 2.0, 1.0, 3.0, 1.5, 4.0]


def test_a_search_sorted_by_date_keeps_no_postings(archive, monkeypatch):
    made = []

    class Recorded(docsets.KeptPostings):
        def __init__(self, *args, **kwargs):
            made.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(docsets, "KeptPostings", Recorded)
    backend = connections["default"].get_backend()
    assert backend.search("arms", sort_by=["-published"])["hits"]
    assert not made  # nothing is scored: the dates give the order
    assert backend.search("arms")["hits"]
    assert len(made) == 1


@pytest.mark.parametrize("walk_ratio", [0, 1000])  # bisection only; one pass only
@pytest.mark.parametrize("text", ["arms", "army river flood", "border OR talks"])
def test_large_match_sets_are_scored_from_the_kept_postings(archive, monkeypatch, text, walk_ratio):
    backend = connections["default"].get_backend()
    searcher = backend.searcher()
    plain, _ = rescore.split(_parsed(backend, text))
    kept = docsets.KeptPostings()
    docs = backend._docset(searcher, plain, kept)
    monkeypatch.setattr(scoring, "DIRECT_LIMIT", 1)
    monkeypatch.setattr(scoring, "INTERSECTION_LIMIT", 1)
    monkeypatch.setattr(scoring, "WALK_RATIO", walk_ratio)

    expected = searcher.search(plain, limit=None, optimize=False).top_n

    def not_from_kept(*args):
        raise AssertionError("scored from the postings file, not the kept postings")

    monkeypatch.setattr(scoring, "scores_at", not_from_kept)
    got = scoring.top_hits(searcher, plain, docs, len(docs), kept)
    assert len(got) == len(docs) > 5
    assert [d for _, d in got] == [d for _, d in expected]
    assert [s for s, _ in got] == pytest.approx([s for s, _ in expected])
    assert scoring.top_hits(searcher, plain, docs, 4, kept) == got[:4]
    # A segment's postings of a word not kept: the set is left to Whoosh.
    partial = docsets.KeptPostings()
    partial.update(list(kept.items())[1:])
    assert scoring.top_hits(searcher, plain, docs, 4, partial) is None


def test_term_documents_over_segments_with_deletions_equal_whooshs(long_postings):
    searcher = long_postings
    assert searcher.reader().has_deletions() and len(searcher.reader().leaf_readers()) == 2
    for word in ("tide", "harbour", "filler"):
        expected = frozenset(searcher.docs_for_query(wq.Term("text", word)))
        assert docsets.term_docs(searcher, "text", word) == expected


def test_block_ids_equal_whooshs(long_postings):
    for segreader, _ in long_postings.reader().leaf_readers():
        # Past the filter of deleted documents, where the segment has one.
        ours, whooshs = (
            getattr(matcher, "child", matcher)
            for matcher in (segreader.postings("text", b"tide") for _ in range(2))
        )
        assert ours is not whooshs
        blocks = 0
        while whooshs.is_active():
            whooshs._read_ids()
            assert docsets.block_ids(ours) == tuple(whooshs._ids)
            ours._next_block()
            whooshs._next_block()
            blocks += 1
        assert blocks > 2 and not ours.is_active()


def test_kept_postings_score_over_segments_with_deletions_as_whoosh(long_postings, monkeypatch):
    searcher = long_postings
    query = wq.Or([wq.Term("text", "tide"), wq.Term("text", "harbour", boost=3.0)])
    kept = docsets.KeptPostings()
    docs = docsets.term_docs(searcher, "text", "tide", kept) | docsets.term_docs(
        searcher, "text", "harbour", kept
    )
    monkeypatch.setattr(scoring, "DIRECT_LIMIT", 1)
    expected = searcher.search(query, limit=None, optimize=False).top_n
    got = scoring.top_hits(searcher, query, docs, len(docs), kept)
    assert len(got) == len(docs) > 1000
    assert [d for _, d in got] == [d for _, d in expected]
    assert [s for s, _ in got] == pytest.approx([s for s, _ in expected])


def test_a_large_set_with_a_keyword_term_is_left_to_whoosh(archive, monkeypatch):
    # A keyword field's scores do not come from weights and lengths.
    backend = connections["default"].get_backend()
    searcher = backend.searcher()
    plain = wq.And([_parsed(backend, "arms"), wq.Term("type", "article")])
    kept = docsets.KeptPostings()
    docs = backend._docset(searcher, plain, kept)
    assert docs and any(key[1] == "type" for key in kept)
    monkeypatch.setattr(scoring, "INTERSECTION_LIMIT", len(docs) - 1)
    assert scoring.top_hits(searcher, plain, docs, 10, kept) is None
    monkeypatch.setattr(scoring, "INTERSECTION_LIMIT", len(docs))
    assert [d for _, d in scoring.top_hits(searcher, plain, docs, 10, kept)] == [
        d for _, d in searcher.search(plain, limit=10, optimize=False).top_n
    ]
