"""Writing the Whoosh index: one batch of changes per commit, under the write lock.

``ArchiveWhooshBackend.batch()`` hands out a ``Batch``: updates and removals
collected in memory and applied in one Whoosh commit. (A rebuild fills its
new index through ``articles.search.bulk`` instead.)
"""

import contextlib

from haystack.constants import ID
from haystack.exceptions import SkipDocument

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


def rows(index, using=None):
    """``index``'s rows to index: its ``index_queryset()``, prefetching left to ``documents``."""
    queryset = index.index_queryset(using=using)
    return queryset.prefetch_related(None) if hasattr(index, "documents") else queryset


def documents(backend, index, objects):
    """The Whoosh documents of ``objects`` (rows of ``index``'s model), field name → value."""
    build = getattr(index, "documents", None)
    if build is not None:
        # Our indexes build Whoosh-ready documents in one pass, their related
        # rows read for all at once (see articles.search_indexes); haystack's
        # full_prepare walks every field through its own machinery, several
        # times slower.
        yield from build(objects)
        return
    convert = backend._from_python
    for obj in objects:
        try:
            doc = index.full_prepare(obj)
        except SkipDocument:
            continue
        doc.pop("boost", None)
        yield {key: convert(value) for key, value in doc.items()}


class Batch:
    """Changes to apply in one Whoosh commit, under one write lock."""

    def __init__(self, backend, writer):
        self.backend = backend
        self.writer = writer
        self.documents = []
        self.stale = set()

    def update(self, index, objects):
        for doc in documents(self.backend, index, objects):
            self.documents.append(doc)
            self.stale.add(doc[ID])

    def remove(self, identifiers):
        self.stale.update(identifiers)

    def commit(self):
        if not self.documents and not self.stale:
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
        merge = len(self.writer.segments) >= MERGE_AT_SEGMENTS
        with _index_fault("commit"):
            self.writer.commit(merge=merge)


@contextlib.contextmanager
def _index_fault(action):
    """Failures reading old segments or committing are the index's, not one document's."""
    try:
        yield
    except Exception as error:
        raise IndexUnwritable(f"the search index could not {action}: {error!r}") from error
