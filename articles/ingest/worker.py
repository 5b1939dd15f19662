"""Draining the import queue inside the web process, one thread at a time.

django-tasks-db's own worker loop does the work (claiming a task, running it,
recording its result); we run it in "batch" mode, which returns once the
queue is empty.  The check for more work and the thread's exit happen under
one lock, so a task enqueued as the thread finishes is never stranded.
"""

import threading
import uuid

from django.db import close_old_connections, connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from articles.ingest.tasks import QUEUE

_lock = threading.Lock()
_thread = None


def _pending():
    return DBTaskResult.objects.ready().filter(queue_name=QUEUE).exists()


def drain(worker_id=None):
    """Run queued imports in this thread until none are left; return how many ran.

    The claim-and-run steps are django-tasks-db's own (``get_locked``,
    ``claim``, ``Worker.run_task``); the loop is ours because its loop closes
    the thread's database connection between tasks, which would break a
    caller holding a transaction open.
    """
    worker_id = worker_id or f"web-{uuid.uuid4().hex[:12]}"
    runner = Worker(
        queue_names=[QUEUE],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        ready = DBTaskResult.objects.ready().filter(backend_name="default", queue_name=QUEUE)
        with exclusive_transaction(ready.db):
            task_result = ready.get_locked()
            if task_result is not None:
                task_result.claim(worker_id)
        if task_result is None:
            return ran
        runner.run_task(task_result)
        ran += 1


def _loop():
    global _thread
    try:
        while True:
            close_old_connections()
            drain()
            with _lock:
                if not _pending():
                    _thread = None
                    return
    finally:
        with _lock:
            if _thread is threading.current_thread():
                _thread = None
        connections.close_all()


def wake():
    """Start the draining thread unless one is already running."""
    global _thread
    with _lock:
        if _thread is not None and _thread.is_alive():
            return _thread
        _thread = threading.Thread(target=_loop, name="import-queue", daemon=True)
        _thread.start()
        return _thread
