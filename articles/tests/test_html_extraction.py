"""Saved HTML pages against real fixtures (read from ../shared at run time)."""

import gzip
import importlib.util
import json

from articles.ingest.html_page import stored_body_text
from articles.tests.shared_data import REPO, require


def _bench():
    spec = importlib.util.spec_from_file_location(
        "extraction_bench", REPO / "bench/extraction_bench.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_body_f1_on_a_sample_of_the_zyte_pages_stays_above_target():
    folder = require("corpora/html-article-fixtures/zyte-article-extraction-benchmark")
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    bench = _bench()
    sample = sorted(truth)[::6]  # 31 of the 181 pages keeps the test quick
    scores = []
    for page_id in sample:
        page = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        body = stored_body_text(page.decode("utf-8", "replace"))
        scores.append(bench.prf(body, truth[page_id]["articleBody"])[2])

    assert sum(scores) / len(scores) >= 0.93


def test_word_scores_count_repeated_words():
    bench = _bench()

    assert bench.prf("a a b", "a b") == (2 / 3, 1.0, 0.8)
    assert bench.prf("", "a") == (0.0, 0.0, 0.0)
