"""Write-path speed: a full index rebuild, and a JSONL import without its indexing.

    .venv/bin/python bench/write_bench.py [--size 10000] [--import-records 3000]
                                          [--skip-rebuild] [--skip-import] [--profile FILE]
                                          [--workers N] [--into N [--base FILE]]
                                          [--baseline N]

Works in a temporary data directory (SQLite unless DATABASE_URL is set).
The rebuild corpus is the search benchmark's kind of text (400-word
articles, Zipf-distributed vocabulary) with two captions, a couple of topics
and countries and an "Also read" link each, written with bulk inserts; then
``rebuild()`` (what ``manage.py rebuild_index`` runs) is timed. The import
is of generated JSONL records of the same shape into a second, empty
database table set, with in-process index draining off, so only the import
itself is timed; the index tasks it records are counted. Peak RSS is the
process's maximum resident size so far (ru_maxrss). After the rebuild,
Whoosh's own writer indexes the first --baseline documents in the same run:
this machine's speed varies by day, and the ratio between the two does not.
"""

import argparse
import cProfile
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def cpu_seconds(who=None):
    """CPU time of this process and its finished workers (steadier than wall time when busy).

    ``who``: ``resource.RUSAGE_SELF`` or ``RUSAGE_CHILDREN`` for one side only.
    """
    sides = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN) if who is None else (who,)
    return sum(sum(resource.getrusage(side)[:2]) for side in sides)


def peak_rss_mib(who=resource.RUSAGE_SELF):
    return resource.getrusage(who).ru_maxrss / 1024


def profiled(path, call):
    if not path:
        return call()
    profile = cProfile.Profile()
    result = profile.runcall(call)
    profile.dump_stats(path)
    print(f"profile written to {path}")
    return result


def load(size, seed):
    """The benchmark corpus of bench/run.py, bulk-loaded (not what is measured)."""
    from articles.corpus.generator import generate_records
    from articles.corpus.loader import load_corpus

    count, seconds = load_corpus(generate_records(size, seed))
    print(f"database: {count} articles in {seconds:.1f} s ({count / seconds:.0f}/s)")


def bench_rebuild(args):
    from haystack import connections

    from articles.search.maintenance import rebuild

    load(args.size, args.seed)
    backend = connections["default"].get_backend()
    t0, cpu0, own0 = time.perf_counter(), cpu_seconds(), cpu_seconds(resource.RUSAGE_SELF)
    total = profiled(args.profile and f"{args.profile}.rebuild", lambda: rebuild(procs=args.procs))
    elapsed, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
    own = cpu_seconds(resource.RUSAGE_SELF) - own0
    size = sum(p.stat().st_size for p in Path(backend.generation_path()).iterdir())
    print(
        f"rebuild: {total} docs in {elapsed:.1f} s = {total / elapsed:.0f} docs/s "
        f"({cpu:.1f} CPU s, {own:.1f} of them reading and building documents, "
        f"all processes = {total / cpu:.0f} docs per CPU second); "
        f"index {size / 2**20:.0f} MiB; peak RSS {peak_rss_mib():.0f} MiB, "
        f"{peak_rss_mib(resource.RUSAGE_CHILDREN):.0f} MiB in the largest writer process"
    )
    if args.baseline:
        plain = whoosh_writer_rate(backend, args.baseline)
        print(
            f"baseline: Whoosh's own writer (one process, as documented) on the first "
            f"{args.baseline} documents: {plain:.0f} docs/s; the rebuild is "
            f"{total / elapsed / plain:.1f}x that"
        )


def whoosh_writer_rate(backend, count):
    """Documents per second of Whoosh used directly: one writer, ``add_document``, one commit.

    The same documents the rebuild wrote (the first ``count`` articles), into
    a new index with the same fields, text analysed by Whoosh's own
    ``TEXT`` field: the machine's speed on the day, beside the rebuild's own
    figure. The documents are built before the clock starts, so the time
    is Whoosh's alone; the rebuild's own figure includes reading the rows.
    """
    from haystack import connections
    from whoosh import index as whoosh_index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import TEXT, Schema, SpellField

    from articles.models import Article
    from articles.search import writing
    from articles.search.text_field import StemmedText

    search_index = connections["default"].get_unified_index().get_index(Article)
    rows = writing.rows(search_index).order_by("pk")[:count]
    docs = list(writing.documents(backend, search_index, list(rows)))
    if not backend.setup_complete:
        backend.setup()
    schema = Schema()
    for name, field in backend.schema.items():
        if isinstance(field, SpellField):
            continue  # a text field's own, added with it
        if isinstance(field, StemmedText):
            field = TEXT(
                analyzer=StemmingAnalyzer(),
                stored=field.stored,
                field_boost=field.format.field_boost,
                spelling=field.spelling,
            )
        schema.add(name, field)
    with tempfile.TemporaryDirectory(prefix="newsarchive-whoosh-") as path:
        ix = whoosh_index.create_in(path, schema)
        t0 = time.perf_counter()
        writer = ix.writer()
        for doc in docs:
            writer.add_document(**doc)
        writer.commit()
        return len(docs) / (time.perf_counter() - t0)


def load_or_copy(args, data_dir):
    """``load`` the archive to import into, or take the copy ``--base`` kept of it."""
    from django.db import connection

    if args.base and args.base.exists():
        print(f"database: copied from {args.base}")
        return
    load(args.into, args.seed)
    if args.base:
        with connection.cursor() as cursor:
            # Everything in the main file, so that it alone is a whole copy.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(Path(data_dir) / "db.sqlite3", args.base)
        print(f"database: kept in {args.base}")


def bench_import(args):
    from django.conf import settings

    from articles.corpus.generator import generate_records
    from articles.ingest.checking import spare_cores
    from articles.ingest.importer import import_records
    from articles.ingest.jsonl import read_jsonl
    from articles.models import Article, IndexTask

    settings.NEWSARCHIVE["INDEX_DRAIN_IN_PROCESS"] = False
    workers = spare_cores() if args.workers is None else args.workers
    # Another seed: new articles, not duplicates of the rebuild corpus.
    records = generate_records(args.import_records, args.seed + 1)
    lines = [json.dumps(record) for _, record in records]
    before_articles = Article.objects.count()
    before_tasks = IndexTask.objects.count()
    t0, cpu0, own0 = time.perf_counter(), cpu_seconds(), cpu_seconds(resource.RUSAGE_SELF)
    report = profiled(
        args.profile and f"{args.profile}.import",
        lambda: import_records(
            read_jsonl(lines, "bench.jsonl"), source_name="bench", workers=workers
        ),
    )
    elapsed, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
    own = cpu_seconds(resource.RUSAGE_SELF) - own0
    print(
        f"import: {len(lines)} records in {elapsed:.1f} s = {len(lines) / elapsed:.0f} records/s "
        f"({len(lines) / cpu:.0f} per CPU second, {workers} checking worker(s); "
        f"CPU ms a record: {own * 1000 / len(lines):.2f} saving, "
        f"{(cpu - own) * 1000 / len(lines):.2f} checking) "
        f"(no indexing; {report.count_line()}; "
        f"{Article.objects.count() - before_articles} articles, "
        f"{IndexTask.objects.count() - before_tasks} index tasks recorded); "
        f"peak RSS {peak_rss_mib():.0f} MiB"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="articles to rebuild")
    parser.add_argument("--import-records", type=int, default=3_000)
    parser.add_argument("--skip-rebuild", action="store_true")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument(
        "--into",
        type=int,
        default=0,
        metavar="N",
        help="with --skip-rebuild: load N generated articles (not indexed) to import into",
    )
    parser.add_argument(
        "--base",
        type=Path,
        metavar="FILE",
        help="with --skip-rebuild --into on SQLite: copy the archive from FILE (kept by a run "
        "with the same --into and --seed) instead of loading it, or keep the one loaded "
        "there when FILE does not exist yet",
    )
    parser.add_argument(
        "--baseline",
        type=int,
        default=2_000,
        metavar="N",
        help="after the rebuild, time Whoosh's own writer on the first N documents (0: not)",
    )
    parser.add_argument("--profile", help="write cProfile stats to FILE.rebuild / FILE.import")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--procs", type=int, help="rebuild writer processes (default: per CPU)")
    parser.add_argument(
        "--workers",
        type=int,
        help="import checking processes (default: one per core beyond the first, "
        "as manage.py import_articles uses)",
    )
    args = parser.parse_args()

    if args.base and (os.environ.get("DATABASE_URL") or not (args.skip_rebuild and args.into)):
        # Otherwise the copy would be ignored, or the import would go into
        # whatever the other database holds, with the figures none the wiser.
        parser.error("--base goes with --skip-rebuild --into N, on SQLite (no DATABASE_URL)")
    data_dir = tempfile.mkdtemp(prefix="newsarchive-writebench-")
    os.environ["NEWSARCHIVE_DATA_DIR"] = data_dir
    if args.base and args.base.exists():
        # Before Django opens it: the kept archive becomes this run's database.
        shutil.copyfile(args.base, Path(data_dir) / "db.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # As in production: DEBUG would log every query (time and memory).
    settings.DEBUG = False

    call_command("migrate", verbosity=0)
    print(f"data dir: {data_dir}")
    if not args.skip_rebuild:
        bench_rebuild(args)
    elif args.into:
        load_or_copy(args, data_dir)
    if not args.skip_import:
        bench_import(args)


if __name__ == "__main__":
    main()
