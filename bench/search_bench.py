"""Search latency through our haystack backend, against Whoosh used directly.

    .venv/bin/python bench/search_bench.py [--articles 10000] [--queries 200]

Builds a synthetic archive (articles/corpus: 400-word articles, Zipf-distributed
vocabulary, the benchmark corpus of bench/run.py) in a temporary data directory,
indexes it through haystack, then runs the same queries three ways on the same
index and prints p50/p95 in milliseconds:
Whoosh directly (top 20 with highlights), the search page's own path
(haystack on our backend: top 20, exact count, facets, rows from the
database, snippets), and the same with a closed date-range filter.
"""

import argparse
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="newsarchive-bench-")
    os.environ["NEWSARCHIVE_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from haystack import connections

    from articles.corpus.generator import generate_records
    from articles.corpus.loader import load_corpus
    from articles.corpus.words import Vocabulary
    from articles.search.maintenance import rebuild
    from articles.search.query import run_search

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    vocab = Vocabulary(args.seed)

    print(f"data dir: {data_dir}")
    count, seconds = load_corpus(generate_records(args.articles, args.seed, vocab))
    print(f"database: {count} articles in {seconds:.1f} s")

    backend = connections["default"].get_backend()
    t0 = time.perf_counter()
    total = rebuild(batch_size=1000)
    elapsed = time.perf_counter() - t0
    print(f"index (rebuild_index): {total / elapsed:.0f} docs/s ({elapsed:.1f} s)")
    size = sum(p.stat().st_size for p in Path(backend.generation_path()).iterdir())
    print(f"index size: {size / 2**20:.0f} MiB")

    # Mid-frequency words: common enough to match many documents.
    words = vocab.mid_frequency()
    queries = [" ".join(rng.sample(words, rng.randint(1, 3))) for _ in range(args.queries)]
    searcher = backend.searcher()

    def raw(q):
        # Whoosh used directly, as its docs show: top 20 with two highlighted fragments.
        results = searcher.search(backend.parser.parse(q), limit=20)
        [(hit["django_id"], hit.highlights("text", top=2)) for hit in results]
        return len(results)

    def page(q):
        # The search page's whole path: query, count, 4 facets, 20 rows from
        # the database, snippets for those 20.
        return run_search({"q": q}).total

    def date_range(q):
        return run_search({"q": q, "from": "2005-01-01", "to": "2009-12-31"}).total

    for name, run in [
        ("whoosh directly", raw),
        ("our search page path", page),
        ("  + a date range", date_range),
    ]:
        for q in queries[:10]:
            run(q)  # warm caches
        samples = []
        for q in queries:
            t0 = time.perf_counter()
            run(q)
            samples.append(time.perf_counter() - t0)
        print(
            f"{name:24s} p50 {percentile(samples, 0.5):7.1f} ms   "
            f"p95 {percentile(samples, 0.95):7.1f} ms   "
            f"mean {statistics.mean(samples) * 1000:7.1f} ms"
        )


if __name__ == "__main__":
    main()
