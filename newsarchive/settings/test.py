import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATA_DIR as _DEFAULT_DATA_DIR
from .base import HAYSTACK_CONNECTIONS, env_str

# Each test run gets its own data directory unless one is named, so the real
# SQLite file and Whoosh index of a developer's archive are never touched.
DATA_DIR = Path(
    env_str("NEWSARCHIVE_TEST_DATA_DIR") or tempfile.mkdtemp(prefix="newsarchive-test-")
)
assert DATA_DIR != _DEFAULT_DATA_DIR
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = DATA_DIR / "staticfiles"
if HAYSTACK_CONNECTIONS["default"]["ENGINE"].endswith("ArchiveWhooshEngine"):
    HAYSTACK_CONNECTIONS["default"]["PATH"] = str(DATA_DIR / "whoosh_index")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEBUG = False
# Tests read each response's context and often ask for one page twice; the
# page cache is switched on by the tests that are about it.
NEWSARCHIVE = {**NEWSARCHIVE, "PAGE_CACHE_SECONDS": 0}  # noqa: F405

# The test database lives in a file inside the data directory, so helper
# processes started by the concurrency tests can open the very same database.
_db = DATABASES["default"]  # noqa: F405
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
if env_str("NEWSARCHIVE_CONNECT_TEST_DB"):
    # Set only in those helper processes: use the test database pytest made.
    _db["NAME"] = _db.get("TEST", {}).get("NAME") or f"test_{_db['NAME']}"
