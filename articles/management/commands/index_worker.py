import time

from django.core.management.base import BaseCommand

from articles.search.indexing import drain


class Command(BaseCommand):
    help = (
        "Apply pending index tasks in order; with --loop keep doing so (for deployments "
        "that set NEWSARCHIVE['INDEX_DRAIN_IN_PROCESS'] = False)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")

    def handle(self, *args, loop=False, interval=1.0, **options):
        while True:
            applied = drain(wait=30.0)
            if applied and options["verbosity"]:
                self.stdout.write(f"applied {applied} index tasks")
            if not loop:
                return
            time.sleep(interval)
