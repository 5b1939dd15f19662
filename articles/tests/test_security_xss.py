"""Hostile strings stored and searched for, every page type opened in Chromium.

CI runs a fixed sample that covers every payload family (a few payloads of
each XSS family, one string of each BLNS section). The whole of both lists
(6,613 XSS payloads and 516 naughty strings) runs with

    .venv/bin/python manage.py xss_sweep --all [--shard I/N]

(a thin command that runs this test with NEWSARCHIVE_XSS_SWEEP=all) and
prints the figures as it goes (see README, "Security").
"""

import os

import pytest
from django.test import Client

from articles.security import payloads as hostile
from articles.security import xss_sweep
from articles.tests.shared_data import require, shared_dir

pytestmark = pytest.mark.browser


def all_payloads():
    require(hostile.XSS_LIST)
    require(hostile.BLNS_LIST)
    return hostile.load(shared_dir())


def test_the_sample_covers_every_family():
    everything = all_payloads()
    sample = hostile.stratified_sample(everything)
    assert hostile.families_of(sample) == hostile.families_of(everything)
    assert len(everything) == 6613 + 516
    assert 50 <= len(sample) <= 120


def test_sanitizing_twice_equals_once_for_every_payload():
    assert [p.index for p in xss_sweep.not_idempotent(all_payloads())] == []


@pytest.fixture
def logged_in(live_server, browser, search_index, django_user_model):  # noqa: F811
    user = django_user_model.objects.create_superuser("sweeper", "s@example.org", "pw-sweep-1")
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    yield client, context.new_page()
    context.close()


def test_hostile_content_runs_nowhere(live_server, logged_in):
    client, page = logged_in
    everything = all_payloads()
    full = os.environ.get("NEWSARCHIVE_XSS_SWEEP") == "all"
    chosen = everything if full else hostile.stratified_sample(everything)
    # NEWSARCHIVE_XSS_SHARD=I/N checks every N-th payload from the I-th (1-based),
    # so the full sweep can be spread over several processes or machines.
    shard, _, shards = os.environ.get("NEWSARCHIVE_XSS_SHARD", "1/1").partition("/")
    chosen = chosen[int(shard) - 1 :: int(shards)]
    report = xss_sweep.run(
        chosen,
        page=page,
        base_url=live_server.url,
        client=client,
        progress=lambda line: print(line, flush=True),
    )
    print("\nXSS sweep:", report.summary())
    print("\n".join(report.timing_lines()))
    for finding in report.findings[:50]:
        print(" ", finding)
    for refused in report.refused[:20]:
        print("  refused:", refused)
    assert report.stored_admin + report.stored_import >= 0.9 * len(chosen)
    assert report.pages > 3 * len(chosen)
    assert report.dialogs == 0
    assert report.findings == []
