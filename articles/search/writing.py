"""Writing the Whoosh index: one batch of changes per commit, under the write lock.

``ArchiveWhooshBackend.batch()`` hands out a ``Batch``: updates and removals
collected in memory and applied in one Whoosh commit, or (when filling a new
index) documents streamed to a writer, possibly Whoosh's multiprocessing one.
"""

import contextlib
import queue

from haystack.constants import ID
from haystack.exceptions import SkipDocument
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import SegmentWriter

from articles.search.faults import IndexUnwritable

# Commits that only update a few documents leave merging to the commit that
# finds this many segments (see ``Batch.commit``). Every segment is another
# lookup for each word a search or "more like this" weighs, so few.
MERGE_AT_SEGMENTS = 5


def abandon(writer):
    """Drop a failed writer's half-written segment and, whatever else fails, its lock."""
    with contextlib.suppress(Exception):  # the lock below is what matters
        writer.cancel()
    lock = getattr(writer, "writelock", None)
    if lock is not None and not writer.is_closed:
        with contextlib.suppress(Exception):
            lock.release()
        writer.is_closed = True


class Batch:
    """Changes to apply in one Whoosh commit, under one write lock."""

    def __init__(self, backend, writer):
        self.backend = backend
        self.writer = writer
        self.documents = []
        self.stale = set()
        self.added = 0

    def _prepared(self, index, objects):
        build = getattr(index, "document", None)
        if build is not None:
            # Our indexes build Whoosh-ready documents in one pass (see
            # articles.search_indexes); haystack's full_prepare walks every
            # field through its own machinery, several times slower.
            for obj in objects:
                yield build(obj)
            return
        convert = self.backend._from_python
        for obj in objects:
            try:
                doc = index.full_prepare(obj)
            except SkipDocument:
                continue
            doc.pop("boost", None)
            yield {key: convert(value) for key, value in doc.items()}

    def update(self, index, objects):
        for doc in self._prepared(index, objects):
            self.documents.append(doc)
            self.stale.add(doc[ID])

    def remove(self, identifiers):
        self.stale.update(identifiers)

    def add_new(self, index, objects):
        """Write documents straight to the writer: for filling an empty index,
        where nothing needs replacing and nothing should wait in memory."""
        count = 0
        add = self.writer.add_document
        for doc in self._prepared(index, objects):
            add(**doc)
            count += 1
        self.added += count
        return count

    def commit(self):
        if not self.documents and not self.stale and not self.added:
            self.writer.cancel()
            return
        if self.stale:
            # Whoosh's update_document opens a fresh reader over every segment
            # for each document; one reader for the whole batch is enough.
            with _index_fault("read"), self.writer.reader() as reader:
                for identifier in self.stale:
                    if (ID, identifier) in reader:
                        for docnum in reader.postings(ID, identifier).all_ids():
                            self.writer.delete_document(docnum)
        # A document Whoosh refuses fails here on its own (see indexing.drain).
        for doc in self.documents:
            self.writer.add_document(**doc)
        # Whoosh merges small segments on every commit: 147 of the 338 ms an
        # admin save spent indexing at 3,000 articles. A few changed documents
        # make a segment of their own until there are enough to merge at once.
        merge = bool(self.added) or len(self.writer.segments) >= MERGE_AT_SEGMENTS
        with _index_fault("commit"):
            self.writer.commit(merge=merge)


@contextlib.contextmanager
def _index_fault(action):
    """Failures reading old segments or committing are the index's, not one document's."""
    try:
        yield
    except Exception as error:
        raise IndexUnwritable(f"the search index could not {action}: {error!r}") from error


class ParallelWriter(MpWriter):
    """Whoosh's multiprocessing writer, made to fail loudly.

    Whoosh 2.7.4 waits one second per worker for its segment and silently
    drops a worker that died (its documents with it), and its ``cancel()``
    cannot reach the workers, which then wait for work forever. Here a
    missing segment raises, and cancelling stops the workers.
    """

    def _new_task(self):
        # Workers wait on their queue forever; as daemons they end with this
        # process (normal exit, exception, Ctrl-C) instead of outliving it.
        task = SubWriterTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        task.daemon = True
        self.tasks.append(task)
        task.start()
        return task

    def _commit(self, mergetype, optimize, merge):
        if self.docbuffer:
            self._enqueue()
        for _ in self.tasks:
            self.jobqueue.put(None)
        results = []
        while len(results) < len(self.tasks):
            try:
                results.append(self.resultqueue.get(timeout=1))
            except queue.Empty:
                if not any(task.is_alive() for task in self.tasks) and self.resultqueue.empty():
                    break
        for task in self.tasks:
            task.join()
        if len(results) < len(self.tasks) or any(task.exitcode for task in self.tasks):
            self.cancel()
            raise RuntimeError("An index writer process failed; nothing was committed.")
        segments = self._merge_segments(mergetype, optimize, merge)
        segments += [segment for _, _, segment in results]
        if self._added:
            segments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(segments)
        self._finish()

    def cancel(self):
        for task in self.tasks:
            if task.is_alive():
                task.terminate()
            task.join()
        self.tasks = []
        SegmentWriter.cancel(self)
