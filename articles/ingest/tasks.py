"""Background imports as tasks of Django's tasks framework (the django-tasks backport).

The queue is the database (django-tasks-db), so nothing else has to run: the
web process drains it in a thread right after it enqueues (``worker.wake``),
and a deployment may also run ``manage.py db_worker --queue-name imports``.
"""

from django_tasks import task

from articles.ingest import batches

QUEUE = "imports"


@task(queue_name=QUEUE)
def run_import_batch(batch_id):
    report = batches.run_stored(batch_id)
    return None if report is None else len(report.outcomes)
