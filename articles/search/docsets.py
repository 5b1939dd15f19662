"""Sets of document numbers, kept per index segment, for facets, filters and sorting.

Whoosh counts facets by calling Python code for every hit and every facet
(``groupedby``), and sorts or range-filters by reading a column per hit. A
page of search results needs the total, five facet counts and twenty hits, so
that per-hit work was most of a search. Here the work is done once per
segment: for each keyword field, the set of documents holding each value; for
the date field, the documents in date order and each one's local month.
Facet counts are then set intersections (C speed), a date range is two binary
searches, and "newest first" walks a precomputed order.

Segments never change once written (a deletion only hides documents, and hits
never include hidden ones), so a segment's tables live as long as it does.
A searcher's tables are assembled from its segments' when it is first used.
"""

import bisect
import datetime
import gc
import threading
import time
from array import array
from collections import Counter, defaultdict
from itertools import accumulate, chain, filterfalse

from django.utils import timezone

_lock = threading.Lock()
# (segment id, field) → that segment's table; pruned to live segments.
_segment_tables = {}


def _segment_table(segreader, fieldname, build):
    key = (segreader.segment().segment_id(), fieldname)
    table = _segment_tables.get(key)
    if table is None:
        table = build(segreader, fieldname)
        with _lock:
            _segment_tables[key] = table
        _settle()
    return table


# One int object per document number, shared by every table. Each number
# above 256 is otherwise an object of its own (28 bytes) in every list, set
# and dictionary that holds it: most of the tables' memory.
_numbers = ()


def _numbered(upto):
    """A tuple whose item n is the shared int object for n, for every n below ``upto``."""
    global _numbers
    numbers = _numbers
    if len(numbers) < upto:
        # Grown with room to spare; another thread growing it at the same
        # time only makes a second copy of some numbers.
        numbers = _numbers = (*numbers, *range(len(numbers), upto + upto // 4 + 1024))
    return numbers


def _values_to_docs(segreader, fieldname):
    """{value: (local docnums)} for a keyword field, from its postings."""
    table = {}
    if fieldname not in segreader.schema:
        return table
    numbers = _numbered(segreader.doc_count_all())
    # One tuple for equal lists of documents across fields (see ``interned``).
    same = _segment_table(segreader, "@interned", _new_dict)
    for raw in segreader.lexicon(fieldname):
        value = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        # Documents deleted later stay in the table: harmless, since every
        # count and filter is intersected with hits, which never hold them.
        docs = tuple(numbers[d] for d in segreader.postings(fieldname, raw).all_ids())
        table[value] = same.setdefault(docs, docs)
    return table


def _moments(segreader, fieldname):
    """[(naive UTC datetime or None)] per local docnum, from the field's column."""
    if not segreader.has_column(fieldname):
        return [None] * segreader.doc_count_all()
    column = segreader.column_reader(fieldname, translate=True)
    return list(column)


def field_lengths(segreader, fieldname):
    """Whoosh's one-byte length of ``fieldname`` for each local document, as bytes.

    None when the segment keeps its lengths some other way. Scoring asks
    the length of every hit's field through four calls and a file read
    each; a segment's column is read here once, in one piece (100 KB at
    100,000 documents).
    """
    return _segment_table(
        segreader, f"{fieldname}@lengths", lambda segreader, _: _length_bytes(segreader, fieldname)
    )


def _length_bytes(segreader, fieldname):
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, _lenfield
    from whoosh.columns import NumericColumn

    perdoc = getattr(segreader, "_perdoc", None)
    if not isinstance(perdoc, W3PerDocReader):
        return None
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if type(column) is not NumericColumn.Reader or column._typecode != "B":
        return None
    stored = column._dbfile.get(column._basepos, column._count)
    # Documents past the column's end have the column's default, 0.
    return stored + bytes(segreader.doc_count_all() - len(stored))


# The most postings one search keeps (see ``KeptPostings``): 1.8 MB.
KEEP_POSTINGS = 150_000


class KeptPostings(dict):
    """The postings a search read to find its matches, for scoring them after.

    {``kept_key``: (ids, weights)}: a term's postings in one segment as two
    arrays, 12 bytes a posting (a tuple of objects a block raised a worker's
    own memory by more than the postings' size), up to ``KEEP_POSTINGS``
    postings in all: several searches run at once, and one for common words
    matches more documents than are scored this way. Positions are not
    kept: the phrase rescoring reads those of its 100 documents.
    """

    def __init__(self, room=KEEP_POSTINGS):
        super().__init__()
        self.room = room

    def keep(self, key, ids, weights):
        if len(ids) <= self.room:
            self[key] = ids, weights
            self.room -= len(ids)


def stored_weights(weights, count):
    """The weights of a block of ``count`` postings, however Whoosh 3 stored them.

    None when all are 1.0, a single float when all are that, else a sequence.
    """
    if weights is None:
        return (1.0,) * count
    if isinstance(weights, float):
        return (weights,) * count
    return weights


def _kept_block(ids, weights, block_ids, block_weights):
    """Add a block of postings to a term's kept arrays."""
    ids.extend(block_ids)
    # Through an iterator: an array of another type code is not taken whole.
    weights.extend(iter(stored_weights(block_weights, len(block_ids))))


def kept_key(segreader, fieldname, text):
    """Where ``term_docs`` keeps a term's postings of one segment in a ``KeptPostings``."""
    return segreader.segment().segment_id(), fieldname, text


def term_docs(searcher, fieldname, text, kept=None):
    """Global docnums holding a term, read a block of postings at a time.

    Whoosh yields a term's documents one ``next()`` call at a time (half the
    time of a three-word search at 100,000 articles); its block reader
    already holds each block's ids as a tuple, which are taken whole here.
    With ``kept`` (``KeptPostings``), each segment's postings are also kept,
    while there is room, for scoring the same search's hits without reading
    and decompressing them again.
    """
    from whoosh.codec.whoosh3 import W3LeafMatcher
    from whoosh.matching.wrappers import FilterMatcher

    if fieldname not in searcher.schema:
        return frozenset()
    term = searcher.schema[fieldname].to_bytes(text)
    found = []
    for segreader, offset in searcher.reader().leaf_readers():
        if (fieldname, term) not in segreader:
            continue
        matcher = segreader.postings(fieldname, term)
        deleted = ()
        if isinstance(matcher, FilterMatcher):
            matcher, deleted = matcher.child, matcher._ids
        if not isinstance(matcher, W3LeafMatcher):
            ids = matcher.all_ids()
        else:
            ids = []
            keeping = kept is not None and kept.room > 0
            if keeping:
                kept_ids, kept_weights = array("i"), array("d")
            while matcher.is_active():
                ids.extend(block_ids(matcher)[matcher._i :])
                if keeping:
                    _kept_block(kept_ids, kept_weights, matcher._ids, matcher._data[1])
                    keeping = len(kept_ids) <= kept.room
                matcher._next_block()
            if keeping:
                kept.keep(kept_key(segreader, fieldname, text), kept_ids, kept_weights)
        if deleted:
            ids = filterfalse(deleted.__contains__, ids)
        found.extend(map(offset.__add__, ids) if offset else ids)
    return frozenset(found)


def block_ids(leaf):
    """The ids of a Whoosh 3 postings reader's current block, as its ``_read_ids`` reads them.

    Whoosh stores them as differences and adds them up through a generator,
    a Python step per posting; ``accumulate`` adds them up in C.
    """
    if leaf._ids is None:
        if leaf._data is None:
            leaf._read_data()
        stored = leaf._data[0]
        leaf._ids = stored if leaf._byteids else tuple(accumulate(stored))
    return leaf._ids


def doc_frequency(searcher, fieldname, word):
    """Whoosh's ``doc_frequency`` of ``word``, summed from counts kept per segment.

    A segment's count never changes (Whoosh counts deleted documents until a
    merge), so after a commit only the new segment is asked; asking the
    searcher looks the word up in every segment each time a new index state
    begins, which with editors saving is every few seconds.
    """
    total = 0
    for segreader, _ in searcher.reader().leaf_readers():
        known = _segment_table(segreader, f"{fieldname}@frequencies", _new_dict)
        n = known.get(word)
        if n is None:
            n = known[word] = segreader.doc_frequency(fieldname, word)
        total += n
    return total


def _new_dict(segreader, fieldname):
    return {}


class SearcherTables:
    """The tables of one searcher (one set of segments), built on first use."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.leaves = searcher.reader().leaf_readers()
        self._facets = {}
        self._dates = {}
        self._filters = {}
        self._same = {}

    def facet_sets(self, fieldname):
        """{value: frozenset of global docnums}."""

        def build():
            merged = defaultdict(list)
            for segreader, offset in self.leaves:
                numbers = _numbered(offset + segreader.doc_count_all())
                for value, docs in _segment_table(segreader, fieldname, _values_to_docs).items():
                    merged[value].extend([numbers[offset + d] for d in docs] if offset else docs)
            return {v: self.interned(frozenset(d)) for v, d in merged.items()}

        return _kept(self._facets, fieldname, build)

    def interned(self, docs):
        """One object for equal sets of documents, whichever field they came from.

        haystack indexes each faceted field twice (``topics`` for filters,
        ``topics_exact`` for counts), and the content type and ``type`` hold
        the same documents under other names: without this, two fifths of the
        tables' memory (22 of 54 MB at 100,000 articles) was copies.
        """
        with _lock:
            return self._same.setdefault(docs, docs)

    def value_of(self, fieldname):
        """{docnum: value} for a field with one value a document (the year)."""

        def build():
            return {
                doc: value for value, docs in self.facet_sets(fieldname).items() for doc in docs
            }

        return _kept(self._facets, f"{fieldname}@value", build)

    def counts(self, key, sets, docs):
        """``count(sets, docs)``, by whichever way is cheaper for these ``docs``.

        Intersections cost a test for each document of every value held by
        fewer documents than ``docs``: a rare topic's 1,900 documents against
        360 months was 100,000 tests, 1.5 ms; looking up each document's
        month and counting, 0.3 ms. For many documents (a common topic, the
        whole archive) the intersections are cheaper. ``key`` names the
        table ``sets`` for ``values_by_doc``.
        """
        tests = sum(min(len(docs), len(holders)) for holders in sets.values())
        if len(docs) * PER_DOC_COST >= tests:
            return count(sets, docs)
        single, values = self.values_by_doc(key, sets)
        if single:
            found = Counter(map(values.__getitem__, docs))
            found.pop(None, None)
        else:
            found = Counter(chain.from_iterable(map(values.__getitem__, docs)))
        return dict(found)

    def values_by_doc(self, key, sets):
        """(single, a list by docnum of each document's values) for the table ``sets``.

        With ``single``, every document holds at most one value and the list
        has the value itself (None for none); otherwise a tuple of values,
        equal tuples shared.
        """

        def build():
            values = [()] * self.searcher.reader().doc_count_all()
            shared = {}
            for value, docs in sets.items():
                for doc in docs:
                    held = values[doc] + (value,)
                    values[doc] = shared.setdefault(held, held)
            if any(len(held) > 1 for held in shared):
                return False, values
            return True, [held[0] if held else None for held in values]

        return _kept(self._facets, f"{key}@by-doc", build)

    def holding_any(self, fieldname):
        """Docnums with at least one value in the field."""
        return _kept(
            self._filters,
            f"{fieldname}@any",
            lambda: frozenset().union(*self.facet_sets(fieldname).values()),
        )

    def dates(self, fieldname):
        """(moments in date order, the docnums in the same order) for a date field."""

        def build():
            pairs = []
            for segreader, offset in self.leaves:
                moments = _segment_table(segreader, fieldname, _moments)
                numbers = _numbered(offset + len(moments))
                pairs.extend(
                    (moment, numbers[offset + n])
                    for n, moment in enumerate(moments)
                    if moment is not None
                )
            pairs.sort()
            return [moment for moment, _ in pairs], [docnum for _, docnum in pairs]

        return _kept(self._dates, fieldname, build)

    def months(self, fieldname):
        """{(year, month) in the site's zone: frozenset of docnums}."""

        def build():
            moments, docnums = self.dates(fieldname)
            zone = timezone.get_current_timezone()
            merged = defaultdict(list)
            last_hour, month = None, None
            for moment, docnum in zip(moments, docnums, strict=True):
                # Moments are sorted: convert once per distinct hour, not per document.
                hour = moment.replace(minute=0, second=0, microsecond=0)
                if hour != last_hour:
                    local = hour.replace(tzinfo=datetime.UTC).astimezone(zone)
                    last_hour = hour
                local_minute = local + (moment - hour)
                month = (local_minute.year, local_minute.month)
                merged[month].append(docnum)
            return {m: frozenset(d) for m, d in merged.items()}

        return _kept(self._facets, f"{fieldname}@months", build)

    def date_range(self, fieldname, start, end):
        """Docnums whose date is within [start, end] (naive UTC; either may be None)."""
        moments, docnums = self.dates(fieldname)
        low = bisect.bisect_left(moments, start) if start is not None else 0
        high = bisect.bisect_right(moments, end) if end is not None else len(moments)
        return frozenset(docnums[low:high])

    def cached_filter(self, key, compute):
        return _kept(self._filters, key, compute)

    def ordered(self, fieldname, docs, reverse, limit):
        """The first ``limit`` of ``docs`` ordered by a date field (docnum breaks ties)."""
        moments, docnums = self.dates(fieldname)
        if len(docs) * 16 < len(docnums):
            # Few hits: sort them by their own dates.
            position = self.positions(fieldname)
            ranked = sorted(docs, key=position.__getitem__, reverse=reverse)
            return ranked[:limit]
        chosen = []
        walk = reversed(docnums) if reverse else iter(docnums)
        for docnum in walk:
            if docnum in docs:
                chosen.append(docnum)
                if len(chosen) >= limit:
                    break
        return chosen

    def positions(self, fieldname):
        """Each docnum's place in date order (-1 without a date), as a list by docnum."""

        def build():
            _, docnums = self.dates(fieldname)
            total = self.searcher.reader().doc_count_all()
            numbers = _numbered(total)
            places = [-1] * total
            for n, docnum in enumerate(docnums):
                places[docnum] = numbers[n]
            return places

        return _kept(self._facets, f"{fieldname}@positions", build)


def _kept(store, key, build):
    """``store[key]``, built by ``build()`` the first time (then ``_settle()``)."""
    found = store.get(key)
    if found is None:
        found = store[key] = build()
        _settle()
    return found


# How often, at most, frozen objects are given back to the collector.
SWEEP_SECONDS = 600
_last_sweep = None


def _settle():
    """Take what was just built out of the cyclic garbage collector's rounds.

    The tables hold millions of document numbers in sets and lists. They
    cannot be part of a reference cycle, yet every full collection walked
    each entry: a 50–90 ms pause in about one request in twenty at 100,000
    articles. ``gc.freeze()`` moves everything alive now to a generation the
    collector skips; reference counting still frees the tables when a newer
    index state replaces them. Other objects alive at that moment are
    skipped too, and one of them that later becomes part of a garbage cycle
    would stay: so every ``SWEEP_SECONDS`` at most, before freezing, the
    frozen objects are handed back and one full collection runs.
    """
    global _last_sweep
    now = time.monotonic()
    if _last_sweep is None or now - _last_sweep > SWEEP_SECONDS:
        _last_sweep = now
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def count(sets, docs):
    """{value: number of ``docs`` holding it}, leaving out values none hold.

    One intersection a value; ``SearcherTables.counts`` chooses between this
    and a look-up a document.
    """
    counts = {}
    for value, holders in sets.items():
        n = len(docs & holders) if len(docs) > len(holders) else len(holders & docs)
        if n:
            counts[value] = n
    return counts


# An intersection costs a membership test for each item of the smaller set;
# looking up a document's values and counting them cost about this many such
# tests a document (measured at 100,000 articles for months, countries,
# topics and years: 7 to 17).
PER_DOC_COST = 12


# The tables of the newest index states, shared by every thread's searcher of
# the same state: {state: (facets, dates, filters)}. Each thread has its own
# searcher, and each built its own tables (60 MB and a second of work per
# thread at 100,000 articles, again after every commit).
_shared = {}
SHARED_STATES = 2


def _state(tables):
    """What the tables depend on: the segments, and the deletions (the TOC generation)."""
    segments = tuple(segreader.segment().segment_id() for segreader, _ in tables.leaves)
    return (tables.searcher.reader().generation(), segments)


def tables_for(searcher):
    """The tables of ``searcher``, built once per index state and kept on it."""
    tables = getattr(searcher, "_archive_tables", None)
    if tables is None:
        tables = SearcherTables(searcher)
        state = _state(tables)
        with _lock:
            found = _shared.get(state)
            if found is None:
                found = (tables._facets, tables._dates, tables._filters, tables._same)
                _shared[state] = found
                for old in list(_shared)[:-SHARED_STATES]:
                    del _shared[old]
        # Building reads this searcher's own segment readers; results go to the
        # shared dictionaries for the other threads.
        tables._facets, tables._dates, tables._filters, tables._same = found
        searcher._archive_tables = tables
        _prune({segreader.segment().segment_id() for segreader, _ in tables.leaves})
    return tables


def _prune(live):
    # Tables of merged-away segments are not needed by any new searcher.
    # (An older searcher still open in another thread rebuilds one if asked.)
    with _lock:
        for key in [key for key in _segment_tables if key[0] not in live]:
            del _segment_tables[key]
