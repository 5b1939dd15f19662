"""Telling a broken or full search index apart from a bug, and reporting on it.

Whoosh has no error type of its own for a damaged index: a truncated table of
contents raises ``struct.error``, a garbled segment ``UnpicklingError`` or
``EOFError``, a missing one ``FileNotFoundError``. What they share is where
they come from, so an exception raised inside Whoosh's code is an index fault:
the search pages answer 503 with a page that says so (see
``articles.middleware``) instead of a 500, and ``reconcile_index`` rebuilds.
"""

import errno
import time

from django.db import connection
from django.utils import timezone
from haystack import connections

from articles.models import IndexTask

# Write failures that are about the disk, not about one document: every task
# would fail the same way, so none is charged an attempt for it.
DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO, errno.EACCES}

# Tasks pending longer than this mean the index is not being written.
STALE_TASK_SECONDS = 120


class SearchUnavailable(Exception):
    """The search index cannot be read; the database is unaffected."""


class IndexUnwritable(Exception):
    """The search index cannot take writes (disk full, damaged files); tasks wait."""


def _chain(error):
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def raised_by_index(error):
    """True when ``error`` (or one it was raised from) came out of Whoosh's code."""
    for link in _chain(error):
        if isinstance(link, SearchUnavailable | IndexUnwritable):
            return True
        traceback = link.__traceback__
        while traceback is not None:
            module = traceback.tb_frame.f_globals.get("__name__", "")
            if module == "whoosh" or module.startswith("whoosh."):
                return True
            traceback = traceback.tb_next
    return False


def is_disk_error(error):
    return any(isinstance(link, OSError) and link.errno in DISK_ERRNOS for link in _chain(error))


def database_status():
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure is the report
        return {"ok": False, "error": f"{type(error).__name__}: {error}"}
    return {"ok": True, "vendor": connection.vendor, "ms": _ms(started)}


def index_status(alias="default"):
    """Can the live index be opened and read, and are its tasks being applied?

    Opens the index afresh (a long-lived searcher could still be reading files
    that were damaged since), so this is for health checks, not every request.
    """
    started = time.monotonic()
    report = {"ok": True}
    try:
        pending = IndexTask.objects.pending()
        report["pending_tasks"] = pending.count()
        report["failing_tasks"] = IndexTask.objects.failing().count()
        oldest = pending.values_list("created", flat=True).first()
        report["oldest_pending_seconds"] = (
            round((timezone.now() - oldest).total_seconds()) if oldest else 0
        )
        if report["oldest_pending_seconds"] > STALE_TASK_SECONDS:
            report["ok"] = False
            report["error"] = (
                f"index changes have waited {report['oldest_pending_seconds']} s; "
                "the index may not be writable (see the logs; manage.py reconcile_index)"
            )
    except Exception as error:  # noqa: BLE001
        report.update(ok=False, error=f"index tasks unreadable: {error}")
    backend = connections[alias].get_backend()
    if not hasattr(backend, "generation_path"):
        report["documents"] = None  # a search server: it reports on itself
        return report
    try:
        report["documents"] = read_check(backend)
    except Exception as error:  # noqa: BLE001
        report.update(
            ok=False,
            readable=False,
            error=f"the index cannot be read ({type(error).__name__}: {error}); "
            "run manage.py reconcile_index to rebuild it",
        )
    else:
        report["readable"] = True
    report["ms"] = _ms(started)
    return report


def read_check(backend):
    """Open the live index from its files and read every segment's header; return the count."""
    from whoosh.index import exists_in, open_dir
    from whoosh.query import Every

    path = backend.generation_path()
    if not exists_in(path):
        return 0
    index = open_dir(path)
    with index.searcher() as searcher:
        count = searcher.doc_count()
        # One stored document and one posting list per segment are read too.
        for hit in searcher.search(Every(), limit=1):
            hit.fields()
    return count


def _ms(started):
    return round((time.monotonic() - started) * 1000, 1)
