from django.core.management.base import BaseCommand, CommandError

from articles.search.faults import raised_by_index
from articles.search.maintenance import find_drift, rebuild, repair


class Command(BaseCommand):
    help = (
        "Compare the document ids in the search index with the published rows in the "
        "database and repair any difference (--check only reports, exiting 1 on drift). "
        "An index too damaged to read is rebuilt from the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Report drift; change nothing.")
        parser.add_argument("--using", default="default", help="Search connection alias.")

    def handle(self, *args, check=False, using="default", **options):
        try:
            drift = find_drift(using)
        except Exception as error:
            if not raised_by_index(error):
                raise
            self.stdout.write(f"The index cannot be read: {type(error).__name__}: {error}")
            if check:
                raise CommandError("The index is damaged.", returncode=1) from error
            self.stdout.write("Rebuilding it from the database…")
            total = rebuild(using)
            drift = find_drift(using)
            if not drift.clean:
                raise CommandError(f"Still drifting after rebuild:\n{drift.describe()}") from error
            self.stdout.write(self.style.SUCCESS(f"Rebuilt: {total} documents indexed."))
            return
        if drift.clean:
            self.stdout.write(self.style.SUCCESS("The index matches the database."))
            return
        self.stdout.write(drift.describe())
        if check:
            raise CommandError("The index has drifted from the database.", returncode=1)
        repaired = repair(drift)
        after = find_drift(using)
        if not after.clean:
            raise CommandError(f"Still drifting after repair:\n{after.describe()}")
        self.stdout.write(self.style.SUCCESS(f"Repaired: {repaired} documents re-synced."))
