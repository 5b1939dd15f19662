from django.core.management.base import BaseCommand, CommandError

from articles.ingest.detect import FORMATS
from articles.ingest.importer import import_files


class Command(BaseCommand):
    help = "Import scraped news pages and JSONL files into the archive."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=FORMATS,
            default="auto",
            help="page, jsonl, or auto (by content and extension; the default)",
        )

    def handle(self, *args, paths, fmt, **options):
        report = import_files(paths, fmt=fmt)
        self.stdout.write(report.summary())
        if report.has_failures:
            # The others were imported; the exit status tells scripts to look.
            raise CommandError(f"{len(report.failed)} record(s) failed; see the report above.")
