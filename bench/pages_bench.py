"""Whole-page latency in process (Django's test client): search, timelines, article pages.

    .venv/bin/python bench/pages_bench.py --data-dir DIR [--requests 100]

Uses an archive built by ``bench/run.py`` (var/bench-<size>-seed<seed>/) or by
``bench/search_bench.py --data-dir DIR`` and prints
p50/p95 in milliseconds and the queries per page, for each page in three
states: cold (the cache cleared before every request, as after a restart),
changed (the content version moved before every request, as on the first
view after an editor's save elsewhere: an applied index task is recorded, as
a save records one, and for the search page the counter that is part of its
version is moved; what is kept for a while whatever changes, such as "more
like this" for a page seen in the last ten minutes, or the list of every
country, kept until a tag changes, is still there) and cached (the same
requests again).
The full server benchmark (gunicorn, concurrency) is ``bench/run.py``.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import search_bench  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    search_bench.setup_django(args.data_dir)
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from articles import results_cache
    from articles.corpus.words import Vocabulary
    from articles.models import Article, Country, IndexTask, Topic

    settings.ALLOWED_HOSTS = ["testserver"]
    rng = random.Random(args.seed)
    words = Vocabulary(search_bench.corpus_seed(args.data_dir, 7)).mid_frequency()
    topics = list(Topic.objects.all())
    countries = list(Country.objects.filter(articles__isnull=False).distinct()[:20])
    ids = list(Article.objects.values_list("id", flat=True))
    articles = Article.objects.in_bulk(rng.sample(ids, args.requests))

    recorded = []

    def saved_elsewhere():
        # What an editor's save leaves behind once the index has it: a new
        # content version, the index still current. Removed at the end, so
        # the kept archive stays as it was built.
        task = IndexTask.objects.create(
            model_label="articles.article", object_id=ids[0], done_at=timezone.now()
        )
        recorded.append(task.pk)

    pages = {
        "search": lambda n: f"/search/?q={'+'.join(rng.sample(words, 1 + n % 3))}",
        "topic timeline": lambda n: f"{rng.choice(topics).get_absolute_url()}?page={1 + n % 5}",
        "country timeline": lambda n: rng.choice(countries).get_absolute_url(),
        "article": lambda n: list(articles.values())[n].get_absolute_url(),
    }
    client = Client()
    print(f"articles: {len(ids)}")
    try:
        for name, make in pages.items():
            urls = [make(n) for n in range(args.requests)]
            # Search results follow the index's generation, which a save moves
            # when the index applies it: the counter stands in for that (the
            # index and its tables stay as they are).
            changed = results_cache.bump if name == "search" else saved_elsewhere
            states = {"cold": cache.clear, "changed": changed, "cached": None}
            for label, before in states.items():
                if before is not cache.clear:
                    for url in urls:
                        client.get(url)  # fill the cache: the timed pass is all hits
                samples, queries = [], []
                for url in urls:
                    if before is not None:
                        before()
                    with CaptureQueriesContext(connection) as captured:
                        t0 = time.perf_counter()
                        response = client.get(url)
                        samples.append(time.perf_counter() - t0)
                    assert response.status_code == 200, (url, response.status_code)
                    queries.append(len(captured))
                print(
                    f"{name:17s} {label:9s} p50 {search_bench.percentile(samples, 0.5):7.1f} ms   "
                    f"p95 {search_bench.percentile(samples, 0.95):7.1f} ms   "
                    f"queries {min(queries)}–{max(queries)}",
                    flush=True,
                )
    finally:
        IndexTask.objects.filter(pk__in=recorded).delete()


if __name__ == "__main__":
    main()
