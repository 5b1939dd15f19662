from django.core.management.base import BaseCommand

from articles.models import ImportBatch


class Command(BaseCommand):
    help = "List recent import batches: who, when, files, counts and outcome."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=20)

    def handle(self, *args, limit, **options):
        ImportBatch.objects.mark_abandoned()
        for batch in ImportBatch.objects.all()[:limit]:
            files = ", ".join(batch.files[:3]) + (" …" if len(batch.files) > 3 else "")
            self.stdout.write(
                f"#{batch.pk} {batch.created:%Y-%m-%d %H:%M} {batch.started_by} via {batch.via}:"
                f" {batch.get_status_display()} — {batch.count_line()} — {files}"
            )
