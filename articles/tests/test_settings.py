import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from articles.tests.shared_data import REPO
from newsarchive.env import env_bool, search_connection


def run_django(settings, *args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env, DJANGO_SETTINGS_MODULE=settings)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_prod_refuses_to_start_without_secret_key(tmp_path):
    result = run_django("newsarchive.settings.prod", "check", NEWSARCHIVE_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_prod_refuses_to_start_without_hosts(tmp_path):
    result = run_django(
        "newsarchive.settings.prod",
        "check",
        NEWSARCHIVE_DATA_DIR=str(tmp_path),
        DJANGO_SECRET_KEY="x" * 60,
    )
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_prod_passes_deploy_checks(tmp_path):
    result = run_django(
        "newsarchive.settings.prod",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        NEWSARCHIVE_DATA_DIR=str(tmp_path),
        DJANGO_SECRET_KEY="k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2,
        DJANGO_ALLOWED_HOSTS="archive.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_missing_data_dir_is_a_clear_error(tmp_path):
    missing = tmp_path / "nope"
    result = run_django("newsarchive.settings.dev", "check", NEWSARCHIVE_DATA_DIR=str(missing))
    assert result.returncode != 0
    assert "does not exist" in result.stderr


def test_search_url_selects_haystack_backends(tmp_path):
    assert search_connection(None, tmp_path)["ENGINE"].endswith("ArchiveWhooshEngine")
    es = search_connection("elasticsearch://search.local:9200/news", tmp_path)
    assert es["ENGINE"].endswith("Elasticsearch7SearchEngine")
    assert (es["URL"], es["INDEX_NAME"]) == ("http://search.local:9200/", "news")
    solr = search_connection("solrs://solr.local:8983/solr/news", tmp_path)
    assert solr["URL"] == "https://solr.local:8983/solr/news"
    with pytest.raises(ImproperlyConfigured):
        search_connection("ftp://x", tmp_path)


def test_env_bool(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("FLAG")
