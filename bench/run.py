"""The archive under load: one command from an empty directory to a table of figures.

    make bench SIZE=10000            # or: .venv/bin/python bench/run.py --size 10000

1. A data directory of its own, var/bench-<size>-seed<seed>/, reused by the next
   run with the same size and seed (--fresh starts it again).
2. A synthetic archive of --size articles (articles/corpus: Zipf vocabulary,
   40 topics, ~250 countries, 30 years, captions, shared editorials), bulk-loaded
   into SQLite (or the database DATABASE_URL names, which must then be empty).
3. The search index, built by `manage.py rebuild_index` (documents per second).
4. gunicorn with the production settings (newsarchive.serve, as `make serve`)
   on a free port of 127.0.0.1, warmed up.
5. The search baseline, one query at a time: Whoosh used directly (open the
   index, parse over the same fields, top 20 with highlights), our search path
   in this process (run_search), and the search page over HTTP.
6. A fixed mix of requests (searches with facets and filters, date ranges,
   topic and country timelines, article pages, API calls) from --clients
   concurrent clients for --duration seconds: p50/p95/p99 per kind,
   requests/s, errors, worker memory, index and database sizes.

Figures end with a Markdown table for the README. On a shared machine they
are noisy: say so when you quote them.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))

from articles.corpus.generator import CORPUS_VERSION  # noqa: E402
from newsarchive.serve import gunicorn_command, manage, prepare, production_env  # noqa: E402

# (kind, weight): the share of each kind of request in the load phase.
MIX = [
    ("search", 25),
    ("search+filter", 10),
    ("search+dates", 10),
    ("topic timeline", 10),
    ("country timeline", 10),
    ("article page", 20),
    ("api search", 5),
    ("api article", 5),
    ("api timeline", 5),
]


def percentile(samples, q):
    """Nearest-rank percentile of ``samples`` (seconds), in milliseconds."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def directory_size(path):
    path = Path(path)
    if not path.exists():
        return 0
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mib(size):
    return f"{size / 2**20:,.0f} MiB"


# -- 1-3: data directory, corpus, index ----------------------------------------


def build(args, data_dir, env):
    """Load the corpus and build the index unless this directory already holds them."""
    marker = data_dir / "bench.json"
    wanted = {
        "size": args.size,
        "seed": args.seed,
        "corpus": CORPUS_VERSION,
        "database": env.get("DATABASE_URL", "sqlite"),
    }
    state = json.loads(marker.read_text()) if marker.exists() else {}
    if args.fresh or {k: state.get(k) for k in wanted} != wanted:
        if data_dir.exists() and not env.get("DATABASE_URL"):
            shutil.rmtree(data_dir)
        state = dict(wanted)
    data_dir.mkdir(parents=True, exist_ok=True)
    print(f"data directory: {data_dir}", flush=True)
    prepare(env)
    if "load_seconds" not in state:
        started = time.monotonic()
        manage(env, "generate_corpus", f"--size={args.size}", f"--seed={args.seed}", "--load")
        state["load_seconds"] = time.monotonic() - started
        marker.write_text(json.dumps(state))
    if "index_seconds" not in state:
        started = time.monotonic()
        manage(env, "rebuild_index", "--verbosity=0")
        state["index_seconds"] = time.monotonic() - started
        marker.write_text(json.dumps(state))
    else:
        print("  (corpus and index reused from an earlier run; --fresh rebuilds them)")
    return state


# -- pools of requests, from the corpus ------------------------------------------


def request_pools(args):
    """Paths for every kind of request, drawn from what the corpus holds."""
    from django.db.models import Max, Min

    from articles.corpus.words import Vocabulary
    from articles.models import Article, Country, Topic

    rng = random.Random(args.seed)
    words = Vocabulary(args.seed).mid_frequency()
    queries = []
    for _ in range(2000):
        n = rng.choices([1, 2, 3], [50, 35, 15])[0]
        queries.append(" ".join(rng.sample(words, n)))
    bounds = Article.objects.aggregate(low=Min("pk"), high=Max("pk"))
    pks = rng.sample(range(bounds["low"], bounds["high"] + 1), min(2000, args.size))
    articles = list(Article.objects.filter(pk__in=pks).only("pk", "slug", "published"))
    topics = list(
        Topic.objects.filter(articles__isnull=False).distinct().values_list("slug", flat=True)
    )
    countries = [
        code.lower()
        for code in Country.objects.filter(articles__isnull=False)
        .distinct()
        .values_list("code", flat=True)
    ]
    return {
        "queries": queries,
        "articles": [a.get_absolute_url() for a in articles],
        "article_ids": [a.pk for a in articles],
        "topics": topics,
        "countries": countries,
    }


def make_request(kind, pools, rng):
    q = rng.choice(pools["queries"])
    if kind == "search":
        return "/search/?" + urlencode({"q": q})
    if kind == "search+filter":
        params = {"q": q.split()[0]}
        if rng.random() < 0.5:
            params["topic"] = rng.choice(pools["topics"])
        else:
            params["country"] = rng.choice(pools["countries"])
        return "/search/?" + urlencode(params)
    if kind == "search+dates":
        start = rng.randint(1995, 2020)
        return "/search/?" + urlencode(
            {"q": q, "from": f"{start}-01-01", "to": f"{start + rng.randint(0, 4)}-12-31"}
        )
    if kind == "topic timeline":
        return f"/topics/{rng.choice(pools['topics'])}/"
    if kind == "country timeline":
        return f"/countries/{rng.choice(pools['countries'])}/"
    if kind == "article page":
        return rng.choice(pools["articles"])
    if kind == "api search":
        return "/api/v1/search/?" + urlencode({"q": q})
    if kind == "api article":
        return f"/api/v1/articles/{rng.choice(pools['article_ids'])}/"
    if kind == "api timeline":
        return "/api/v1/timeline/?" + urlencode({"topic": rng.choice(pools["topics"])})
    raise ValueError(kind)


# -- the server ----------------------------------------------------------------


class Server:
    def __init__(self, env, workers, threads, log_path):
        self.port = free_port()
        self.log = open(log_path, "w")  # noqa: SIM115 -- closed in stop()
        command = gunicorn_command("127.0.0.1", self.port, workers, threads)
        self.process = subprocess.Popen(
            command, env=env, cwd=BASE_DIR, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.peak_rss = defaultdict(int)
        self.peak_private = defaultdict(int)

    def wait(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise SystemExit(f"gunicorn exited ({code}); see {self.log.name}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                status, _ = fetch(conn, "/")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer within {timeout} s")

    def workers(self):
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids

    def sample_rss(self):
        """Record each worker's resident memory (kB) now; keep the highest seen.

        VmRSS counts the pages of the memory-mapped index files a worker has
        read, which the kernel shares between workers and can drop; RssAnon is
        the worker's own memory.
        """
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    self.peak_rss[pid] = max(self.peak_rss[pid], int(line.split()[1]))
                elif line.startswith("RssAnon:"):
                    self.peak_private[pid] = max(self.peak_private[pid], int(line.split()[1]))

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def fetch(conn, path):
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read()
    return response.status, body


class Client(threading.Thread):
    """One user: requests from the mix, back to back, on one keep-alive connection."""

    def __init__(self, port, pools, seed, stop_at, results):
        super().__init__(daemon=True)
        self.port, self.pools, self.stop_at, self.results = port, pools, stop_at, results
        self.rng = random.Random(seed)
        self.kinds = [kind for kind, _ in MIX]
        self.weights = [weight for _, weight in MIX]

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while time.monotonic() < self.stop_at:
            kind = self.rng.choices(self.kinds, self.weights)[0]
            path = make_request(kind, self.pools, self.rng)
            started = time.perf_counter()
            try:
                status, _ = fetch(conn, path)
                ok = status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                status, ok = "connection error", False
            self.results.append((kind, time.perf_counter() - started, ok, status, path))
        conn.close()


def run_load(server, pools, clients, duration, seed):
    results = []
    stop_at = time.monotonic() + duration
    threads = [Client(server.port, pools, seed + n, stop_at, results) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        server.sample_rss()
        time.sleep(1)
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started


# -- 5: the search baseline ------------------------------------------------------


def search_baseline(port, queries):
    """The same queries, one at a time: raw Whoosh, run_search in-process, the page over HTTP."""
    from django.conf import settings
    from whoosh import index
    from whoosh.qparser import MultifieldParser

    from articles.search.query import run_search

    ix = index.open_dir(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
    parser = MultifieldParser(["text", "headline"], schema=ix.schema, fieldboosts={"headline": 3})
    searcher = ix.searcher()

    def raw(q):
        # Whoosh as its documentation shows it: top 20, two highlighted fragments each.
        results = searcher.search(parser.parse(q), limit=20)
        for hit in results:
            hit.highlights("text", top=2)

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def page(q):
        status, _ = fetch(conn, "/search/?" + urlencode({"q": q}))
        assert status == 200, status

    timings = {}
    for name, run in [
        ("Whoosh directly (top 20 + highlights)", raw),
        ("our search path in-process (run_search)", lambda q: run_search({"q": q})),
        ("the search page over HTTP", page),
    ]:
        for q in queries[:10]:
            run(q)  # warm caches
        samples = []
        for q in queries:
            started = time.perf_counter()
            run(q)
            samples.append(time.perf_counter() - started)
        timings[name] = samples
    searcher.close()
    conn.close()
    return timings


# -- report --------------------------------------------------------------------


def database_size(data_dir):
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
    db = Path(connection.settings_dict["NAME"])
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.is_file())


def report(args, state, baseline, results, elapsed, server, sizes):
    rows = defaultdict(list)
    errors = defaultdict(int)
    examples = {}
    for kind, seconds, ok, status, path in results:
        rows[kind].append(seconds)
        if not ok:
            errors[kind] += 1
            examples.setdefault(kind, f"{status} {path}")
    total = len(results)
    failed = sum(errors.values())
    rss = sorted(server.peak_rss.values())
    private = sorted(server.peak_private.values())
    lines = []
    say = lines.append
    say(f"## {args.size:,} articles (seed {args.seed})")
    say("")
    say(
        f"Load {state['load_seconds']:.0f} s "
        f"({args.size / state['load_seconds']:,.0f} articles/s); "
        f"index build {state['index_seconds']:.0f} s "
        f"({args.size / state['index_seconds']:,.0f} articles/s, editorials included); "
        f"index {mib(sizes['index'])}; database {mib(sizes['database'])}."
    )
    say("")
    say("| search, one at a time | p50 ms | p95 ms | p99 ms |")
    say("|---|---:|---:|---:|")
    for name, samples in baseline.items():
        say(
            f"| {name} | {percentile(samples, 0.5):.1f} | {percentile(samples, 0.95):.1f} "
            f"| {percentile(samples, 0.99):.1f} |"
        )
    say("")
    say(
        f"Under load: {args.clients} clients for {elapsed:.0f} s against gunicorn "
        f"({args.workers} workers × {args.threads} threads): {total:,} requests, "
        f"{total / elapsed:,.1f} requests/s, {failed} errors; worker peak RSS "
        + ", ".join(f"{kb / 1024:.0f}" for kb in rss)
        + " MiB, of which the workers' own (RssAnon) "
        + ", ".join(f"{kb / 1024:.0f}" for kb in private)
        + " MiB; the rest is index files mapped into memory."
    )
    say("")
    say("| request | share | count | p50 ms | p95 ms | p99 ms | errors |")
    say("|---|---:|---:|---:|---:|---:|---:|")
    for kind, weight in MIX:
        samples = rows.get(kind, [])
        say(
            f"| {kind} | {weight}% | {len(samples):,} | {percentile(samples, 0.5):.0f} "
            f"| {percentile(samples, 0.95):.0f} | {percentile(samples, 0.99):.0f} "
            f"| {errors.get(kind, 0)} |"
        )
    every = [seconds for _, seconds, _, _, _ in results]
    say(
        f"| all | 100% | {total:,} | {percentile(every, 0.5):.0f} | {percentile(every, 0.95):.0f} "
        f"| {percentile(every, 0.99):.0f} | {failed} |"
    )
    for kind, example in examples.items():
        say(f"\nfirst error in {kind}: {example}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="Articles in the corpus.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=float, default=60, help="Seconds of load.")
    parser.add_argument("--warmup", type=float, default=10, help="Seconds of unrecorded load.")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent clients.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes.")
    parser.add_argument("--threads", type=int, default=4, help="Threads per worker.")
    parser.add_argument("--queries", type=int, default=100, help="Queries in the baseline.")
    parser.add_argument("--data-dir", help="Default: var/bench-<size>-seed<seed>/")
    parser.add_argument("--fresh", action="store_true", help="Regenerate corpus and index.")
    args = parser.parse_args(argv)

    data_dir = Path(args.data_dir or BASE_DIR / "var" / f"bench-{args.size}-seed{args.seed}")
    data_dir = data_dir.resolve()
    # All clients come from 127.0.0.1: the per-address API limit would refuse most of them.
    env, _notes = production_env(data_dir, {"NEWSARCHIVE_API_RATE_LIMIT": "0"})
    state = build(args, data_dir, env)

    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings

    pools = request_pools(args)
    sizes = {
        "index": directory_size(os.path.realpath(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])),
        "database": database_size(data_dir),
    }
    server = Server(env, args.workers, args.threads, data_dir / "gunicorn.log")
    try:
        server.wait()
        print(f"gunicorn on 127.0.0.1:{server.port}; warm-up {args.warmup:.0f} s", flush=True)
        run_load(server, pools, args.clients, args.warmup, args.seed + 1000)
        print(f"search baseline: {args.queries} queries, one at a time", flush=True)
        baseline = search_baseline(server.port, pools["queries"][: args.queries])
        print(f"load: {args.clients} clients for {args.duration:.0f} s", flush=True)
        server.peak_rss.clear()
        server.peak_private.clear()
        results, elapsed = run_load(server, pools, args.clients, args.duration, args.seed)
    finally:
        server.stop()
    text = report(args, state, baseline, results, elapsed, server, sizes)
    print()
    print(text)
    (data_dir / "results.md").write_text(text + "\n")
    print(f"\n(also written to {data_dir / 'results.md'})")


if __name__ == "__main__":
    main()
