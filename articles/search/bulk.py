"""Filling a new, empty index fast: the rebuild's own segment writer.

Whoosh's ``SegmentWriter`` puts every posting in a tuple, sorts the tuples in
a pool that spills to disk as pickles, merges the spilled runs back and then
hands the codec one posting per call. A 400-word article makes some 665
postings, so that was most of a rebuild's 7.6 CPU ms a document. A new index
needs none of that generality: documents arrive in order, so a term's
postings are already in document order when they are appended to the term's
own list; only the terms are sorted, when the segment is written, and the
codec is given a block of postings at a time.

The files are Whoosh's own (its W3 codec, through its writers); tests build
the same documents with Whoosh's writer and compare every term's postings,
statistics and stored fields.

One difference, on purpose: Whoosh adds a spelling word (the unstemmed words
of ``spell_text``) once for every document that holds it, every time as a
posting of the segment's first document. Only the word list is read
(``reader.terms_within``), so here each word is added once a segment: half
of all postings were spelling words.
"""

import contextlib
import multiprocessing
import operator
import os
import pickle
import queue
import struct
import traceback
import zlib
from array import array

from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3PostingsWriter,
)
from whoosh.compat import dumps
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.index import TOC, LockError
from whoosh.system import pack_int, pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

from articles.child_processes import follow_parent
from articles.search import stems, whoosh_fixes

# A segment is written when the postings held for it reach about this size:
# at 100,000 articles and two writer processes, one segment each.
SEGMENT_BUDGET = 1024 * 2**20
# Documents whose postings are held in flat lists before they are compacted.
COMPACT_EVERY = 4096
# Documents handed to a writer process at a time, and how many such jobs may
# wait for it (memory stays bounded when the database reads run ahead).
JOB_SIZE = 250
JOBS_WAITING = 2
# Rough bytes held for a posting (its id, weight and value) and for a term.
_POSTING_BYTES = 24
_TERM_BYTES = 300
_ONE_OCCURRENCE = pack_uint(1)
_INT_BYTES = len(pack_int(0))  # as StructFile.write_int writes it
_KEY_VALUE_LENGTHS = struct.Struct("!ii")  # before each entry, as HashWriter.add writes them
# Pickled blocks shorter than this are written uncompressed.
_COMPRESS_FROM_BYTES = 128


class WriterFailed(RuntimeError):
    """A writer process failed or died; nothing of the fill was committed."""


class _RunPostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer, given a term's postings at once.

    It counts the bytes it writes itself: Whoosh asked the file where it
    was at the start and end of every term, a system call each time
    (``BufferedWriter.tell``), some 5 % of a writer process's time.
    """

    def __init__(self, postfile, **options):
        super().__init__(postfile, **options)
        self._offset = postfile.tell()

    def start_postings(self, format_, terminfo):
        if self._terminfo:
            raise RuntimeError("a term's postings were started before the last one finished")
        self._format = format_
        self._blockcount = 0
        self._new_block()
        self._terminfo = terminfo
        self._startoffset = self._offset

    def finish_postings(self):
        terminfo = self._terminfo
        if not self.written() and len(self) < self._inlinelimit:
            # Few postings: kept in the term's own entry, not the postings file.
            terminfo.add_block(self)
            terminfo.set_inline(self._ids, self._weights, self._values)
        else:
            if self._ids:
                self._write_block(last=True)
            terminfo.set_extent(self._startoffset, self._offset - self._startoffset)
        self._terminfo = None
        return terminfo

    def add_run(self, ids, weights, values, lengths):
        """Buffer a term's postings, in document order, a block at a time.

        The same blocks and block statistics as ``add_posting`` called for
        each posting: every full block but the last is written here, and the
        last is left for ``finish_postings``. ``lengths``: each posting's
        document length in the field, or None for a field without lengths.
        """
        limit = self._blocklimit
        for start in range(0, len(ids), limit):
            if self._ids:
                self._write_block()
            end = start + limit
            self._ids = ids[start:end]
            self._weights = weights[start:end]
            block_values = values[start:end]
            # Whoosh keeps no empty values (a field that records only a word's presence).
            if b"" in block_values:
                block_values = [value for value in block_values if value]
            self._values = block_values
            self._maxweight = max(0, max(self._weights))
            known = lengths[start:end] if lengths else ()
            if 0 in known:
                known = [length for length in known if length]
            self._minlength = min(known) if known else None
            self._maxlength = max(known) if known else 0

    # Whoosh's own block encodings, with the loops over postings left to C.

    def _mini_ids(self):
        ids = self._ids
        if self._byteids:  # a term vector's: terms, not numbers
            return super()._mini_ids()
        return (ids[0], *map(operator.sub, ids[1:], ids))  # each id less the one before

    def _mini_weights(self):
        weights = self._weights
        first = weights[0]
        if weights.count(first) == len(weights):
            return None if first == 1.0 else first
        return tuple(weights)

    def _write_block(self, last=False):
        """Whoosh's block, compressed only when it is large enough to gain.

        Most terms have a posting or two: zlib took a tenth of the writing and
        made their blocks longer. (Whoosh meant to skip blocks under 20
        bytes, but the line after its check undoes it.) Readers look at each
        block's own compression flag.
        """
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
            self._offset += len(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = pickle.dumps(
            (self._mini_ids(), self._mini_weights(), self._mini_values()),
            whoosh_fixes.PICKLE_PROTOCOL,
        )
        level = self._compression if len(data) >= _COMPRESS_FROM_BYTES else 0
        if level:
            data = zlib.compress(data, level)
        ids = self._ids
        info = dumps(
            (
                len(ids),
                ids[-1],
                self._maxweight,
                level,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            2,
        )
        size = len(info) + len(data)
        self._postfile.write_int(-size if last else size)  # negative: the term's last block
        self._postfile.write(info)
        self._postfile.write(data)
        self._offset += _INT_BYTES + size
        self._blockcount += 1
        self._new_block()


class _TermsTable(OrderedHashWriter):
    """Whoosh's table of terms, counting its own byte offset as the postings writer does.

    Whoosh asked the file where it was twice a term (``tell`` for the
    ordered index, again for the hash), a system call each: 2–4 % of a
    writer process's time. The bytes written are the same.
    """

    @classmethod
    def taking_over(cls, table):
        """This table in place of ``table``, which has written its header and nothing more."""
        taken = cls.__new__(cls)
        taken.__dict__.update(table.__dict__)
        taken._offset = table.dbfile.tell()
        return taken

    def add(self, key, value):
        if key <= self.lastkey:
            raise ValueError(f"Keys must increase: {self.lastkey!r}..{key!r}")
        position = self._offset
        self.index.append(position)
        entry = _KEY_VALUE_LENGTHS.pack(len(key), len(value)) + key + value
        self.dbfile.write(entry)
        self._offset += len(entry)
        hashed = self.hashfn(key)
        self.buckets[hashed & 255].append((hashed, position))
        self.lastkey = key


class _RunFieldWriter(W3FieldWriter):
    def __init__(self, codec, storage, segment):
        super().__init__(codec, storage, segment)
        self._tindex = _TermsTable.taking_over(self._tindex)

    def add_run(self, ids, weights, values, lengths):
        self._postwriter.add_run(ids, weights, values, lengths)


class _RunCodec(W3Codec):
    """The default codec, with writers that take a term's postings at once.

    Only for writing: segments are made by a plain ``W3Codec``, which is what
    the table of contents records and readers use.
    """

    def field_writer(self, storage, segment):
        return _RunFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return _RunPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


def _stored_length(length):
    # The length a reader gets back: the per-document column keeps one byte.
    return byte_to_length(length_to_byte(length)) if length else 0


class SegmentBuilder:
    """Documents in, Whoosh segments out, in this process.

    ``add(doc)`` takes a document as ``IndexWriter.add_document`` does (field
    name → value, no boosts); ``finish()`` writes what is held and returns
    the segments made, to be listed in the index's table of contents.
    """

    def __init__(self, ix, budget=SEGMENT_BUDGET, compact_every=COMPACT_EVERY):
        self.storage = ix.storage
        self.indexname = ix.indexname
        self.schema = ix.schema
        self.budget = budget
        self.compact_every = compact_every
        self.segments = []
        self.codec = _RunCodec()
        self.segment = None
        stems.widen_word_cache()

    def _start(self):
        self.segment = W3Codec().new_segment(self.storage, self.indexname)
        self.perdoc = self.codec.per_document_writer(self.storage, self.segment)
        self.postings = {}  # field name → {term: (doc ids, weights, values)}
        self.fresh = {}  # the same for the documents since the last compaction (see add)
        self.lengths = {}  # field name → each document's length in it
        self.spelling = {}  # spelling field name → words
        self.docnum = 0
        self.size = 0

    def add(self, doc):
        if self.segment is None:
            self._start()
        docnum, perdoc, schema = self.docnum, self.perdoc, self.schema
        perdoc.start_doc(docnum)
        for name in sorted(doc):
            value = doc[name]
            if name.startswith("_"):
                raise ValueError(f"{name!r}: boosts and custom stored values are not supported")
            if value is None:
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                # A term's postings go to one flat list, three items each: a
                # quarter of the time of appending to three arrays. Compacted
                # into arrays every so often, they take two thirds the memory.
                fresh = self.fresh.setdefault(name, {})
                if isinstance(value, str) and hasattr(field, "index_into"):
                    length = field.index_into(value, fresh, docnum)
                else:
                    for term, freq, weight, encoded in field.index(value):
                        run = fresh.get(term)
                        if run is None:
                            fresh[term] = [docnum, weight, encoded]
                        else:
                            run += (docnum, weight, encoded)
                        length += freq
                if not field.scorable:
                    length = 0
                elif length:
                    lengths = self.lengths.setdefault(name, array("I"))
                    lengths.extend([0] * (docnum - len(lengths)))
                    lengths.append(_stored_length(length))
            if field.separate_spelling():
                words = self.spelling.setdefault(field.spelling_fieldname(name), set())
                words.update(field.spellable_words(value))
            if field.vector:
                raise ValueError(f"{name!r}: term vectors are not supported")
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self.docnum += 1
        if self.docnum % self.compact_every == 0:
            self._compact()
            if self.size >= self.budget:
                self._write_segment()

    def _compact(self):
        for name, fresh in self.fresh.items():
            held = self.postings.setdefault(name, {})
            for term, run in fresh.items():
                entry = held.get(term)
                if entry is None:
                    held[term] = entry = (array("I"), array("f"), [])
                    self.size += _TERM_BYTES + len(term)
                entry[0].extend(run[0::3])
                entry[1].extend(run[1::3])
                entry[2].extend(run[2::3])
                self.size += len(run) // 3 * _POSTING_BYTES
        self.fresh = {}

    def finish(self):
        if self.segment is not None:
            self._write_segment()
        return self.segments

    def _write_segment(self):
        self._compact()
        self.perdoc.close()
        for name, words in self.spelling.items():
            self.postings[name] = {
                word.encode("utf-8"): (array("I", [0]), array("f", [1.0]), [_ONE_OCCURRENCE])
                for word in words
            }
        fields = self.codec.field_writer(self.storage, self.segment)
        for name in sorted(self.postings):
            terms = self.postings.pop(name)
            lengths = self.lengths.pop(name, None)
            if lengths is not None:
                lengths.extend([0] * (self.docnum - len(lengths)))
                length_of = lengths.__getitem__
            fields.start_field(name, self.schema[name])
            for term in sorted(terms):
                ids, weights, values = terms[term]
                fields.start_term(term)
                run_lengths = None if lengths is None else list(map(length_of, ids))
                fields.add_run(ids, weights, values, run_lengths)
                fields.finish_term()
            fields.finish_field()
        fields.close()
        self.segment.set_doc_count(self.docnum)
        if self.segment.should_assemble():
            self.segment.create_compound_file(self.storage)
            self.segment.compound = True
        self.segments.append(self.segment)
        self.segment = None


class Filler:
    """Fill the empty index ``ix``: ``add(doc)`` each document, then ``commit()``.

    With ``procs`` > 1, documents go in jobs to that many forked writer
    processes, each writing segments of its own, while this process goes on
    reading. Holds the index's write lock from start to end.
    """

    def __init__(self, ix, procs=1, **sizes):
        self.ix = ix
        self.lock = ix.lock("WRITELOCK")
        if not self.lock.acquire():
            raise LockError("the new index is locked by another writer")
        if ix.doc_count_all():
            self.lock.release()
            raise ValueError("only an empty index can be filled")
        self.count = 0
        self.local = None
        self.workers = []
        if procs <= 1:
            self.local = SegmentBuilder(ix, **sizes)
            return
        context = multiprocessing.get_context("fork")
        self.results = context.Queue()
        self.made = {}  # writer process number → the segments it wrote
        for number in range(procs):
            jobs = context.Queue(maxsize=JOBS_WAITING)
            process = context.Process(
                target=_write_jobs,
                args=(ix, sizes, number, jobs, self.results, os.getpid()),
                daemon=True,
            )
            self.workers.append((process, jobs))
        for process, _ in self.workers:
            process.start()
        self.job = []
        self.turn = 0

    def add(self, doc):
        self.count += 1
        if self.local is not None:
            self.local.add(doc)
            return
        self.job.append(doc)
        if len(self.job) >= JOB_SIZE:
            self._hand_out(self.job)
            self.job = []

    def _hand_out(self, job):
        process, jobs = self.workers[self.turn % len(self.workers)]
        self.turn += 1
        self._put(process, jobs, job)

    def _put(self, process, jobs, item):
        # A process that died takes no more jobs: its queue fills, and then
        # waiting for room would be forever.
        while True:
            try:
                jobs.put(item, timeout=1)
                return
            except queue.Full:
                self._check(process)

    def _check(self, process):
        if not process.is_alive():
            self._collect(wait=0)  # its own account of the failure, if it gave one
            raise WriterFailed(
                f"An index writer process ended early (exit code {process.exitcode})."
            )

    def _collect(self, wait):
        """Take the writer processes' reports waiting (or, with ``wait``, the next one)."""
        while True:
            try:
                if wait:
                    number, outcome, detail = self.results.get(timeout=wait)
                else:
                    number, outcome, detail = self.results.get_nowait()
            except queue.Empty:
                return
            if outcome == "failed":
                raise WriterFailed(f"An index writer process failed:\n{detail}")
            self.made[number] = detail
            if wait:
                return

    def commit(self):
        try:
            segments = self._gather() if self.local is None else self.local.finish()
            if segments:
                TOC(self.ix.schema, segments, self.ix.latest_generation() + 1).write(
                    self.ix.storage, self.ix.indexname
                )
            # Where the per-document writers kept their columns until assembled.
            self.ix.storage.temp_storage(f"{self.ix.indexname}.tmp").destroy()
        finally:
            self.lock.release()

    def _gather(self):
        if self.job:
            self._hand_out(self.job)
            self.job = []
        for process, jobs in self.workers:
            self._put(process, jobs, None)  # no more jobs
        while len(self.made) < len(self.workers):
            waiting = len(self.made)
            self._collect(wait=1)
            if len(self.made) == waiting:
                for number, (process, _) in enumerate(self.workers):
                    if number not in self.made:
                        self._check(process)
        for process, _ in self.workers:
            process.join()
        return [segment for number in sorted(self.made) for segment in self.made[number]]

    def cancel(self):
        """Stop the writer processes and let go of the lock; what they wrote is
        left to whoever removes the new index's directory."""
        for process, jobs in self.workers:
            if process.is_alive():
                process.terminate()
            process.join()
            # Jobs its process never took would hold this one at exit, waiting
            # to hand them over.
            jobs.cancel_join_thread()
        with contextlib.suppress(Exception):
            self.lock.release()


def _write_jobs(ix, sizes, number, jobs, results, parent):
    follow_parent(parent)
    try:
        builder = SegmentBuilder(ix, **sizes)
        while (job := jobs.get()) is not None:
            for doc in job:
                builder.add(doc)
        results.put((number, "done", builder.finish()))
    except BaseException:
        results.put((number, "failed", traceback.format_exc()))
