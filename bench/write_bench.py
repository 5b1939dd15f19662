"""Write-path speed: a full index rebuild, and a JSONL import without its indexing.

    .venv/bin/python bench/write_bench.py [--size 10000] [--import-records 3000]
                                          [--skip-rebuild] [--skip-import] [--profile FILE]

Works in a temporary data directory (SQLite unless DATABASE_URL is set).
The rebuild corpus is the search benchmark's kind of text (400-word
articles, Zipf-distributed vocabulary) with two captions, a couple of topics
and countries and an "Also read" link each, written with bulk inserts; then
``rebuild()`` (what ``manage.py rebuild_index`` runs) is timed. The import
is of generated JSONL records of the same shape into a second, empty
database table set, with in-process index draining off, so only the import
itself is timed; the index tasks it records are counted. Peak RSS is the
process's maximum resident size so far (ru_maxrss).
"""

import argparse
import cProfile
import itertools
import json
import os
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TOPICS = ["economy", "politics", "health", "sport", "climate", "education", "energy", "courts"]
COUNTRIES = ["PK", "IN", "US", "GB", "CN", "AF", "IR", "FR", "DE", "SA"]


def vocabulary(size, rng):
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 10))))
    return sorted(words)


class Corpus:
    """Deterministic synthetic articles as JSONL records."""

    def __init__(self, seed=7):
        self.rng = random.Random(seed)
        self.words = vocabulary(20_000, self.rng)
        weights = [1 / (rank + 1) for rank in range(len(self.words))]
        # Cumulative once: choices() would otherwise re-add 20,000 weights per call.
        self.cum_weights = list(itertools.accumulate(weights))
        self.start = datetime(1995, 1, 1, tzinfo=UTC)

    def _text(self, k):
        return self.rng.choices(self.words, cum_weights=self.cum_weights, k=k)

    def record(self, n):
        rng = self.rng
        text = self._text(400)
        headline = " ".join(self._text(8)).capitalize()
        return {
            "headline": headline,
            "slug": f"article-{n}",
            "published": (
                self.start + timedelta(minutes=rng.randint(0, 30 * 365 * 24 * 60))
            ).isoformat(),
            "url": f"https://news.example.com/{n}/{headline[:20].replace(' ', '-')}",
            "dateline": "ISLAMABAD",
            "byline": f"Reporter {rng.randint(1, 300)}",
            "summary": " ".join(self._text(25)),
            "body_html": "".join(f"<p>{' '.join(text[i : i + 50])}</p>" for i in range(0, 400, 50)),
            "captions": [
                {"text": " ".join(self._text(12)), "credit": "AFP", "photo_date": None}
                for _ in range(2)
            ],
            "also_read": [{"title": " ".join(self._text(6)).capitalize(), "url": None}],
            "editorials": [],
            "topics": rng.sample(TOPICS, 2),
            "countries": rng.sample(COUNTRIES, 2),
        }


def bulk_corpus(corpus, size, chunk=2000):
    """Write ``size`` articles straight to the database (not what is measured)."""
    from articles.models import AlsoReadLink, Article, Caption, Country, Topic

    topics = {slug: Topic.objects.get_or_create(slug=slug, name=slug)[0] for slug in TOPICS}
    countries = {c.code: c for c in Country.objects.filter(code__in=COUNTRIES)}
    TopicLink, CountryLink = Article.topics.through, Article.countries.through
    for begin in range(0, size, chunk):
        records = [corpus.record(n) for n in range(begin, min(size, begin + chunk))]
        articles = Article.objects.bulk_create(
            Article(
                headline=r["headline"],
                slug=r["slug"],
                published=datetime.fromisoformat(r["published"]),
                url=r["url"],
                dateline=r["dateline"],
                byline=r["byline"],
                summary=r["summary"],
                body=r["body_html"],
            )
            for r in records
        )
        Caption.objects.bulk_create(
            Caption(article=a, text=c["text"], credit=c["credit"], order=i)
            for a, r in zip(articles, records, strict=True)
            for i, c in enumerate(r["captions"])
        )
        AlsoReadLink.objects.bulk_create(
            AlsoReadLink(article=a, title=link["title"])
            for a, r in zip(articles, records, strict=True)
            for link in r["also_read"]
        )
        TopicLink.objects.bulk_create(
            TopicLink(article=a, topic=topics[t])
            for a, r in zip(articles, records, strict=True)
            for t in r["topics"]
        )
        CountryLink.objects.bulk_create(
            CountryLink(article=a, country=countries[c])
            for a, r in zip(articles, records, strict=True)
            for c in r["countries"]
            if c in countries
        )


def cpu_seconds():
    """CPU time of this process and its finished workers (steadier than wall time when busy)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def profiled(path, call):
    if not path:
        return call()
    profile = cProfile.Profile()
    result = profile.runcall(call)
    profile.dump_stats(path)
    print(f"profile written to {path}")
    return result


def bench_rebuild(args, corpus):
    from haystack import connections

    from articles.models import Article
    from articles.search.maintenance import rebuild

    t0 = time.perf_counter()
    bulk_corpus(corpus, args.size)
    print(f"database: {Article.objects.count()} articles in {time.perf_counter() - t0:.1f} s")
    backend = connections["default"].get_backend()
    t0, cpu0 = time.perf_counter(), cpu_seconds()
    total = profiled(args.profile and f"{args.profile}.rebuild", lambda: rebuild(procs=args.procs))
    elapsed, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
    size = sum(p.stat().st_size for p in Path(backend.generation_path()).iterdir())
    print(
        f"rebuild: {total} docs in {elapsed:.1f} s = {total / elapsed:.0f} docs/s "
        f"({cpu:.1f} CPU s, all processes = {total / cpu:.0f} docs per CPU second); "
        f"index {size / 2**20:.0f} MiB; peak RSS {peak_rss_mib():.0f} MiB"
    )


def bench_import(args, corpus):
    from django.conf import settings

    from articles.ingest.importer import import_records
    from articles.ingest.jsonl import read_jsonl
    from articles.models import Article, IndexTask

    settings.NEWSARCHIVE["INDEX_DRAIN_IN_PROCESS"] = False
    offset = 10_000_000  # URLs and slugs apart from the rebuild corpus
    lines = [json.dumps(corpus.record(offset + n)) for n in range(args.import_records)]
    before_articles = Article.objects.count()
    before_tasks = IndexTask.objects.count()
    t0, cpu0 = time.perf_counter(), cpu_seconds()
    report = profiled(
        args.profile and f"{args.profile}.import",
        lambda: import_records(read_jsonl(lines, "bench.jsonl"), source_name="bench"),
    )
    elapsed, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
    print(
        f"import: {len(lines)} records in {elapsed:.1f} s = {len(lines) / elapsed:.0f} records/s "
        f"({len(lines) / cpu:.0f} per CPU second) "
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
    parser.add_argument("--profile", help="write cProfile stats to FILE.rebuild / FILE.import")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--procs", type=int, help="rebuild writer processes (default: per CPU)")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="newsarchive-writebench-")
    os.environ["NEWSARCHIVE_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"data dir: {data_dir}")
    corpus = Corpus(args.seed)
    if not args.skip_rebuild:
        bench_rebuild(args, corpus)
    if not args.skip_import:
        bench_import(args, corpus)


if __name__ == "__main__":
    main()
