"""Our fixes to Whoosh (articles/search/whoosh_fixes.py): block-quality skipping
terminates, and readers do not copy segment files into memory."""

import io
import pickle
import threading
import tracemalloc

import pytest
from whoosh import fields, index, query
from whoosh.filedb.structfile import BufferFile
from whoosh.matching import mcore
from whoosh.matching.binary import UnionMatcher

import articles.search.whoosh_fixes  # noqa: F401 - applies the fix


class BlockMatcher(mcore.Matcher):
    """Postings in blocks, each with a fixed quality: a leaf matcher in miniature."""

    def __init__(self, blocks):
        self.blocks = blocks  # [([doc ids], quality)]
        self.block = 0
        self.i = 0

    def is_active(self):
        return self.block < len(self.blocks)

    def id(self):
        return self.blocks[self.block][0][self.i]

    def next(self):
        self.i += 1
        if self.i >= len(self.blocks[self.block][0]):
            self.block, self.i = self.block + 1, 0

    def supports_block_quality(self):
        return True

    def block_quality(self):
        return self.blocks[self.block][1]

    def skip_to_quality(self, minquality):
        skipped = 0
        while self.is_active() and self.block_quality() <= minquality:
            self.block, self.i = self.block + 1, 0
            skipped += 1
        return skipped

    def score(self):
        return self.block_quality()


def test_union_skip_to_quality_stops_when_rounding_leaves_nothing_to_skip():
    # 1.955 > 4.321 - 2.366, yet 1.955 + 2.366 <= 4.321: Whoosh 2.7.4 loops forever here.
    union = UnionMatcher(BlockMatcher([([1, 3], 1.955)]), BlockMatcher([([2, 4], 2.366)]))
    outcome = {}
    worker = threading.Thread(
        target=lambda: outcome.setdefault("skipped", union.skip_to_quality(4.321)), daemon=True
    )
    worker.start()
    worker.join(timeout=5)
    assert not worker.is_alive(), "skip_to_quality did not return"
    assert outcome["skipped"] == 0
    assert union.id() == 1  # left where it was: the collector scores it and moves on


def test_union_still_skips_blocks_that_cannot_compete():
    a = BlockMatcher([([1, 2], 0.5), ([10, 11], 3.0)])
    b = BlockMatcher([([1, 5], 1.0), ([12], 1.0)])
    union = UnionMatcher(a, b)
    assert union.skip_to_quality(2.0) == 1
    assert a.id() == 10  # a's weak first block was passed over


# -- segment files read in place ---------------------------------------------


def test_buffer_file_reads_like_bytesio_without_copying():
    payload = pickle.dumps({"a": list(range(50))}) + b"line one\nline two\ntail"
    source = bytearray(b"xx" + payload + b"yy")
    view = memoryview(source)[2 : 2 + len(payload)]
    ours, theirs = BufferFile(view).file, io.BytesIO(bytes(view))
    assert not isinstance(ours, io.BytesIO)
    # A look ahead (which pickle uses to read in one piece) does not move.
    assert ours.peek(4) == payload[:4] and ours.tell() == 0
    assert pickle.load(ours) == pickle.load(theirs)
    assert ours.tell() == theirs.tell()
    assert ours.readline() == theirs.readline() == b"line one\n"
    assert list(ours) == list(theirs) == [b"line two\n", b"tail"]
    assert ours.read() == theirs.read() == b""
    assert ours.peek(8) == b""
    assert ours.seek(-4, 2) == theirs.seek(-4, 2)
    target, expected = bytearray(10), bytearray(10)
    assert ours.readinto(target) == theirs.readinto(expected) == 4
    assert target == expected
    ours.seek(5)
    assert ours.read(3) == payload[5:8]
    source[2 + 5] = ord("Z")  # a view, not a copy: it sees the buffer change
    ours.seek(5)
    assert ours.read(1) == b"Z"
    with pytest.raises(ValueError):
        ours.seek(-1)


def test_buffer_file_peeks_at_most_a_page_and_still_loads_larger_pickles():
    from articles.search.whoosh_fixes import PEEK_BYTES

    large = {"ids": list(range(5000)), "text": "x" * 20_000}
    payload = pickle.dumps(large) + pickle.dumps("next")
    ours = BufferFile(memoryview(payload)).file
    assert len(ours.peek(1 << 17)) == PEEK_BYTES < len(payload)
    assert pickle.load(ours) == large
    assert pickle.load(ours) == "next"
    assert ours.read() == b""


def test_opening_a_searcher_does_not_copy_the_segment(tmp_path):
    schema = fields.Schema(id=fields.ID(stored=True), text=fields.TEXT(stored=True))
    ix = index.create_in(tmp_path, schema)
    with ix.writer() as writer:
        for n in range(3000):
            words = " ".join(f"w{(n * 7 + k) % 5000}x{k}" for k in range(60))
            writer.add_document(id=str(n), text=words)
    segment = sum(p.stat().st_size for p in tmp_path.glob("*.seg"))
    assert segment > 2_000_000  # one compound file, memory-mapped by readers

    tracemalloc.start()
    try:
        with ix.searcher() as searcher:
            assert searcher.doc_count() == 3000
            allocated = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Whoosh 2.7.4 alone copies each file of the segment: more than the segment's size.
    assert allocated < segment / 4, (allocated, segment)


def _segments_of(ix, n_docs_each):
    """An index of one segment per batch (no merging), ids "b<batch>-<n>"."""
    for batch, count in enumerate(n_docs_each):
        writer = ix.writer()
        for n in range(count):
            writer.add_document(id=f"b{batch}-{n}", text=f"common word{n} batch{batch}")
        writer.commit(merge=False)


def _leaves(searcher):
    return {leaf.segment().segment_id(): leaf for leaf, _ in searcher.reader().leaf_readers()}


def test_refresh_keeps_readers_of_unchanged_segments(tmp_path):
    ix = index.create_in(tmp_path, fields.Schema(id=fields.ID(stored=True), text=fields.TEXT))
    _segments_of(ix, [5, 5])
    searcher = ix.searcher()
    before = _leaves(searcher)
    assert len(before) == 2
    _segments_of(ix, [0, 0, 3])  # one more segment, the others untouched

    refreshed = searcher.refresh()
    after = _leaves(refreshed)
    assert len(after) == 3
    kept = [segid for segid in before if after.get(segid) is before[segid]]
    assert sorted(kept) == sorted(before)  # Whoosh 2.7.4 reopens both
    assert refreshed.doc_count() == 13
    assert refreshed.reader().generation() == ix.latest_generation()
    assert refreshed.refresh() is refreshed  # up to date: nothing reopened
    refreshed.close()


def test_refresh_reopens_a_segment_whose_deletions_changed(tmp_path):
    ix = index.create_in(tmp_path, fields.Schema(id=fields.ID(stored=True), text=fields.TEXT))
    _segments_of(ix, [5, 5])
    searcher = ix.searcher()
    before = _leaves(searcher)
    with ix.writer() as writer:
        writer.delete_by_term("id", "b1-2")
        writer.mergetype = None
    refreshed = searcher.refresh()
    after = _leaves(refreshed)
    changed = [segid for segid in before if after[segid] is not before[segid]]
    assert len(changed) == 1  # the segment that held b1-2, opened with its deletion
    assert before[changed[0]].is_closed
    ids = {fields_["id"] for fields_ in refreshed.all_stored_fields()}
    assert "b1-2" not in ids and len(ids) == 9
    assert refreshed.search(query.Term("id", "b1-2")).scored_length() == 0
    refreshed.close()


def test_a_single_segment_reader_reports_the_new_generation(tmp_path):
    ix = index.create_in(tmp_path, fields.Schema(id=fields.ID(stored=True), text=fields.TEXT))
    _segments_of(ix, [4])
    searcher = ix.searcher()
    writer = ix.writer()
    writer.delete_by_term("id", "b0-1")
    writer.commit(merge=False)
    refreshed = searcher.refresh()
    assert refreshed.reader().generation() == ix.latest_generation()
    assert refreshed.doc_count() == 3
    refreshed.close()


def test_refresh_from_an_empty_index(tmp_path):
    ix = index.create_in(tmp_path, fields.Schema(id=fields.ID(stored=True), text=fields.TEXT))
    searcher = ix.searcher()
    assert searcher.doc_count() == 0
    _segments_of(ix, [2])
    refreshed = searcher.refresh()
    assert refreshed.doc_count() == 2
    refreshed.close()


def block_protocol(reader, fieldname, word):
    """The pickle protocol of the first block of a term's postings in a one-segment reader."""
    import zlib

    matcher = reader.postings(fieldname, word.encode())
    data = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
    if matcher._compression:
        data = zlib.decompress(data)
    assert data[0] == pickle.PROTO[0]
    return data[1]


def _tides(directory, count=300):
    directory.mkdir()
    ix = index.create_in(directory, fields.Schema(id=fields.ID(stored=True), text=fields.TEXT))
    with ix.writer() as writer:
        for n in range(count):
            writer.add_document(id=str(n), text=" ".join(["tide"] * (1 + n % 3) + ["harbour"]))
    return ix


def _postings(ix, word):
    with ix.searcher() as searcher:
        matcher = searcher.reader().postings("text", word.encode())
        return list(matcher.items_as("positions"))


def test_whooshs_writer_pickles_postings_with_the_newer_protocol(tmp_path, monkeypatch):
    from whoosh import compat
    from whoosh.codec import whoosh3

    from articles.search import whoosh_fixes

    ix = _tides(tmp_path / "new")
    with ix.reader() as reader:
        assert block_protocol(reader, "text", "tide") == whoosh_fixes.PICKLE_PROTOCOL == 4
    # Segments written before the fix (protocol 2) read the same.
    monkeypatch.setattr(whoosh3, "dumps", compat.dumps)
    older = _tides(tmp_path / "old")
    with older.reader() as reader:
        assert block_protocol(reader, "text", "tide") == 2
    for word in ("tide", "harbour"):
        postings = _postings(ix, word)
        assert len(postings) == 300
        assert postings == _postings(older, word)
    assert postings[0] == (0, [1])
