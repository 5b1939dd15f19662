from django.core.management.base import BaseCommand, CommandError

from articles.ingest import batches
from articles.models import ImportBatch


class Command(BaseCommand):
    help = (
        "Remove everything an import batch created (articles, and editorials no other article"
        " stands beside), from the database and the search index."
    )

    def add_arguments(self, parser):
        parser.add_argument("batch_id", type=int, metavar="ID")
        parser.add_argument(
            "--force",
            action="store_true",
            help="purge a batch that still says it is running (its process is gone)",
        )

    def handle(self, *args, batch_id, force, **options):
        batch = ImportBatch.objects.filter(pk=batch_id).first()
        if batch is None:
            raise CommandError(f"there is no import batch {batch_id}")
        try:
            articles, editorials = batches.purge(batch, force=force)
        except batches.BatchError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Purged batch {batch_id}: deleted {articles} article(s) and {editorials}"
            " editorial(s). Articles it updated keep their current content."
        )
