"""Browse by date: /archive/, a year, a month calendar, a day; "on this day" on the home page."""

from collections import Counter
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.models.status import Status
from articles.tests import factories as f

pytestmark = pytest.mark.django_db


def local(a):
    return timezone.localtime(a.published)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def spread_2014():
    made = [
        f.article(f"A{i}", published=f.when(2014, 1 + i % 5, 1 + i % 9, 8 + i % 10))
        for i in range(23)
    ]
    f.article("Draft", published=f.when(2014, 1, 1), status=Status.DRAFT)
    f.article("Other year", published=f.when(2012, 6, 1))
    return made


def test_archive_index_counts_years_against_the_database(client, spread_2014):
    response = client.get(reverse("articles:archive-index"))

    expected = Counter(local(a).year for a in Article.objects.published())
    assert dict(response.context["years"]) == expected == {2012: 1, 2014: 23}
    html = response.content.decode()
    assert 'href="/archive/2014/"' in html and 'href="/archive/2012/"' in html


def test_year_page_counts_months(client, spread_2014):
    response = client.get("/archive/2014/")

    expected = Counter(local(a).month for a in Article.objects.published() if local(a).year == 2014)
    got = {m["start"].month: m["count"] for m in response.context["months"] if m["count"]}
    assert got == expected
    assert response.context["year_total"] == 23
    html = response.content.decode()
    assert 'href="/archive/2014/01/"' in html
    assert 'href="/archive/2014/07/"' not in html  # an empty month is not a link
    assert 'href="/archive/2012/"' in html  # previous year with articles


def test_month_calendar_counts_days_against_the_database(client, spread_2014):
    response = client.get("/archive/2014/01/")

    expected = Counter(
        local(a).date()
        for a in Article.objects.published()
        if local(a).strftime("%Y-%m") == "2014-01"
    )
    got = {c["day"]: c["count"] for week in response.context["weeks"] for c in week if c["count"]}
    assert got == expected
    assert response.context["month_total"] == sum(expected.values())
    html = response.content.decode()
    assert '<table class="calendar">' in html
    first_day = min(expected)
    assert f'href="/archive/2014/01/{first_day.day:02d}/"' in html
    assert 'href="/archive/2014/02/"' in html  # next month


def test_day_page_lists_the_days_articles_and_editorials(client):
    f.article("Morning", published=f.when(2014, 3, 7, 8))
    f.article("Night", published=f.when(2014, 3, 7, 23))
    # 21:00 UTC on the 6th is 02:00 on the 7th in Karachi.
    f.article("Just after midnight", published=datetime(2014, 3, 6, 21, 0, tzinfo=UTC))
    f.article("Next day", published=f.when(2014, 3, 8))
    f.editorial("Day's view", date=f.when(2014, 3, 7).date())

    response = client.get("/archive/2014/03/07/")

    assert [a.headline for a in response.context["articles"]] == [
        "Night",
        "Morning",
        "Just after midnight",
    ]
    assert [e.title for e in response.context["editorials"]] == ["Day's view"]
    assert 'href="/archive/2014/03/08/"' in response.content.decode()


def test_empty_dates_are_404(client):
    f.article(published=f.when(2014, 3, 7))
    assert client.get("/archive/1999/").status_code == 404
    assert client.get("/archive/2014/04/").status_code == 404
    assert client.get("/archive/2014/03/08/").status_code == 404
    assert client.get("/archive/2014/13/").status_code == 404


def test_on_this_day_shows_earlier_years_only(client, monkeypatch):
    today = timezone.localdate()
    f.article("Eight years ago", published=f.when(today.year - 8, today.month, today.day))
    f.article("Today", published=f.when(today.year, today.month, today.day, 0))
    f.article("Other day", published=f.when(today.year - 3, 1 if today.month != 1 else 2, 15))

    response = client.get(reverse("articles:home"))

    assert [a.headline for a in response.context["on_this_day"]] == ["Eight years ago"]
    assert "On this day" in response.content.decode()


def test_archive_pages_query_count_is_constant(client, django_assert_max_num_queries):
    f.article("Seed", published=f.when(2014, 1, 2), topics=["Defence"], countries=["PK"])
    urls = ["/archive/", "/archive/2014/", "/archive/2014/01/", "/archive/2014/01/02/"]
    small = {url: count_queries(client, url) for url in urls}

    for i in range(20):
        f.article(
            f"More {i}",
            published=f.when(2014, 1, 2, 1 + i % 20),
            topics=[f"Topic {i}"],
            countries=["PK", "IN"],
        )
        f.article(f"Later {i}", published=f.when(2013 + i % 3, 1 + i % 12, 1 + i % 27))
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            client.get(url)
