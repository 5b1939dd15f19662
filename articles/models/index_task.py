from django.db import models

# A task that failed this often is left for reconcile_index and a person.
MAX_ATTEMPTS = 5


class IndexTaskQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(done_at__isnull=True, attempts__lt=MAX_ATTEMPTS).order_by("id")

    def failing(self):
        return self.filter(done_at__isnull=True, attempts__gte=MAX_ATTEMPTS)


class IndexTask(models.Model):
    """The search document for this row may be out of date.

    Written in the same transaction as the change itself, so the index can
    never learn of a change the database rolled back, and no change is lost if
    a process dies before the index is written. Applying a task re-reads the
    row: a public row is (re)indexed, anything else is removed from the index.
    Applied tasks are kept for a while so a rebuild can replay what changed
    while it ran.
    """

    model_label = models.CharField(max_length=100)
    object_id = models.BigIntegerField()
    created = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    objects = IndexTaskQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["id"], condition=models.Q(done_at__isnull=True), name="index_task_pending"
            )
        ]

    def __str__(self):
        return f"{self.model_label} #{self.object_id}"
