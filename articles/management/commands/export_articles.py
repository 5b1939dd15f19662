from django.core.management.base import BaseCommand

from articles.ingest.jsonl import write_jsonl


class Command(BaseCommand):
    help = "Export every article as JSON Lines (the format import_articles reads)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", metavar="FILE", help="write here, not to stdout")

    def handle(self, *args, output=None, **options):
        if output:
            with open(output, "w", encoding="utf-8", newline="\n") as stream:
                count = write_jsonl(stream)
            self.stderr.write(f"Exported {count} article(s) to {output}.")
        else:
            write_jsonl(self.stdout)
