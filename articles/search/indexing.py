"""Keeping the search index in step with the database.

Changes are collected as "(model, pk) is stale" marks and applied after the
transaction commits, in one batch per transaction: a rolled-back save never
reaches the index, and an article saved with its captions and tags is written
once.  Applying a mark re-reads the row, so a stale mark is harmless: the
document is updated if the row is public and removed otherwise.
"""

import contextlib
import threading
from collections import defaultdict

from django.apps import apps
from django.db import connection, transaction
from haystack import connection_router, connections
from haystack.exceptions import NotHandled

_local = threading.local()


def _pending():
    if not hasattr(_local, "pending"):
        _local.pending = defaultdict(set)
        _local.deferred = 0
    return _local.pending


def mark_stale(model, pk):
    """Record that the document for ``model`` row ``pk`` must be refreshed."""
    pending = _pending()
    pending[model._meta.label].add(pk)
    if _local.deferred:
        return
    if connection.in_atomic_block:
        hooks = [hook for _, hook, _ in connection.run_on_commit]
        if flush not in hooks:
            transaction.on_commit(flush)
    else:
        flush()


@contextlib.contextmanager
def deferred():
    """Hold index writes until the block ends, then write them in one batch.

    Importers wrap a whole run in this: one index commit instead of one per record.
    """
    _pending()
    _local.deferred += 1
    try:
        yield
    finally:
        _local.deferred -= 1
    if not _local.deferred:
        flush()


def flush():
    pending = _pending()
    batches = {label: pks for label, pks in pending.items() if pks}
    pending.clear()
    for label, pks in batches.items():
        sync(apps.get_model(label), pks)


def sync(model, pks):
    """Make the index agree with the database for these rows of ``model``."""
    pks = set(pks)
    for alias in connection_router.for_write():
        unified = connections[alias].get_unified_index()
        try:
            index = unified.get_index(model)
        except NotHandled:
            continue
        backend = connections[alias].get_backend()
        public = list(index.index_queryset(using=alias).filter(pk__in=pks))
        if public:
            backend.update(index, public)
        for pk in pks - {obj.pk for obj in public}:
            backend.remove(f"{model._meta.label_lower}.{pk}")
