"""The benchmark's request mix asks for pages that exist, on a generated archive.

The benchmark itself (bench/run.py, `make bench`) prints figures and is not
run here; this checks that every kind of request it sends succeeds, so a
benchmark never measures error pages.
"""

import importlib.util
import random
from argparse import Namespace
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.corpus.generator import generate_records
from articles.corpus.loader import load_corpus

_spec = importlib.util.spec_from_file_location(
    "bench_run", Path(__file__).resolve().parents[2] / "bench" / "run.py"
)
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

pytestmark = pytest.mark.slow


def test_percentile_is_nearest_rank_in_milliseconds():
    samples = [i / 1000 for i in range(1, 101)]
    assert bench.percentile(samples, 0.5) == pytest.approx(51)
    assert bench.percentile(samples, 0.99) == pytest.approx(100)


@pytest.mark.django_db
def test_every_kind_of_request_in_the_mix_succeeds(search_index, client):
    load_corpus(generate_records(80, 5))
    call_command("update_index", verbosity=0)
    pools = bench.request_pools(Namespace(seed=5, size=80))
    assert len(pools["articles"]) == 80 and pools["topics"] and pools["countries"]
    rng = random.Random(1)
    searches_with_hits = 0
    for kind, _weight in bench.MIX:
        for _ in range(3):
            path = bench.make_request(kind, pools, rng)
            response = client.get(path)
            assert response.status_code == 200, (kind, path)
            if kind == "api search":
                searches_with_hits += response.json()["count"] > 0
    # The query pool's words are common enough to find something.
    assert searches_with_hits >= 1
