import shutil

import pytest
from django.conf import settings

# The browser tests' fixtures (browser, page), for every test_browser*.py module.
pytest_plugins = ["articles.tests.browser_support"]


@pytest.fixture
def search_index(transactional_db):
    """A real, empty Whoosh index that follows the database as the app does.

    Indexing runs after commit, so tests that search use a transactional
    database; the index is emptied before each of them.
    """
    from haystack import connections

    backend = connections["default"].get_backend()
    backend.clear()
    yield backend
    backend.clear()


def pytest_sessionfinish(session, exitstatus):
    # The test settings made a temporary data directory for this run.
    if "newsarchive-test-" in str(settings.DATA_DIR):
        shutil.rmtree(settings.DATA_DIR, ignore_errors=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (search pages and timelines are cached)."""
    from django.core.cache import cache

    cache.clear()
    yield
