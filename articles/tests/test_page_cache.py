"""Whole pages come from the cache for readers without a session, until the content changes."""

from datetime import date

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.views import View

from articles.models import Article
from articles.tests import factories as f
from articles.views.page_cache import CachedPageMixin

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.NEWSARCHIVE = {**settings.NEWSARCHIVE, "PAGE_CACHE_SECONDS": 300}
    settings.ALLOWED_HOSTS = ["testserver", "archive.example", "mirror.example"]


def test_a_repeated_page_is_served_whole_from_the_cache(client):
    climate = f.topic("Climate")
    f.article("Floods in Sindh", topics=[climate], countries=["PK"], published=f.when(2015, 8, 3))
    url = climate.get_absolute_url()

    first = client.get(url)
    with CaptureQueriesContext(connection) as captured:
        again = client.get(url)

    assert first.context is not None  # rendered
    assert again.context is None  # not rendered: the kept page
    assert again.status_code == 200 and again.content == first.content
    assert again["Content-Type"] == first["Content-Type"] == "text/html; charset=utf-8"
    assert len(captured) == 1  # the content version, nothing else
    # Middleware still adds its headers to the kept page.
    assert again["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in again


def test_a_change_renders_the_page_again(client):
    climate = f.topic("Climate")
    story = f.article("Floods in Sindh", topics=[climate], published=f.when(2015, 8, 3))
    client.get(climate.get_absolute_url())
    client.get(story.get_absolute_url())

    f.article("Drought in Thar", topics=[climate], published=f.when(2016, 5, 3))
    story.headline = "Floods across Sindh"
    story.save()

    timeline = client.get(climate.get_absolute_url())
    assert timeline.context is not None and "Drought in Thar" in timeline.content.decode()
    page = client.get(story.get_absolute_url())
    assert page.context is not None and "Floods across Sindh" in page.content.decode()


def test_a_reader_with_a_session_always_gets_a_fresh_page(client):
    story = f.article("Floods in Sindh", published=f.when(2015, 8, 3))
    client.get(story.get_absolute_url())
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "an-editors-session"

    response = client.get(story.get_absolute_url())

    assert response.context is not None


def test_pages_are_kept_per_host_and_per_day(client, monkeypatch):
    story = f.article("Floods in Sindh", published=f.when(2015, 8, 3))
    permalink = reverse("articles:article-permalink", kwargs={"pk": story.pk})

    on_one = client.get(story.get_absolute_url(), HTTP_HOST="archive.example")
    on_other = client.get(story.get_absolute_url(), HTTP_HOST="mirror.example")

    assert f"http://archive.example{permalink}" in on_one.content.decode()
    assert on_other.context is not None
    assert f"http://mirror.example{permalink}" in on_other.content.decode()

    home = reverse("articles:home")
    client.get(home)
    assert client.get(home).context is None
    # "On this day" and the citations' access date change at midnight.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2031, 1, 2))
    assert client.get(home).context is not None


def test_only_plain_successful_pages_are_kept(client):
    missing = reverse("articles:topic-timeline", kwargs={"slug": "climate"})
    assert client.get(missing).status_code == 404
    f.topic("Climate")
    assert client.get(missing).status_code == 200  # the 404 was not kept

    moved = client.get(reverse("articles:country-timeline", kwargs={"code": "PK"}))
    assert moved.status_code == 301  # one address per country: not kept, not broken
    assert client.get(moved["Location"]).status_code == 200


def test_switched_off_every_view_renders(client, settings):
    settings.NEWSARCHIVE = {**settings.NEWSARCHIVE, "PAGE_CACHE_SECONDS": 0}
    story = f.article("Floods in Sindh", published=f.when(2015, 8, 3))
    client.get(story.get_absolute_url())
    assert client.get(story.get_absolute_url()).context is not None
    assert Article.objects.count() == 1


class Counting(CachedPageMixin, View):
    served = 0

    def get(self, request):
        Counting.served += 1
        token = get_token(request) if "form" in request.GET else ""
        return HttpResponse(f"page {Counting.served} {token}")


def test_a_page_holding_a_csrf_token_is_never_kept():
    view, requests = Counting.as_view(), RequestFactory()
    plain = [view(requests.get("/plain")).content for _ in range(2)]
    form = [view(requests.get("/plain?form=1")).content for _ in range(2)]

    assert plain[0] == plain[1]  # kept
    assert form[0] != form[1]  # each reader renders afresh, with a token of their own
