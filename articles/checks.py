import os

from django.conf import settings
from django.core.checks import Error, register


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
