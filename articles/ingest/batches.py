"""Import batches: every run recorded, previewed, run (here or in the background), purged.

A batch is "done" only once its last record was handled.  A run that raises
or is interrupted marks its batch "incomplete" on the way out; one whose
process is killed outright leaves a heartbeat that stops moving, and
``ImportBatch.objects.mark_abandoned()`` (called whenever batches are listed,
run or purged) turns it "incomplete".  Running a batch again is harmless:
what it already made is recognised as duplicates.
"""

import getpass
import re
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.ingest import stopping
from articles.ingest.detect import records_from_bytes, records_from_paths
from articles.ingest.importer import import_records
from articles.ingest.validation import Unreadable
from articles.models import Article, BatchStatus, ImportBatch, ImportItem
from articles.models.batch import HEARTBEAT_SECONDS
from articles.search import indexing


class BatchError(ValueError):
    pass


def uploads_root():
    return Path(settings.DATA_DIR) / "imports"


def _who(user):
    if user is not None and user.is_authenticated:
        return user.get_username()
    try:
        return f"{getpass.getuser()} (command line)"
    except (KeyError, OSError):
        return "command line"


def new_batch(files, fmt="auto", *, user=None, via="command", status=BatchStatus.RUNNING):
    ImportBatch.objects.mark_abandoned()
    now = timezone.now()
    running = status == BatchStatus.RUNNING
    return ImportBatch.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        started_by=_who(user),
        via=via,
        format=fmt,
        files=[str(name) for name in files],
        status=status,
        started=now if running else None,
        heartbeat=now if running else None,
    )


def _beating(batch, records):
    """Pass records through, keeping the batch's heartbeat fresh while files are read."""
    last = time.monotonic()
    for pair in records:
        stopping.check()  # reading many files can take a while
        if time.monotonic() - last > HEARTBEAT_SECONDS / 2:
            ImportBatch.objects.filter(pk=batch.pk).update(heartbeat=timezone.now())
            last = time.monotonic()
        yield pair


def run_batch(batch, records, *, progress=None, workers=0):
    """Import ``records`` as ``batch``; the batch ends "done", or "incomplete" if interrupted.

    ``workers``: processes checking records ahead (``import_records``).
    """
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING, started=timezone.now(), heartbeat=timezone.now(), error=""
    )
    try:
        report = import_records(
            _beating(batch, records),
            source_name=", ".join(batch.files),
            batch=batch,
            progress=progress,
            workers=workers,
        )
    except BaseException as error:
        # KeyboardInterrupt and SystemExit too: whatever stopped the run, it is not done.
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.INCOMPLETE,
            finished=timezone.now(),
            error=f"stopped halfway: {type(error).__name__}: {error}"[:2000],
        )
        raise
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.DONE, finished=timezone.now(), heartbeat=timezone.now()
    )
    batch.refresh_from_db()
    return report


def import_paths(paths, fmt="auto", *, user=None, progress=None, workers=0):
    """The command line's import: a recorded batch over files on disk."""
    batch = new_batch(paths, fmt, user=user, via="command")
    records = records_from_paths(paths, fmt)
    return batch, run_batch(batch, records, progress=progress, workers=workers)


def resume(batch, *, progress=None):
    """Run an incomplete batch again; what it already made is found and skipped."""
    ImportBatch.objects.mark_abandoned()
    batch.refresh_from_db()
    if batch.status != BatchStatus.INCOMPLETE:
        raise BatchError(
            f"batch {batch.pk} is {batch.get_status_display().lower()}, not incomplete"
        )
    # Outcomes of the first attempt are replaced, except what it created:
    # purging the batch must still find those articles.
    batch.items.exclude(outcome="created").delete()
    created_before = batch.items.count()
    if batch.upload_dir:
        records = _records_from_upload_dir(batch)
    else:
        records = records_from_paths(batch.files, batch.format)
    report = run_batch(batch, records, progress=progress)
    if created_before:
        ImportBatch.objects.filter(pk=batch.pk).update(
            error=f"resumed; {created_before} article(s) had been created before it stopped"
        )
    _forget_uploads(batch)
    return report


# --- the admin's uploads: kept between preview and run ------------------------------

_UNSAFE_CHARS = re.compile(r"[^\w.-]+")


def _stored_name(index, name):
    return f"{index:04d}-{_UNSAFE_CHARS.sub('_', Path(name).name)[:100] or 'file'}"


def store_uploads(files, fmt, user):
    """Save uploaded files under the data directory as a previewed batch."""
    batch = new_batch(
        [f.name for f in files], fmt, user=user, via="admin", status=BatchStatus.PREVIEWED
    )
    folder = uploads_root() / str(batch.pk)
    folder.mkdir(parents=True, exist_ok=True)
    for index, upload in enumerate(files):
        with open(folder / _stored_name(index, upload.name), "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    batch.upload_dir = str(folder)
    batch.save(update_fields=["upload_dir"])
    return batch


def _records_from_upload_dir(batch):
    folder = Path(batch.upload_dir)
    for index, name in enumerate(batch.files):
        path = folder / _stored_name(index, name)
        try:
            data = path.read_bytes()
        except OSError as error:
            yield name, Unreadable(f"the uploaded copy is gone: {error.strerror or error}")
            continue
        yield from records_from_bytes(name, data, batch.format)


def preview(batch):
    """What importing the batch's files would do now; stored on the batch and returned."""
    report = import_records(
        _records_from_upload_dir(batch), source_name=", ".join(batch.files), dry_run=True
    )
    batch.preview = report_to_json(report)
    batch.total = len(report.outcomes)
    batch.save(update_fields=["preview", "total"])
    return report


def queue(batch):
    """Confirm a previewed batch: it runs in the background from here."""
    from articles.ingest.tasks import run_import_batch

    if batch.status not in (BatchStatus.PREVIEWED, BatchStatus.INCOMPLETE):
        raise BatchError(f"batch {batch.pk} is {batch.get_status_display().lower()}")
    batch.status = BatchStatus.QUEUED
    batch.save(update_fields=["status"])

    def enqueue():
        run_import_batch.enqueue(batch.pk)
        # On the default setup this process is the worker; a deployment that
        # runs `db_worker` turns this off with IMPORT_WORKER_IN_PROCESS = False.
        if settings.NEWSARCHIVE.get("IMPORT_WORKER_IN_PROCESS", True):
            from articles.ingest import worker

            worker.wake()

    transaction.on_commit(enqueue)


def run_stored(batch_id):
    """The background task's body: run a confirmed admin batch from its stored files."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status == BatchStatus.INCOMPLETE:
        return resume(batch)
    if batch.status != BatchStatus.QUEUED:
        return None
    report = run_batch(batch, _records_from_upload_dir(batch))
    _forget_uploads(batch)
    return report


def _forget_uploads(batch):
    if batch.upload_dir:
        shutil.rmtree(batch.upload_dir, ignore_errors=True)


def report_to_json(report):
    return [
        {
            "location": item.location,
            "outcome": item.outcome.name.lower(),
            "label": str(item.outcome),
            "reason": item.reason,
            "headline": item.headline,
            "article_id": item.article_id,
        }
        for item in report.outcomes
    ]


def counts_of(rows):
    counted = {"created": 0, "updated": 0, "duplicate": 0, "failed": 0}
    for row in rows:
        counted[row["outcome"]] = counted.get(row["outcome"], 0) + 1
    return counted


# --- purging ------------------------------------------------------------------------


def purge(batch, *, force=False):
    """Delete what ``batch`` created, from the database and (through signals) the index.

    Articles it only updated stay as they are now.  Editorials it created go
    unless articles from elsewhere still stand beside them.  Returns
    ``(articles deleted, editorials deleted)``.
    """
    ImportBatch.objects.mark_abandoned()
    batch.refresh_from_db()
    if batch.status in (BatchStatus.RUNNING, BatchStatus.QUEUED) and not force:
        raise BatchError(
            f"batch {batch.pk} is still {batch.status}; wait for it, or use --force if its"
            " process is gone"
        )
    article_ids = set(
        ImportItem.objects.filter(
            batch=batch, outcome="created", article__isnull=False
        ).values_list("article_id", flat=True)
    )
    with indexing.deferred(), transaction.atomic():
        editorials = [
            editorial
            for editorial in batch.created_editorials.all()
            if not editorial.articles.exclude(pk__in=article_ids).exists()
        ]
        articles = 0
        # One by one through the ORM: the delete signals keep the index in step.
        for article in Article.objects.filter(pk__in=article_ids):
            article.delete()
            articles += 1
        for editorial in editorials:
            editorial.delete()
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.PURGED, finished=batch.finished or timezone.now()
        )
    _forget_uploads(batch)
    return articles, len(editorials)
