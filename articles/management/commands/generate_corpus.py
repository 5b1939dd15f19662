import sys
import time

from django.core.management.base import BaseCommand, CommandError

from articles.corpus.generator import DEFAULT_SEED, generate_records
from articles.corpus.loader import load_corpus
from articles.ingest.jsonl import record_to_line


class Command(BaseCommand):
    help = (
        "Generate a synthetic archive for benchmarks: write it as JSONL (--out, '-' for "
        "stdout) for import_articles, or bulk-load it into the database (--load). "
        "After --load, build the index with rebuild_index."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=10_000, help="Number of articles.")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--out", help="Write JSONL to this file ('-' for stdout).")
        parser.add_argument("--load", action="store_true", help="Bulk-load into the database.")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, size, seed, out, load, batch_size, **options):
        if bool(out) == bool(load):
            raise CommandError("Give exactly one of --out FILE and --load.")
        started = time.monotonic()
        records = generate_records(size, seed)
        quiet = options["verbosity"] == 0 or out == "-"

        def progress(count):
            if not quiet:
                rate = count / max(time.monotonic() - started, 1e-6)
                self.stderr.write(f"\r  {count} articles ({rate:.0f}/s)", ending="")
                self.stderr.flush()

        if load:
            count, _ = load_corpus(records, batch_size, progress)
        else:
            stream = sys.stdout if out == "-" else open(out, "w", encoding="utf-8")  # noqa: SIM115
            try:
                count = 0
                for _, record in records:
                    stream.write(record_to_line(record))
                    count += 1
                    if count % batch_size == 0:
                        progress(count)
            finally:
                if stream is not sys.stdout:
                    stream.close()
        elapsed = time.monotonic() - started
        if not quiet:
            self.stderr.write("")
        where = "into the database" if load else f"to {out}"
        self.stderr.write(
            f"Generated {count} articles (seed {seed}) {where} in {elapsed:.1f} s "
            f"({count / max(elapsed, 1e-6):.0f}/s)."
        )
