"""SQLite's checkpoints during a large import, made by a thread beside it.

In WAL mode every write goes to the log, and every thousand pages the
connection that commits copies the log into the database file and syncs
both: a run of 200 articles writes some 400 pages, so every third run
waited on the disk (45 ms a commit on average, a fifth of an import into a
large archive). Here the importing connection leaves that to a thread with
a connection of its own, which checkpoints while the import goes on: SQLite
lets one connection copy the log while another appends to it, and Python
lets the import run while the thread waits on the disk.
"""

import contextlib
import logging
import threading

from django.db import DatabaseError, connection, connections

log = logging.getLogger(__name__)

# How often the thread copies the log: often enough that the log stays small
# for readers, which search it page by page.
EVERY_SECONDS = 0.25
CHECKPOINT = "PRAGMA wal_checkpoint(PASSIVE)"


@contextlib.contextmanager
def beside():
    """Checkpoint in a thread of our own until the block ends (SQLite only)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        (pages,) = cursor.fetchone()
        cursor.execute("PRAGMA wal_autocheckpoint=0")
    done = threading.Event()
    thread = threading.Thread(target=_checkpoint, args=(done,), name="checkpoints", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint={pages}")


def _checkpoint(done):
    failed = False
    try:
        while True:
            finished = done.wait(EVERY_SECONDS)
            try:
                with connection.cursor() as cursor:  # this thread's own connection
                    cursor.execute(CHECKPOINT)
            except DatabaseError:
                # The import goes on (its writes are in the log, which the
                # next try, or the importing connection once the block
                # ends, copies); said once, not every quarter second.
                if not failed:
                    log.warning("An import's checkpoint failed; retrying.", exc_info=True)
                failed = True
            if finished:
                return
    finally:
        connections.close_all()
