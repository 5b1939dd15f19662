"""An import's SQLite checkpoints, made by a thread beside it."""

import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from articles.ingest import checkpoints
from articles.models import Article
from articles.tests import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write-ahead log only"),
]


def autocheckpoint():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        return cursor.fetchone()[0]


def test_the_log_reaches_the_database_file_while_the_import_goes_on():
    database = Path(connection.settings_dict["NAME"])
    before = database.stat().st_size
    with checkpoints.beside():
        assert autocheckpoint() == 0  # the importing connection leaves it to the thread
        assert "checkpoints" in [thread.name for thread in threading.enumerate()]
        for n in range(300):
            factories.article(f"Story {n}", body="<p>" + "words of the story " * 200 + "</p>")
        grown = database.stat().st_size
        deadline = time.monotonic() + 5
        while grown == before and time.monotonic() < deadline:
            time.sleep(checkpoints.EVERY_SECONDS)
            grown = database.stat().st_size
        assert grown > before  # copied from the log while the block still ran

    assert autocheckpoint() == 1000
    assert "checkpoints" not in [thread.name for thread in threading.enumerate()]


def test_inside_a_transaction_nothing_changes():
    from django.db import transaction

    with transaction.atomic(), checkpoints.beside():
        assert autocheckpoint() == 1000
        assert "checkpoints" not in [thread.name for thread in threading.enumerate()]


def test_a_checkpoint_that_fails_is_reported_once_and_loses_nothing(monkeypatch, caplog):
    monkeypatch.setattr(checkpoints, "CHECKPOINT", "PRAGMA wal_checkpoint(NO SUCH MODE")
    with checkpoints.beside():
        for n in range(5):
            factories.article(f"Story {n}")
        time.sleep(3 * checkpoints.EVERY_SECONDS)

    assert caplog.text.count("An import's checkpoint failed") == 1
    assert autocheckpoint() == 1000  # the importing connection checkpoints again
    assert Article.objects.count() == 5
