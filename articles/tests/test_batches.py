"""Recorded import batches: who/when/files/counts/outcome, purge, and runs killed halfway."""

import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone
from haystack.query import SearchQuerySet

from articles.ingest import batches, importer, stopping
from articles.ingest.detect import records_from_paths
from articles.ingest.importer import Outcome
from articles.models import Article, BatchStatus, Editorial, ImportBatch
from articles.search import indexing
from articles.tests.shared_data import REPO


def record(n, **extra):
    return {
        "headline": f"Batch story number {n}",
        "published": f"2022-0{1 + n % 9}-{1 + n % 27:02d}T09:00:00+05:00",
        "url": f"https://batch.example.org/{n}",
        "body_text": f"Story {n} about turnips and their {n} growers in the valley.",
        **extra,
    }


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_command_records_a_batch_with_who_when_files_counts_and_outcome(tmp_path, capsys):
    path = write_jsonl(tmp_path / "a.jsonl", [record(1), record(2)])

    call_command("import_articles", str(path), "--no-progress")

    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.DONE
    assert batch.files == [str(path)]
    assert batch.via == "command" and batch.started_by
    assert batch.started and batch.finished and batch.finished >= batch.started
    assert (batch.created_count, batch.failed_count, batch.total, batch.processed) == (2, 0, 2, 2)
    assert [i.outcome for i in batch.items.all()] == ["created", "created"]
    assert f"Batch {batch.pk}: done" in capsys.readouterr().out


@pytest.mark.django_db
def test_rerunning_a_batch_is_idempotent(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [record(1), record(2)])

    batches.import_paths([path])
    _, again = batches.import_paths([path])

    assert again.counts[Outcome.DUPLICATE] == 2
    assert Article.objects.count() == 2
    assert ImportBatch.objects.filter(status=BatchStatus.DONE).count() == 2


def test_purge_removes_what_the_batch_created_from_database_and_index(tmp_path, search_index):
    held = write_jsonl(tmp_path / "held.jsonl", [record(1)])
    batches.import_paths([held])
    beside = {"title": "Turnip prices", "date": "2022-02-02", "teaser": "Dear."}
    shared = {"title": "Shared editorial", "date": "2022-02-03"}
    path = write_jsonl(
        tmp_path / "b.jsonl",
        [
            record(1, body_text="Changed words about turnips.", editorials=[shared]),
            record(2, editorials=[beside, shared]),
            record(3),
        ],
    )
    batch, report = batches.import_paths([path])
    assert report.counts[Outcome.CREATED] == 2 and report.counts[Outcome.UPDATED] == 1
    assert SearchQuerySet().models(Article).auto_query("turnips").count() == 3

    call_command("purge_batch", str(batch.pk))

    assert list(Article.objects.values_list("url", flat=True)) == ["https://batch.example.org/1"]
    # The editorial only the purged articles stood beside goes; the shared one stays.
    assert list(Editorial.objects.values_list("title", flat=True)) == ["Shared editorial"]
    assert SearchQuerySet().models(Article).auto_query("turnips").count() == 1
    assert SearchQuerySet().models(Editorial).auto_query("turnip prices").count() == 0
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PURGED


@pytest.mark.django_db
def test_purge_of_an_unknown_batch():
    with pytest.raises(CommandError, match="no import batch 99"):
        call_command("purge_batch", "99")


def _batch_of_single_record_runs(tmp_path, monkeypatch, count):
    """(path, batch) of ``count`` records, saved one a run so that a stop falls between records."""
    monkeypatch.setattr(importer, "RUN_SIZE", 1)
    path = write_jsonl(tmp_path / "a.jsonl", [record(n) for n in range(count)])
    return path, batches.new_batch([str(path)])


@pytest.mark.django_db
def test_a_run_that_raises_halfway_is_incomplete_and_purgeable(tmp_path, monkeypatch):
    path, batch = _batch_of_single_record_runs(tmp_path, monkeypatch, 5)

    def ctrl_c_after_three(done, total):
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        batches.run_batch(batch, records_from_paths([path]), progress=ctrl_c_after_three)

    batch.refresh_from_db()
    assert batch.status == BatchStatus.INCOMPLETE
    assert "stopped halfway" in batch.error
    created = batch.items.filter(outcome="created")
    assert created.count() == 3
    assert set(created.values_list("article_id", flat=True)) == set(
        Article.objects.values_list("pk", flat=True)
    )

    batches.purge(batch)
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_run_saved_together_and_then_interrupted_knows_what_it_made(tmp_path):
    records = [record(n) for n in range(5)]
    records[3]["headline"] = ""  # a failure: the first two runs end before it
    path = write_jsonl(tmp_path / "a.jsonl", records)
    batch = batches.new_batch([path])

    def ctrl_c_after_two(done, total):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        batches.run_batch(batch, records_from_paths([path]), progress=ctrl_c_after_two)

    created = batch.items.filter(outcome="created")
    assert set(created.values_list("article_id", flat=True)) == set(
        Article.objects.values_list("pk", flat=True)
    )
    assert created.count() == 3  # the run of three before the failure, whole


@pytest.mark.django_db
def test_a_silent_running_batch_is_marked_incomplete_never_done(tmp_path):
    batch = batches.new_batch(["x.jsonl"])
    assert ImportBatch.objects.mark_abandoned() == 0  # still beating

    later = timezone.now() + timedelta(minutes=10)
    assert ImportBatch.objects.mark_abandoned(now=later) == 1
    batch.refresh_from_db()
    assert batch.status == BatchStatus.INCOMPLETE


@pytest.mark.django_db
def test_resume_runs_an_incomplete_batch_to_the_end(tmp_path, monkeypatch):
    path, batch = _batch_of_single_record_runs(tmp_path, monkeypatch, 4)

    def ctrl_c_after_two(done, total):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        batches.run_batch(batch, records_from_paths([path]), progress=ctrl_c_after_two)
    assert Article.objects.count() == 2

    call_command("import_articles", "--resume", str(batch.pk), "--no-progress")

    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert Article.objects.count() == 4
    # Everything it created, before and after the stop, is still its to purge.
    assert batch.items.filter(outcome="created").count() == 4


@pytest.mark.django_db
def test_a_stop_asked_for_ends_the_run_at_the_next_record(tmp_path, monkeypatch):
    path, batch = _batch_of_single_record_runs(tmp_path, monkeypatch, 6)

    def sigterm_after_two(done, total):
        if done == 2:
            os.kill(os.getpid(), signal.SIGTERM)  # handled: nothing raised here

    with stopping.on_signal(), pytest.raises(KeyboardInterrupt, match="signal 15"):
        batches.run_batch(batch, records_from_paths([path]), progress=sigterm_after_two)

    batch.refresh_from_db()
    assert batch.status == BatchStatus.INCOMPLETE
    assert "stopped halfway: KeyboardInterrupt: signal 15" in batch.error
    # The third record was saved whole before the stop was looked at; no more.
    assert batch.items.filter(outcome="created").count() == Article.objects.count() == 3


def test_a_second_signal_stops_at_once_and_the_handler_is_put_back(monkeypatch):
    before = signal.getsignal(signal.SIGTERM)
    with stopping.on_signal():
        os.kill(os.getpid(), signal.SIGTERM)
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGTERM)
    assert signal.getsignal(signal.SIGTERM) is before
    stopping.check()  # the request does not outlive the run


def _import_in_a_process(path):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="newsarchive.settings.test",
        NEWSARCHIVE_TEST_DATA_DIR=str(settings.DATA_DIR),
        NEWSARCHIVE_CONNECT_TEST_DB="1",
    )
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_articles", str(path), "--no-progress"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_items(minimum, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        batch = ImportBatch.objects.first()
        if batch and batch.items.count() >= minimum:
            return batch
        assert process.poll() is None, process.stderr.read()
        time.sleep(0.05)
    raise AssertionError("the import never got going")


def _children(pid):
    with open(f"/proc/{pid}/task/{pid}/children") as listing:
        return [int(child) for child in listing.read().split()]


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # not a zombie
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_an_import_killed_halfway_is_never_reported_done(tmp_path, search_index, how):
    path = write_jsonl(tmp_path / "big.jsonl", [record(n) for n in range(3000)])
    process = _import_in_a_process(path)
    try:
        batch = _wait_for_items(20, process)
        workers = _children(process.pid)  # the import's checking worker
        process.send_signal(how)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    # However the import ended, its workers end too (they hold a copy of
    # its database connection).
    assert workers
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers), workers

    batch.refresh_from_db()
    made = batch.items.filter(outcome="created").count()
    assert 0 < made < 3000
    if how == signal.SIGTERM:
        # A polite stop marks the batch on the way out.
        assert batch.status == BatchStatus.INCOMPLETE
    else:
        # A hard kill leaves it "running" until its heartbeat is seen to have stopped.
        assert batch.status == BatchStatus.RUNNING
        ImportBatch.objects.mark_abandoned(now=timezone.now() + timedelta(minutes=10))
        batch.refresh_from_db()
        assert batch.status == BatchStatus.INCOMPLETE
    assert Article.objects.count() >= made

    indexing.drain()
    call_command("purge_batch", str(batch.pk))
    assert not Article.objects.exists()
    assert SearchQuerySet().auto_query("turnips").count() == 0
