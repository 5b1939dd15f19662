import os

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def data_dir_writable(app_configs, **kwargs):
    data_dir = settings.DATA_DIR
    if not data_dir.is_dir():
        return [
            Error(
                f"The data directory {data_dir} does not exist.",
                hint="Create it (mkdir -p) or point NEWSARCHIVE_DATA_DIR at an existing directory.",
                id="newsarchive.E001",
            )
        ]
    if not os.access(data_dir, os.W_OK):
        return [
            Error(
                f"The data directory {data_dir} is not writable by this user.",
                hint="Fix its permissions or point NEWSARCHIVE_DATA_DIR elsewhere.",
                id="newsarchive.E002",
            )
        ]
    return []


@register("search")
def search_index_readable(app_configs, **kwargs):
    """A damaged index is reported by ``manage.py check`` (and at server start)."""
    from haystack import connections

    from articles.search.faults import read_check

    backend = connections["default"].get_backend()
    if not hasattr(backend, "generation_path") or not os.path.lexists(backend.link_path):
        return []
    try:
        read_check(backend)
    except Exception as error:  # noqa: BLE001 - any failure to read is the finding
        # A warning, not an error: errors would stop reconcile_index, the repair itself.
        return [
            Warning(
                f"The search index at {backend.generation_path()} cannot be read: "
                f"{type(error).__name__}: {error}",
                hint="Run manage.py reconcile_index: it rebuilds the index from the database. "
                "Searches answer 503 until then; nothing in the database is affected.",
                id="newsarchive.W010",
            )
        ]
    return []
