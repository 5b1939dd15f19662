"""Locating ../shared (real corpora, the seed page) for tests that read it at run time."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def shared_dir():
    return Path(os.environ.get("NEWSARCHIVE_SHARED_DIR") or REPO.parent / "shared")


def require(relative):
    """The path under ../shared, or skip the test loudly when it is absent."""
    path = shared_dir() / relative
    if not path.exists():
        pytest.skip(
            f"SKIPPED FOR MISSING DATA: {path} is absent (../shared beside the repo, "
            "or NEWSARCHIVE_SHARED_DIR). CI always has it."
        )
    return path
