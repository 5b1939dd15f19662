"""An import SIGKILLed at random points: no half article, the index opens, one command repairs.

Each CI run kills at one random point in the records plus once just as the
records are all in (while the index is being written), then resumes the batch
to the end. More points, e.g. for a soak:

    NEWSARCHIVE_KILL_POINTS=10 .venv/bin/python -m pytest articles/tests/test_faults_kill.py

``NEWSARCHIVE_KILL_SEED`` repeats a run (the seed is printed when a test fails).
"""

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone
from haystack import connections
from haystack.query import SearchQuerySet

from articles.models import Article, BatchStatus, ImportBatch, ImportItem
from articles.search.maintenance import find_drift
from articles.search.query import run_search
from articles.tests.shared_data import REPO

RECORDS = 150
CAPTIONS, LINKS = 3, 2
WORDS = [f"w{i}x{j}" for i in range(40) for j in range(8)]


def record(n):
    return {
        "headline": f"Killed import story {n} about sorghum",
        "published": f"2021-0{1 + n % 9}-{1 + n % 27:02d}T08:00:00+05:00",
        "url": f"https://kill.example.org/{n}",
        # Words of its own, so no two stories are versions of each other.
        "body_text": f"Story {n}: sorghum prices {' '.join(WORDS[n % 40 :: 7])}.\n\n{n}.",
        "captions": [{"text": f"Sorghum photo {n}.{c}", "credit": "AFP"} for c in range(CAPTIONS)],
        "also_read": [
            {"title": f"Related {n}.{k}", "url": f"https://kill.example.org/r/{n}/{k}"}
            for k in range(LINKS)
        ],
        "editorials": [{"title": f"Opinion {n % 7}", "date": "2021-01-01"}],
    }


def _start(*args):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="newsarchive.settings.test",
        NEWSARCHIVE_TEST_DATA_DIR=str(settings.DATA_DIR),
        NEWSARCHIVE_CONNECT_TEST_DB="1",
    )
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_articles", *args, "--no-progress"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_after(process, items, batch_id=None, timeout=120):
    """SIGKILL ``process`` once its batch has recorded ``items`` outcomes (or it ended)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        batch = ImportBatch.objects.filter(pk=batch_id).first() if batch_id else None
        batch = batch or ImportBatch.objects.order_by("-id").first()
        if batch and batch.items.count() >= items:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    return process.returncode


def assert_no_half_article():
    # Every article has all its captions and links, and its batch outcome:
    # they were written in one transaction.
    shapes = Article.objects.annotate(
        captions_n=Count("captions", distinct=True), links_n=Count("also_read_links", distinct=True)
    ).values_list("pk", "captions_n", "links_n")
    for pk, captions_n, links_n in shapes:
        assert (captions_n, links_n) == (CAPTIONS, LINKS), f"article {pk} is half there"
    recorded = set(
        ImportItem.objects.filter(outcome="created").values_list("article_id", flat=True)
    )
    assert set(Article.objects.values_list("pk", flat=True)) == recorded


def assert_index_opens():
    SearchQuerySet().auto_query("sorghum").count()
    connections["default"].get_backend().indexed_identifiers()


def kill_points(rng):
    count = int(os.environ.get("NEWSARCHIVE_KILL_POINTS", "1"))
    return sorted(rng.randint(1, RECORDS - 1) for _ in range(count))


def test_an_import_killed_at_random_points_is_resumed_to_an_exact_archive(
    tmp_path, search_index, request
):
    seed = int(os.environ.get("NEWSARCHIVE_KILL_SEED") or random.randrange(10**6))
    request.node.user_properties.append(("kill_seed", seed))
    rng = random.Random(seed)
    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps(record(n)) + "\n" for n in range(RECORDS)))

    # Kill points: random records, then "all records in" (the index is being
    # written at the end of the run), each run resuming the one before.
    points = [*kill_points(rng), RECORDS]
    batch_id = None
    for point in points:
        process = _start(*(["--resume", str(batch_id)] if batch_id else [str(path)]))
        _kill_after(process, point, batch_id)
        batch = ImportBatch.objects.order_by("-id").first()
        batch_id = batch.pk
        assert ImportBatch.objects.count() == 1, f"seed {seed}"
        assert_no_half_article()
        assert_index_opens()
        # Killed outright, the batch is "running" until its silence is noticed.
        if batch.status == BatchStatus.RUNNING:
            ImportBatch.objects.mark_abandoned(now=timezone.now() + timedelta(minutes=10))
            batch.refresh_from_db()
        assert batch.status in (BatchStatus.INCOMPLETE, BatchStatus.DONE), f"seed {seed}"
        if batch.status == BatchStatus.DONE:
            break

    if batch.status == BatchStatus.INCOMPLETE:
        finished = _start("--resume", str(batch_id))
        _, err = finished.communicate(timeout=300)
        assert finished.returncode == 0, err
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert Article.objects.count() == RECORDS
    assert_no_half_article()

    # One command restores equality between the index and the database.
    call_command("reconcile_index", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert find_drift().clean
    assert run_search({"q": "sorghum"}).total == RECORDS
