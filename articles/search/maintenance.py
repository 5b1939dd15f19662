"""Whole-index work: checking it against the database, and rebuilding it live."""

import datetime
import os
import shutil
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from haystack import connections
from haystack.query import SearchQuerySet

from articles.models import IndexTask
from articles.search import indexing, writing
from articles.search.portable import archive_span
from articles.search.query import EARLIEST, LATEST, narrow_to_days


@dataclass
class Drift:
    missing: set = field(default_factory=set)  # public in the database, absent from the index
    extra: set = field(default_factory=set)  # in the index, not public in the database
    failing: int = 0  # tasks given up after repeated errors

    @property
    def clean(self):
        return not self.missing and not self.extra

    def describe(self, limit=10):
        lines = [
            f"{len(self.missing)} missing from the index, "
            f"{len(self.extra)} in it that should not be."
        ]
        for label, ids in (("missing", self.missing), ("extra", self.extra)):
            if ids:
                shown = ", ".join(sorted(ids)[:limit])
                more = f" and {len(ids) - limit} more" if len(ids) > limit else ""
                lines.append(f"  {label}: {shown}{more}")
        if self.failing:
            lines.append(
                f"  {self.failing} index tasks failed repeatedly (see the admin's index tasks)."
            )
        return "\n".join(lines)


# Documents listed from a search server a date span at a time, spans halved
# until each holds at most this many: a server pages only so far by offset
# (Elasticsearch refuses offsets past 10,000 by default).
LISTING_PAGE = 1000


def indexed_identifiers(alias="default"):
    """Every document id in the index (``app.model.pk``)."""
    backend = connections[alias].get_backend()
    if hasattr(backend, "indexed_identifiers"):
        return backend.indexed_identifiers()
    unified = connections[alias].get_unified_index()
    first, last = archive_span(unified.get_indexes().values())
    if first is None:
        return _listed(alias, EARLIEST, LATEST)
    # The index may hold documents the database no longer dates (a deleted
    # row's): the spans before and after the archive's are listed too.
    day = datetime.timedelta(days=1)
    spans = [(EARLIEST, first - day), (first, last), (last + day, LATEST)]
    return set().union(*(_listed(alias, low, high) for low, high in spans if low <= high))


def _listed(alias, first, last):
    """Ids of the documents dated from local day ``first`` to ``last``, through haystack."""
    results = narrow_to_days(SearchQuerySet(using=alias).all(), first, last)
    total = results.count()
    if total > LISTING_PAGE and first < last:
        middle = first + (last - first) // 2
        return _listed(alias, first, middle) | _listed(alias, middle + datetime.timedelta(1), last)
    return {f"{r.app_label}.{r.model_name}.{r.pk}" for r in results[:total]}


def expected_identifiers(alias="default"):
    unified = connections[alias].get_unified_index()
    expected = set()
    for model, index in unified.get_indexes().items():
        label = model._meta.label_lower
        pks = index.index_queryset(using=alias).values_list("pk", flat=True)
        expected.update(f"{label}.{pk}" for pk in pks)
    return expected


def find_drift(alias="default"):
    indexing.drain()
    indexed = indexed_identifiers(alias)
    expected = expected_identifiers(alias)
    return Drift(
        missing=expected - indexed,
        extra=indexed - expected,
        failing=IndexTask.objects.failing().count(),
    )


def repair(drift):
    """Queue a task for every drifted document and apply them."""
    _queue(drift.missing | drift.extra)
    return indexing.drain()


def _queue(identifiers):
    """Record an index task for each ``app.model.pk`` identifier."""
    with transaction.atomic():
        IndexTask.objects.bulk_create(
            (
                IndexTask(model_label=label, object_id=int(pk))
                for label, _, pk in (ident.rpartition(".") for ident in identifiers)
            ),
            batch_size=5000,
        )


def rebuild(alias="default", batch_size=1000, progress=None, procs=None):
    """Build a fresh index beside the live one and swap it in atomically.

    Searches use the old index until the swap. Changes made while the build
    runs are recorded as tasks; they are replayed into the new index under the
    live index's write lock, just before the swap, so none is lost.

    Rows are read in primary-key chunks of ``batch_size`` with their related
    rows prefetched (a constant number of queries per chunk); ``procs`` worker
    processes analyse and write the documents (default: one per CPU, at most
    ``REBUILD_MAX_PROCS``), while this process reads the database and builds
    the documents.
    """
    backend = connections[alias].get_backend()
    if not hasattr(backend, "new_generation"):
        return refill(alias, batch_size=batch_size, progress=progress)
    first_task = _next_task_id()
    generation = backend.new_generation()
    options = dict(connections[alias].options, PATH=generation)
    builder = type(backend)(alias, **options)
    unified = connections[alias].get_unified_index()
    total = 0
    try:
        with builder.filling(procs=procs or rebuild_procs()) as filler:
            for index in unified.get_indexes().values():
                queryset = writing.rows(index, alias).order_by("pk")
                last = None
                while True:
                    chunk = queryset if last is None else queryset.filter(pk__gt=last)
                    objects = list(chunk[:batch_size])
                    if not objects:
                        break
                    for doc in writing.documents(builder, index, objects):
                        filler.add(doc)
                    total = filler.count
                    last = objects[-1].pk
                    if progress:
                        progress(total)
        # The lock only, not a writer: the live index may be too damaged to open.
        with backend.write_lock(timeout=120):
            replay = list(IndexTask.objects.filter(id__gte=first_task))
            if replay:
                with builder.batch() as batch:
                    indexing.apply(replay, {alias: batch})
            previous = backend.swap_to(generation)
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    _remove_old_generations(backend, keep={generation, previous} - {None})
    return total


def refill(alias="default", batch_size=1000, progress=None):
    """Empty a search server's index and fill it again from the database.

    A server's index has no generation to build beside the live one, so
    searches miss documents until the refill ends. The documents go in as
    index tasks, applied in order with every other change: a save made
    meanwhile is never overwritten by an older copy of its row.
    """
    expected = expected_identifiers(alias)
    first_task = _next_task_id()
    connections[alias].get_backend().clear()
    _queue(expected)
    total = 0
    while applied := indexing.drain(limit=batch_size):
        total += applied
        if progress:
            progress(total)
    # A drain stops at a batch the server refused (it logs why); the
    # documents not written wait as tasks, and the caller must hear of them.
    unwritten = IndexTask.objects.filter(id__gte=first_task, done_at__isnull=True).count()
    if unwritten:
        raise RefillIncomplete(
            f"{unwritten} of {len(expected)} documents could not be written to the search "
            "server (the log says why); they wait as index tasks. When the server takes "
            "writes again, run manage.py reconcile_index."
        )
    return total


class RefillIncomplete(RuntimeError):
    """A search server's refill ended with documents it did not take."""


def _next_task_id():
    """The id the next index task will have at least: tasks from here on are changes made since."""
    return (IndexTask.objects.aggregate(last=Max("id"))["last"] or 0) + 1


# More writer processes than cores only adds merging work; past four, the
# database reads in this process are the limit anyway.
REBUILD_MAX_PROCS = 4


def rebuild_procs():
    return max(1, min(REBUILD_MAX_PROCS, os.cpu_count() or 1))


def _remove_old_generations(backend, keep):
    # One previous generation is kept: another process may still be reading
    # it until its next search notices the swap.
    keep = {os.path.realpath(path) for path in keep}
    parent, name = os.path.split(os.path.abspath(backend.link_path))
    for entry in os.listdir(parent):
        path = os.path.realpath(os.path.join(parent, entry))
        if entry.startswith(f"{name}.gen-") and path not in keep:
            shutil.rmtree(path, ignore_errors=True)
