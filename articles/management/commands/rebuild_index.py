import time

from django.core.management.base import BaseCommand, CommandError

from articles.search.bulk import WriterFailed
from articles.search.maintenance import RefillIncomplete, rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search index beside the live one and swap it in atomically; "
        "searches keep working on the old index until the swap. "
        "(Replaces haystack's rebuild_index, which empties the live index first; "
        "a search server's index, which has nothing to swap, is emptied and refilled.)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--using", default="default", help="Search connection alias.")
        parser.add_argument("--batch-size", type=int, default=1000)
        # Accepted so scripts written for haystack's command keep working.
        parser.add_argument("--noinput", "--no-input", action="store_true", help=None)

    def handle(self, *args, using="default", batch_size=1000, **options):
        started = time.monotonic()
        quiet = options["verbosity"] == 0

        def progress(count):
            if not quiet:
                rate = count / max(time.monotonic() - started, 1e-6)
                self.stdout.write(f"\r  {count} documents ({rate:.0f}/s)", ending="")
                self.stdout.flush()

        try:
            total = rebuild(using, batch_size=batch_size, progress=progress)
        except WriterFailed as error:
            raise CommandError(
                f"The rebuild failed and was discarded; the live index is unchanged.\n{error}"
            ) from error
        except RefillIncomplete as error:
            raise CommandError(f"The rebuild is incomplete. {error}") from error
        elapsed = time.monotonic() - started
        if not quiet:
            self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Rebuilt the index: {total} documents in {elapsed:.1f} s.")
        )
