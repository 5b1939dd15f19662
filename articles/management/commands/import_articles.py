from django.core.management.base import BaseCommand, CommandError

from articles.ingest import batches, stopping
from articles.ingest.checking import spare_cores
from articles.ingest.detect import FORMATS, records_from_paths
from articles.ingest.importer import import_records
from articles.ingest.progress import ProgressBar
from articles.models import ImportBatch


class Command(BaseCommand):
    help = (
        "Import scraped pages, saved HTML pages, JSONL, RSS/Atom feeds, CSV and zips of them."
        " Every run is recorded as an import batch."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", metavar="PATH")
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=FORMATS,
            default="auto",
            help="the files' format; auto (by content and extension) is the default",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would happen, change nothing"
        )
        parser.add_argument(
            "--resume", type=int, metavar="BATCH", help="run an incomplete batch again"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, paths, fmt, dry_run, resume, no_progress, **options):
        if not paths and resume is None:
            raise CommandError("name at least one PATH, or --resume BATCH")
        progress = None if no_progress else ProgressBar(self.stderr)
        # A polite kill ends the run between two records, through the same
        # path as Ctrl-C, so the batch is marked incomplete, not left "running".
        with stopping.on_signal():
            if dry_run:
                report = import_records(
                    records_from_paths(paths, fmt),
                    source_name=", ".join(paths),
                    dry_run=True,
                    progress=progress,
                    workers=spare_cores(),
                )
                self.stdout.write("Dry run: nothing was changed.")
                batch = None
            elif resume is not None:
                batch = ImportBatch.objects.filter(pk=resume).first()
                if batch is None:
                    raise CommandError(f"there is no import batch {resume}")
                try:
                    report = batches.resume(batch, progress=progress)
                except batches.BatchError as error:
                    raise CommandError(str(error)) from None
            else:
                batch, report = batches.import_paths(
                    paths, fmt, progress=progress, workers=spare_cores()
                )
        self.stdout.write(report.summary())
        if batch is not None:
            self.stdout.write(
                f"Batch {batch.pk}: {batch.get_status_display().lower()}"
                f" (undo with: manage.py purge_batch {batch.pk})"
            )
        if report.has_failures:
            # The others were imported; the exit status tells scripts to look.
            raise CommandError(f"{len(report.failed)} record(s) failed; see the report above.")
