"""Search latency through the search page's own path, against Whoosh used directly.

    .venv/bin/python bench/search_bench.py [--size 10000] [--queries 200]
                                           [--data-dir DIR] [--build-only]

Builds the benchmark corpus of bench/run.py (articles/corpus: 400-word
articles, Zipf-distributed vocabulary, topics, countries, 30 years) in a data directory,
indexes it through haystack, then runs the same queries several ways on the
same index and prints p50/p95 in milliseconds:

* Whoosh directly (top 20 with highlights) — the floor;
* ``run_search`` uncached: the search page's whole path (top 20, exact count,
  four facets, the month timeline, rows from the database, snippets);
* the same with a date range, and with a topic filter;
* ``cached_search``: the same page served from Django's cache.

``--data-dir`` keeps the archive: a later run with the same directory skips
the build (a 100k archive takes a long while to index on 2 cores).
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def percentile(samples, q):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def corpus_seed(data_dir, default):
    """The seed the archive in ``data_dir`` was generated with: queries need its vocabulary."""
    for marker in (Path(data_dir) / "bench.json", Path(data_dir) / "built"):
        if marker.exists():
            try:
                return json.loads(marker.read_text())["seed"]
            except (ValueError, KeyError, TypeError):
                continue
    return default


def setup_django(data_dir):
    os.environ["NEWSARCHIVE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings.dev")
    import django

    django.setup()


def build(size, seed, vocab):
    """Fill the (empty) database with the benchmark corpus (articles/corpus) and index it."""
    from django.core.management import call_command

    from articles.corpus.generator import generate_records
    from articles.corpus.loader import load_corpus
    from articles.search.maintenance import rebuild

    call_command("migrate", verbosity=0)
    count, seconds = load_corpus(generate_records(size, seed, vocab))
    print(f"database: {count} articles in {seconds:.1f} s", flush=True)

    t0 = time.perf_counter()

    def progress(done):
        if done % 10_000 == 0:
            print(f"  indexed {done} ({time.perf_counter() - t0:.0f} s)", flush=True)

    total = rebuild(batch_size=1000, progress=progress)
    elapsed = time.perf_counter() - t0
    print(f"index (rebuild_index): {total / elapsed:.0f} docs/s ({elapsed:.1f} s)", flush=True)


def measure(name, run, queries):
    for q in queries[:10]:
        run(q)  # warm caches
    samples = []
    for q in queries:
        t0 = time.perf_counter()
        run(q)
        samples.append(time.perf_counter() - t0)
    print(
        f"{name:28s} p50 {percentile(samples, 0.5):7.1f} ms   "
        f"p95 {percentile(samples, 0.95):7.1f} ms   "
        f"mean {statistics.mean(samples) * 1000:7.1f} ms",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", "--articles", dest="size", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data-dir", help="keep the archive here and reuse it on later runs")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument(
        "--only", help="comma-separated names of the runs to time (raw,page,range,topic,cached)"
    )
    args = parser.parse_args()

    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="newsarchive-bench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    # An archive bench/run.py built (bench.json records its index build) is reused too.
    built_by_run = data_dir / "bench.json"
    filled = (data_dir / "built").exists() or (
        built_by_run.exists() and "index_seconds" in built_by_run.read_text()
    )
    if filled:
        args.seed = corpus_seed(data_dir, args.seed)
    setup_django(data_dir)
    print(f"data dir: {data_dir}", flush=True)
    from articles.corpus.words import Vocabulary

    rng = random.Random(args.seed)
    vocab = Vocabulary(args.seed)
    if not filled:
        build(args.size, args.seed, vocab)
        (data_dir / "built").write_text(json.dumps({"size": args.size, "seed": args.seed}))
    if args.build_only:
        return

    from django.core.cache import cache
    from haystack import connections

    from articles.models import Article, Topic
    from articles.search.query import run_search

    backend = connections["default"].get_backend()
    size = sum(p.stat().st_size for p in Path(backend.generation_path()).iterdir())
    print(f"articles: {Article.objects.count()}, index size: {size / 2**20:.0f} MiB")

    # Mid-frequency words: common enough to match many documents.
    words = vocab.mid_frequency()
    queries = [" ".join(rng.sample(words, rng.randint(1, 3))) for _ in range(args.queries)]
    topic = Topic.objects.filter(articles__isnull=False).values_list("slug", flat=True).first()
    searcher = backend.searcher()

    def raw(q):
        # Whoosh used directly, as its docs show: top 20 with two highlighted fragments.
        results = searcher.search(backend.parser.parse(q), limit=20)
        [(hit["django_id"], hit.highlights("text", top=2)) for hit in results]
        return len(results)

    def cached(q):
        from articles.search.query import cached_search

        return cached_search({"q": q}).total

    runs = {
        "raw": ("whoosh directly", raw),
        "page": ("run_search (uncached)", lambda q: run_search({"q": q}).total),
        "range": (
            "  + a date range",
            lambda q: run_search({"q": q, "from": "2005-01-01", "to": "2009-12-31"}).total,
        ),
        "topic": ("  + a topic", lambda q: run_search({"q": q, "topic": topic}).total),
        "cached": ("cached_search (warm)", cached),
    }
    chosen = args.only.split(",") if args.only else list(runs)
    cache.clear()
    for key in chosen:
        name, run = runs[key]
        if key == "cached":
            for q in queries:
                run(q)  # fill the cache: the timed pass is all hits
        measure(name, run, queries)


if __name__ == "__main__":
    main()
