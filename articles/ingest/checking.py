"""Checking records before they meet the database, in worker processes for large imports.

Everything an import works out from a record alone happens here: the
validation and sanitizing of ``clean_record``, the canonical address and
content hash, the shingles and sketch that find versions of a story, and the
tags its words call for. None of it asks the database, so on a machine with
cores to spare a large import checks its next chunks in forked workers while
the main process saves the current one. A worker also reads what is held
around its chunk (``surroundings``), and leaves the tags to the saving
process: with both, it had the larger share of the work.
"""

import collections
import copy
import itertools
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from django.db import connection, connections

from articles.child_processes import follow_parent
from articles.ingest import tags, variants
from articles.ingest.identity import canonical_url, content_hash
from articles.ingest.surroundings import Surroundings
from articles.ingest.validation import CleanRecord, RecordError, Unreadable, clean_record

log = logging.getLogger(__name__)

# Fewer chunks than this are checked in the main process: starting a worker
# costs more than it saves.
_POOL_MIN_CHUNKS = 3


@dataclass
class CheckedRecord:
    """A clean record with what was worked out from it alone."""

    location: str
    record: CleanRecord
    url: str
    digest: str
    # The sketch of its four-word runs (``variants.sketch``), empty for a
    # text too short to compare with other versions of a story.
    sketch: bytes
    # ({country code: Evidence}, [(Topic, Evidence)]) from its words; None
    # until found (``find_evidence``).
    evidence: tuple | None
    note: str = ""
    # Its place in the import, which keys what is read around it (``surroundings``).
    position: int = -1
    # Set when saved with a run (see ``runs``): the article it became, and
    # the canonical article it is a version of.
    article: object = field(default=None, compare=False)
    version_of: object = field(default=None, compare=False)
    # Its four-word runs themselves (``shingles``).
    found_shingles: frozenset | None = field(default=None, repr=False, compare=False)

    @property
    def shingles(self):
        """Its four-word runs, to compare with a close candidate's in full."""
        if self.found_shingles is None:
            self.found_shingles = variants.text_shingles(self.record.headline, self.record.body)
        return self.found_shingles

    def __getstate__(self):
        # A checking worker sends the runs back without them: they weighed
        # more than the rest of the record together, and only the few
        # records with a close candidate need them again.
        return {**self.__dict__, "found_shingles": None}

    def find_evidence(self, keyword_topics):
        """Find the tags its words call for, unless found when it was checked."""
        if self.evidence is None:
            self.evidence = _evidence(self.record, keyword_topics)

    @property
    def keys(self):
        """What identifies the article: its address (if any) and its words."""
        return {self.url, self.digest} - {""}


def check(location, data, keyword_topics):
    """(CheckedRecord, None) for a record fit to save, else (None, (reason, headline)).

    ``keyword_topics``: the topics with keyword rules (``tags.keyword_topics()``);
    None leaves the tags' evidence to be found later.
    """
    if isinstance(data, Unreadable):
        return None, (data.message, "")
    headline = data.get("headline") if isinstance(data, dict) else None
    headline = headline if isinstance(headline, str) else ""
    try:
        record = clean_record(data)
        # The tags' own checks, so that saving never fails on them.
        tags.check_topics(record.topics)
        tags.country_codes(record.countries)
    except RecordError as error:
        return None, (str(error), headline[:200])
    shingles = variants.text_shingles(record.headline, record.body)
    checked = CheckedRecord(
        location=location,
        record=record,
        url=canonical_url(record.url),
        digest=content_hash(record.headline, record.body),
        note=data.get("_note", ""),
        sketch=variants.sketch(shingles),
        found_shingles=shingles,
        evidence=None if keyword_topics is None else _evidence(record, keyword_topics),
    )
    return checked, None


def _evidence(record, keyword_topics):
    captions = [caption.text for caption in record.captions]
    return tags.evidence_in(record.headline, record.body, record.dateline, captions, keyword_topics)


@dataclass
class CheckedChunk:
    # [(position, location, CheckedRecord or None, failure or None)]
    rows: list
    # What is held around its records (``surroundings.Surroundings``), when
    # read ahead; else None.
    around: object = None
    # The caller's ``clock`` when the chunk went to a worker: what the
    # caller had saved by then, the worker's read saw.
    sent_at: int | None = None


def check_chunk(start, chunk, keyword_topics, look_around=False):
    """The ``CheckedChunk`` of ``chunk``, read around too if ``look_around``."""
    rows = []
    for position, (location, data) in enumerate(chunk, start=start):
        checked, failure = check(location, data, keyword_topics)
        if checked is not None:
            checked.position = position
        rows.append((position, location, checked, failure))
    around = None
    if look_around:
        around = Surroundings.read([checked for _, _, checked, _ in rows if checked is not None])
    return CheckedChunk(rows, around)


def checked_chunks(records, size, keyword_topics, workers=0, clock=None):
    """``check_chunk`` for each ``size`` records in turn, ahead in ``workers`` processes.

    With ``workers`` (and enough records) the chunks are checked in forked
    processes while the caller works on the ones it already has; they also
    read what is held around the records, when they can see what the
    caller sees. ``clock()``, if given, tells how far the caller's saving
    has come (``CheckedChunk.sent_at``). Forked, not spawned: a worker needs
    no setup of its own.
    Only a single-threaded caller (a command) should ask for workers:
    forking a process with other threads running can leave a lock held
    forever in the child.
    """
    starts = range(0, len(records), size)
    if workers < 1 or len(starts) < _POOL_MIN_CHUNKS:
        for start in starts:
            yield check_chunk(start, records[start : start + size], keyword_topics)
        return
    look_around = _shares_the_database()
    # Workers that read around their chunks leave the tags to the caller.
    for_workers = None if look_around else keyword_topics
    work = iter(
        [(start, records[start : start + size], for_workers, look_around) for start in starts]
    )
    first = next(work)
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
    )
    with pool:
        # Two chunks ahead of the caller per worker, not the whole file:
        # checked records weigh more than the lines they came from.
        ahead = collections.deque(
            _submitted(pool, arguments, clock) for arguments in itertools.islice(work, 2 * workers)
        )
        # The first chunk is checked here while the workers start on the
        # next ones: the caller would only wait for it.
        yield check_chunk(first[0], first[1], keyword_topics)
        for arguments in work:
            ahead.append(_submitted(pool, arguments, clock))
            yield _result(*ahead.popleft())
        while ahead:
            yield _result(*ahead.popleft())


def _submitted(pool, arguments, clock):
    sent_at = clock() if clock else None
    try:
        return arguments, pool.submit(check_chunk, *arguments), sent_at
    except BrokenProcessPool:
        return arguments, None, sent_at  # broken by an earlier death: checked here


def _result(arguments, future, sent_at):
    chunk = None
    if future is not None:
        try:
            chunk = future.result()
        except BrokenProcessPool:
            # A worker died (killed, out of memory): its chunk and the rest
            # are checked in this process instead. Nothing is skipped.
            log.warning("A checking worker died; its records are checked in this process.")
    if chunk is None:
        chunk = check_chunk(*arguments)
    chunk.sent_at = sent_at
    return chunk


def _shares_the_database():
    """Whether a worker's own connection sees what the caller's sees.

    Not inside a transaction (a preview's, a test's): the worker would read
    the archive as it was before it.
    """
    if connection.in_atomic_block:
        return False
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())


# The connections a worker was forked with, kept from the garbage collector:
# closing one in the worker would close what the parent still uses.
_inherited = []


def _start_worker(parent):
    follow_parent(parent)
    for alias in connections:
        inherited = connections[alias]
        _inherited.append(inherited)
        connections[alias] = type(inherited)(copy.deepcopy(inherited.settings_dict), alias)


def spare_cores():
    """Workers for a command's import: the cores beyond the one that saves."""
    return max(0, (os.cpu_count() or 1) - 1)
