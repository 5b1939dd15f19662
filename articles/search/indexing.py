"""Keeping the search index in step with the database.

Every change records an ``IndexTask`` row in the same transaction as the
change: a rolled-back save leaves no task (and so no ghost document), and a
task outlives a process that dies before the index is written.

Tasks are applied in order by ``drain()``, under the index's write lock, which
also covers reading the rows: whoever writes last has read the newest state.
Applying a task re-reads its row, so repeating one is harmless: a public row
is (re)indexed, anything else is removed.

Who drains: on the default setup the web or command process that made the
change, right after its transaction commits (waiting briefly for the lock; if
another writer holds it, that writer picks the task up before it lets go).
Larger deployments set ``NEWSARCHIVE["INDEX_DRAIN_IN_PROCESS"] = False`` and run
``manage.py index_worker``.
"""

import contextlib
import datetime
import logging
import threading

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from haystack import connection_router, connections
from haystack.exceptions import NotHandled
from whoosh.index import LockError

from articles.models import IndexTask
from articles.rows import Rows
from articles.search import writing
from articles.search.faults import IndexUnwritable

log = logging.getLogger(__name__)
_local = threading.local()

BATCH_SIZE = 500
# Applied tasks are kept this long so a rebuild that started earlier can
# replay what changed while it ran.
KEEP_DONE = datetime.timedelta(days=2)


def _deferred_depth():
    return getattr(_local, "deferred", 0)


def mark_stale(model, pk):
    """Record, in the current transaction, that ``model`` row ``pk`` needs reindexing."""
    mark_many_stale(model, [pk])


def mark_many_stale(model, pks):
    """``mark_stale`` for many rows of one model, in one insert."""
    if not pks:
        return
    label = model._meta.label_lower
    gathering = getattr(_local, "gathered", None)
    if gathering is not None:
        gathering.update((label, pk) for pk in pks)
        return
    tasks = Rows(IndexTask, "model_label", "object_id")
    for pk in pks:
        tasks.add(label, pk)
    tasks.insert()
    if _deferred_depth():
        return
    if connection.in_atomic_block:
        hooks = [hook for _, hook, _ in connection.run_on_commit]
        if drain_after_commit not in hooks:
            transaction.on_commit(drain_after_commit)
    else:
        drain_after_commit()


@contextlib.contextmanager
def gathered():
    """Record the block's stale rows once each, in one insert when it ends.

    Saving one imported article marks it stale for the row, for each tag
    relation and for each part: three or more tasks for one document. Use
    directly inside the transaction that makes the changes
    (``with transaction.atomic(), indexing.gathered():``): when the block
    raises, nothing is recorded, and the transaction rolls the changes back.
    """
    if getattr(_local, "gathered", None) is not None:
        yield  # the outer block records these too
        return
    _local.gathered = found = set()
    try:
        yield
    finally:
        _local.gathered = None
    by_model = {}
    for label, pk in sorted(found):
        by_model.setdefault(label, []).append(pk)
    for label, pks in by_model.items():
        mark_many_stale(apps.get_model(label), pks)


@contextlib.contextmanager
def deferred():
    """Hold index writes until the block ends, then apply them in one batch.

    Importers wrap a whole run in this: one index commit instead of one per
    record. The tasks are in the database all along, so nothing is lost if the
    run dies before the end.
    """
    _local.deferred = _deferred_depth() + 1
    try:
        yield
    finally:
        _local.deferred -= 1
    if not _local.deferred:
        drain_after_commit()


def _write_aliases():
    return list(connection_router.for_write())


def apply(tasks, batches):
    """Apply ``tasks`` into one open batch per search connection."""
    by_model = {}
    for task in tasks:
        by_model.setdefault(task.model_label, set()).add(task.object_id)
    for label, pks in by_model.items():
        model = apps.get_model(label)
        for alias, batch in batches.items():
            try:
                index = connections[alias].get_unified_index().get_index(model)
            except NotHandled:
                continue
            public = list(writing.rows(index, alias).filter(pk__in=pks))
            batch.update(index, public)
            batch.remove({f"{label}.{pk}" for pk in pks - {obj.pk for obj in public}})


@contextlib.contextmanager
def _open_batches(wait):
    with contextlib.ExitStack() as stack:
        batches = {}
        for alias in _write_aliases():
            backend = connections[alias].get_backend()
            if hasattr(backend, "batch"):
                batches[alias] = stack.enter_context(backend.batch(timeout=wait))
            else:
                batches[alias] = _PlainBatch(backend)
        yield batches
        for batch in batches.values():
            if isinstance(batch, _PlainBatch):
                batch.commit()


class _PlainBatch:
    """The same interface over a haystack backend without batches (Solr, Elasticsearch)."""

    def __init__(self, backend):
        self.backend = backend
        self.updates = []
        self.removals = set()

    def update(self, index, objects):
        self.updates.append((index, list(objects)))

    def remove(self, identifiers):
        self.removals.update(identifiers)

    def commit(self):
        for index, objects in self.updates:
            if objects:
                self.backend.update(index, objects)
        for identifier in self.removals:
            self.backend.remove(identifier)


def drain(*, wait=None, limit=None):
    """Apply pending tasks in order until none are left; return how many were applied.

    Returns early, leaving tasks for the lock holder, when another writer
    holds the index for more than ``wait`` seconds.
    """
    applied = 0
    while limit is None or applied < limit:
        tasks = []
        try:
            with _open_batches(wait) as batches:
                tasks = list(IndexTask.objects.pending()[:BATCH_SIZE])
                if tasks:
                    apply(tasks, batches)
        except LockError:
            log.info("Index busy; pending tasks are left to the current writer.")
            break
        except IndexUnwritable:
            # Every task would fail alike (a full disk, damaged files): none is
            # charged an attempt, all wait for the next drain or a rebuild.
            log.exception(
                "The search index cannot be written; %d change(s) wait as index tasks. "
                "Free the space or run manage.py reconcile_index.",
                IndexTask.objects.pending().count(),
            )
            break
        except Exception:
            log.exception("An index batch failed; applying its tasks one by one.")
            tasks = _apply_one_by_one(tasks, wait)
        if not tasks:
            break
        IndexTask.objects.filter(pk__in=[t.pk for t in tasks]).update(done_at=timezone.now())
        applied += len(tasks)
    IndexTask.objects.filter(done_at__lt=timezone.now() - KEEP_DONE).delete()
    return applied


def _apply_one_by_one(tasks, wait):
    """Isolate the task that broke a batch; return the tasks that were applied."""
    done = []
    for task in tasks:
        try:
            with _open_batches(wait) as batches:
                apply([task], batches)
        except (LockError, IndexUnwritable):
            break
        except Exception as error:
            # A row that cannot be indexed must not hold back the ones after it.
            IndexTask.objects.filter(pk=task.pk).update(
                attempts=F("attempts") + 1, last_error=repr(error)[:2000]
            )
        else:
            done.append(task)
    return done


def drain_after_commit():
    """Apply what a committed change recorded; never let indexing fail the request."""
    if not settings.NEWSARCHIVE.get("INDEX_DRAIN_IN_PROCESS", True):
        return
    try:
        drain(wait=settings.NEWSARCHIVE.get("INDEX_LOCK_WAIT", 2.0))
    except Exception:
        # The tasks stay pending; the next drain or reconcile_index applies them.
        log.exception("Applying index tasks failed.")


def sync(model, pks):
    """Make the index agree with the database for these rows, now."""
    with transaction.atomic():
        for pk in pks:
            IndexTask.objects.create(model_label=model._meta.label_lower, object_id=pk)
    drain()
