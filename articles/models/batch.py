from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models.article import Article
from articles.models.editorial import Editorial


class BatchStatus(models.TextChoices):
    PREVIEWED = "previewed", "Previewed, not imported"
    QUEUED = "queued", "Waiting to run"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    INCOMPLETE = "incomplete", "Incomplete (stopped halfway)"
    PURGED = "purged", "Purged"


# A running batch writes its heartbeat at least this often; one silent for
# longer belongs to a process that died.
HEARTBEAT_SECONDS = 30
STALE_AFTER = timedelta(seconds=HEARTBEAT_SECONDS * 4)


class ImportBatchQuerySet(models.QuerySet):
    def mark_abandoned(self, now=None):
        """Running batches whose process stopped beating become incomplete; returns how many."""
        cutoff = (now or timezone.now()) - STALE_AFTER
        stale = self.filter(status=BatchStatus.RUNNING, heartbeat__lt=cutoff)
        # Read first: pages poll this, and a write on every poll would contend
        # with the import it is watching for SQLite's single write lock.
        if not stale.exists():
            return 0
        return stale.update(
            status=BatchStatus.INCOMPLETE,
            finished=models.F("heartbeat"),
            error="the import stopped halfway (its process ended without finishing)",
        )


class ImportBatch(models.Model):
    """One import run: who started it, from which files, and what came of it.

    A batch is "done" only when its last record was handled; a run that dies
    leaves it "running" with a heartbeat that stops moving, and the next look
    at the batches marks it "incomplete".
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    started_by = models.CharField(max_length=150, blank=True, help_text="user name or 'command'")
    via = models.CharField(max_length=20, default="command")
    format = models.CharField(max_length=10, default="auto")
    files = models.JSONField(default=list, help_text="names of the files imported")
    upload_dir = models.CharField(
        max_length=300, blank=True, help_text="where uploaded files wait between preview and run"
    )
    status = models.CharField(
        max_length=12, choices=BatchStatus.choices, default=BatchStatus.RUNNING
    )
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0, help_text="records found in the files")
    processed = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField("created", default=0)
    updated_count = models.PositiveIntegerField("updated", default=0)
    duplicate_count = models.PositiveIntegerField("skipped", default=0)
    failed_count = models.PositiveIntegerField("failed", default=0)
    preview = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_editorials = models.ManyToManyField(Editorial, blank=True, related_name="+")

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return f"Import #{self.pk} ({self.get_status_display()})"

    @property
    def percent(self):
        return int(100 * self.processed / self.total) if self.total else 0

    @property
    def is_finished(self):
        return self.status in (BatchStatus.DONE, BatchStatus.INCOMPLETE, BatchStatus.PURGED)

    def count_line(self):
        return (
            f"{self.created_count} created, {self.updated_count} updated, "
            f"{self.duplicate_count} skipped as duplicate, {self.failed_count} failed"
        )


class ImportItem(models.Model):
    """What happened to one record of a batch; written with the article it made."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    location = models.CharField(max_length=1000)
    outcome = models.CharField(max_length=30)
    reason = models.TextField(blank=True)
    headline = models.CharField(max_length=500, blank=True)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="import_items"
    )

    class Meta:
        ordering = ["batch", "position"]
        indexes = [models.Index(fields=["batch", "outcome"])]

    def __str__(self):
        return f"{self.location}: {self.outcome_label}"

    @property
    def outcome_label(self):
        return "skipped as duplicate" if self.outcome == "duplicate" else self.outcome
