"""The rebuild's own segment writer writes what Whoosh's writer writes.

Both build an index of the same documents (the app's schema, generated
articles with odd text mixed in); every field's terms, postings, block
statistics, term statistics, stored fields and lengths are compared, and the
same searches find the same documents in the same order.
"""

import os
import signal
from datetime import datetime

import pytest
from haystack import connections
from whoosh import index as whoosh_index
from whoosh.qparser import QueryParser

from articles.corpus.generator import generate_records
from articles.search import bulk, whoosh_fixes
from articles.tests.test_whoosh_fixes import block_protocol

ODD_TEXTS = [
    "",
    "the a an of",  # stop words only: no postings, no length
    "Zürich café naïve İstanbul ǅemal ﬁnance",
    "x" * 300 + " tail",
    "1,500.25 U.S. e-mail o'clock __init__ 2024-05-06",
    " ".join(["flood"] * 400),  # one term, many positions
]


def _schema():
    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    return backend.schema


def _documents(count):
    docs = []
    for number, (_, record) in enumerate(generate_records(count, seed=11)):
        text = record["body_html"].replace("<p>", "").replace("</p>", "\n")
        if number % 7 == 3:
            text = ODD_TEXTS[number // 7 % len(ODD_TEXTS)]
        topics = ",".join(sorted(record["topics"]))
        countries = ",".join(sorted(code.lower() for code in record["countries"]))
        published = datetime.fromisoformat(record["published"]).replace(tzinfo=None)
        doc = {
            "id": f"articles.article.{number + 1}",
            "django_ct": "articles.article",
            "django_id": str(number + 1),
            "text": f"{record['headline']}\n{text}",
            "headline": record["headline"],
            "type": "article",
            "topics": topics,
            "topics_exact": topics,
            "countries": countries,
            "countries_exact": countries,
            "year": str(published.year),
            "year_exact": str(published.year),
            "published": published,
            "byline": record["byline"],
            "dateline": record["dateline"],
            "caption": "\n".join(c["text"] for c in record["captions"]),
        }
        if number % 11 == 5:
            del doc["caption"]  # a field some documents lack
        docs.append(doc)
    return docs


def _whoosh_built(path, schema, docs):
    os.makedirs(path)
    ix = whoosh_index.create_in(path, schema)
    with ix.writer() as writer:
        for doc in docs:
            writer.add_document(**doc)
    return ix


def _bulk_built(path, schema, docs, **options):
    os.makedirs(path)
    ix = whoosh_index.create_in(path, schema)
    filler = bulk.Filler(ix, **options)
    for doc in docs:
        filler.add(doc)
    filler.commit()
    return ix.refresh()


def _contents(ix, blocks):
    """Everything a reader gives, keyed by document id rather than number."""
    with ix.reader() as reader:
        key = {n: fields["id"] for n, fields in reader.iter_docs()}
        stored = {key[n]: fields for n, fields in reader.iter_docs()}
        fields, spelling = {}, {}
        for name in reader.indexed_field_names():
            if name.startswith("spell_"):
                spelling[name] = set(reader.lexicon(name))
                continue
            terms = {}
            for term in reader.lexicon(name):
                info = reader.term_info(name, term)
                matcher = reader.postings(name, term)
                postings = []
                while matcher.is_active():
                    posting = [key[matcher.id()], matcher.weight(), matcher.value()]
                    if blocks:
                        posting += [
                            matcher.block_max_weight(),
                            matcher.block_min_length(),
                            matcher.block_max_length(),
                        ]
                    postings.append(tuple(posting))
                    matcher.next()
                postings.sort()
                stats = (
                    info.weight(),
                    info.doc_frequency(),
                    info.min_length(),
                    info.max_length(),
                    info.max_weight(),
                )
                terms[term] = (stats, postings)
            fields[name] = terms
        lengths = {
            (key[n], name): reader.doc_field_length(n, name)
            for n in key
            for name in reader.schema.scorable_names()
        }
        totals = {name: reader.field_length(name) for name in reader.schema.scorable_names()}
        return stored, fields, spelling, lengths, totals


def _hits(ix, words):
    with ix.searcher() as searcher:
        query = QueryParser("text", ix.schema).parse(words)
        return [hit["id"] for hit in searcher.search(query, limit=20)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    schema, docs = _schema(), _documents(420)
    base = tmp_path_factory.mktemp("bulk")
    return schema, docs, _whoosh_built(str(base / "whoosh"), schema, docs), base


@pytest.mark.django_db
def test_one_segment_equals_whooshs_posting_for_posting_and_block_for_block(built):
    schema, docs, reference, base = built
    ours = _bulk_built(str(base / "one"), schema, docs)
    assert len(ours.reader().leaf_readers()) == 1
    assert not os.path.exists(base / "one" / "MAIN.tmp")  # the writers' scratch space
    expected, got = _contents(reference, blocks=True), _contents(ours, blocks=True)
    names = ("stored fields", "postings", "spelling words", "lengths", "field totals")
    for name, want, have in zip(names, expected, got, strict=True):
        assert have == want, name
    with ours.reader() as reader:
        assert block_protocol(reader, "text", "flood") == whoosh_fixes.PICKLE_PROTOCOL
    # Terms with several blocks of postings were compared, not only short ones.
    longest = max(len(p) for _, p in got[1]["text"].values())
    assert longest > 2 * 128
    for words in ("flood", "minister AND election", '"prime minister"', "zürich OR café"):
        assert _hits(ours, words) == _hits(reference, words), words


@pytest.mark.django_db
def test_writer_processes_and_small_segments_hold_the_same_postings(built):
    schema, docs, reference, base = built
    ours = _bulk_built(str(base / "two"), schema, docs, procs=2, budget=6_000_000, compact_every=50)
    segments = len(ours.reader().leaf_readers())
    assert segments > 2  # both processes, and a budget overrun
    assert _contents(ours, blocks=False) == _contents(reference, blocks=False)
    assert _hits(ours, "flood") == _hits(reference, "flood")


@pytest.mark.django_db
def test_a_failing_writer_process_fails_the_fill_and_leaves_the_index_empty(tmp_path):
    schema = _schema()
    ix = whoosh_index.create_in(str(tmp_path), schema)
    filler = bulk.Filler(ix, procs=2)
    for doc in _documents(30):
        filler.add(doc)
    filler.add({"id": "articles.article.999", "no_such_field": "x"})
    with pytest.raises(RuntimeError, match="no_such_field"):
        filler.commit()
    filler.cancel()
    assert ix.refresh().doc_count_all() == 0
    with ix.writer(timeout=0) as writer:  # the lock was let go
        writer.add_document(id="articles.article.1")


@pytest.mark.django_db
def test_a_killed_writer_process_fails_the_fill(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), _schema())
    filler = bulk.Filler(ix, procs=2)
    victim = filler.workers[0][0]
    os.kill(victim.pid, signal.SIGKILL)
    victim.join()
    with pytest.raises(RuntimeError, match="ended early"):
        for doc in _documents(3 * bulk.JOB_SIZE * bulk.JOBS_WAITING):
            filler.add(doc)
        filler.commit()
    filler.cancel()
    assert all(not process.is_alive() for process, _ in filler.workers)
    assert ix.refresh().doc_count_all() == 0


def test_only_an_empty_index_is_filled(tmp_path):
    schema = _schema()
    ix = whoosh_index.create_in(str(tmp_path), schema)
    with ix.writer() as writer:
        writer.add_document(id="articles.article.1")
    with pytest.raises(ValueError, match="empty"):
        bulk.Filler(ix)
    with ix.writer(timeout=0) as writer:
        writer.add_document(id="articles.article.2")
