"""Four fixes for Whoosh 2.7.4, applied once on import.

1. Block-quality skipping.

``UnionMatcher.skip_to_quality`` (an OR, and every word searched over several
fields) loops while ``aq + bq <= minquality``, asking the weaker side to skip
to ``minquality - bq``. Floating point can make both hold at once:
``1.955 > 4.321 - 2.366`` and yet ``1.955 + 2.366 <= 4.321``. The child then has
nothing to skip, returns 0 without moving, and the loop never ends (open
upstream as whoosh-community/whoosh#446). We met it after concurrent updates
and deletes and had turned the optimisation off, which made every search score
every matching document.

Skipping is only an optimisation: stopping early leaves the matcher on a
document the collector scores and discards. So the loop below is Whoosh's,
with one change: it stops when a round skips nothing.

2. Segment files copied into memory. A reader opens each file of a compound
segment as a ``BufferFile`` over a slice of the memory-mapped segment, and
``BufferFile`` wraps that slice in ``io.BytesIO``, which copies it: every
search process held a private copy of every posting list (about 150 MB per
10,000 articles, growing with the archive). ``_BufferReader`` reads the mapped
slice in place, so those pages stay in the kernel's cache, shared by every
worker.

3. Readers reopened on every change. ``Searcher.refresh()`` is meant to keep
the readers of segments that did not change, but ``FileIndex._reader`` files
them under their generation and looks them up by segment id, so it never
finds one: after each commit every thread of every process reopened every
segment (and, the old mapped files still referenced by views, kept their
mappings until a garbage collection; we counted 181 mappings of one segment in
a worker after a minute of editors saving). Here a segment's reader is kept
when its segment is the same and has the same deletions (deletions in a
segment only grow, so an equal count is an equal set); otherwise it is opened
afresh, as before.

4. Postings pickled with protocol 2. Each block of postings is a pickled
tuple (ids, weights, values), and a text field's values are one bytes object
a posting (its positions). Protocol 2 predates bytes: each is written as a
call to ``_codecs.encode`` on a string, which unpickling makes again for
every posting. Reading a common word's 132 blocks at 100,000 articles
unpickled in 11.6 ms; the same blocks in protocol 4 in 1.1 ms, and took 102
instead of 232 KB compressed. Whoosh's codec now pickles with
``PICKLE_PROTOCOL`` (blocks, their headers, and postings kept with their
term), as the rebuild's writer (``bulk``) does for blocks; its readers
unpickle either, so older segments stay readable.
"""

import pickle

from whoosh.codec import whoosh3
from whoosh.filedb.structfile import BufferFile
from whoosh.index import FileIndex
from whoosh.matching import mcore
from whoosh.matching.binary import UnionMatcher


def _union_skip_to_quality(self, minquality):
    self._id = None
    a, b = self.a, self.b
    if not (a.is_active() or b.is_active()):
        raise mcore.ReadTooFar
    if not a.is_active():
        return b.skip_to_quality(minquality)
    if not b.is_active():
        return a.skip_to_quality(minquality)

    skipped = 0
    aq, bq = a.block_quality(), b.block_quality()
    while a.is_active() and b.is_active() and aq + bq <= minquality:
        if aq < bq:
            step = a.skip_to_quality(minquality - bq)
            aq = a.block_quality()
        else:
            step = b.skip_to_quality(minquality - aq)
            bq = b.block_quality()
        if not step:
            break  # no progress: let the collector score this document
        skipped += step
    return skipped


# The most bytes ``_BufferReader.peek`` returns: a page.
PEEK_BYTES = 4096


class _BufferReader:
    """A read-only, seekable file over a buffer, which (unlike BytesIO) it never copies."""

    def __init__(self, buf):
        self._view = memoryview(buf)
        self._size = len(self._view)
        self._pos = 0
        self.closed = False

    def read(self, size=-1):
        end = self._size if size is None or size < 0 else min(self._pos + size, self._size)
        data = self._view[self._pos : end].tobytes()
        self._pos = max(end, self._pos)
        return data

    def peek(self, size=1):
        # With peek, pickle.load takes what it needs from one look ahead and
        # then reads past it once; without, it reads opcode by opcode (some
        # twenty read() calls for each block header of postings). It asks
        # for 128 KB; less may be given (as io.BufferedReader does), and a
        # header is some 50 bytes: copying 128 KB each time doubled its cost.
        return self._view[self._pos : self._pos + min(max(size, 1), PEEK_BYTES)].tobytes()

    def readinto(self, target):
        n = max(0, min(len(target), self._size - self._pos))
        target[:n] = self._view[self._pos : self._pos + n]
        self._pos += n
        return n

    def readline(self, size=-1):
        limit = self._size if size is None or size < 0 else min(self._pos + size, self._size)
        start = end = self._pos
        while end < limit:
            chunk = self._view[end : min(end + 256, limit)].tobytes()
            newline = chunk.find(b"\n")
            if newline >= 0:
                end += newline + 1
                break
            end += len(chunk)
        self._pos = end
        return self._view[start:end].tobytes()

    def __iter__(self):
        while line := self.readline():
            yield line

    def seek(self, offset, whence=0):
        base = {0: 0, 1: self._pos, 2: self._size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._pos = base + offset
        return self._pos

    def tell(self):
        return self._pos

    def flush(self):
        pass

    def close(self):
        self.closed = True
        # Lets the segment's memory map close now rather than at a collection.
        self._view.release()


def _buffer_file_init(self, buf, name=None, onclose=None):
    self._buf = buf
    self._name = name
    self.file = _BufferReader(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def _reader(cls, storage, schema, segments, generation, reuse=None):
    from whoosh.reading import EmptyReader, MultiReader, SegmentReader

    reusable = {}
    if reuse is not None:
        for leaf, _ in reuse.leaf_readers():
            # An empty index's reader has no segment to keep.
            if isinstance(leaf, SegmentReader) and not leaf.is_closed:
                reusable[leaf.segment().segment_id()] = leaf
    try:
        if not segments:
            return EmptyReader(schema)
        readers = []
        for segment in segments:
            kept = reusable.get(segment.segment_id())
            if kept is not None and kept.segment().deleted_count() == segment.deleted_count():
                del reusable[segment.segment_id()]
                kept._gen = generation
                readers.append(kept)
            else:
                readers.append(SegmentReader(storage, schema, segment, generation=generation))
        return readers[0] if len(readers) == 1 else MultiReader(readers, generation=generation)
    finally:
        for unused in reusable.values():
            unused.close()


# What blocks of postings are pickled with (see 4. above).
PICKLE_PROTOCOL = 4


def _dumps(obj, protocol=None):
    return pickle.dumps(obj, PICKLE_PROTOCOL)


def apply():
    UnionMatcher.skip_to_quality = _union_skip_to_quality
    # Whoosh's codec module pickles blocks (and postings it keeps with their
    # term) through its own name for ``dumps``; its readers use ``loads``.
    whoosh3.dumps = _dumps
    BufferFile.__init__ = _buffer_file_init
    FileIndex._reader = classmethod(_reader)


apply()
