"""/api/v1/: field-by-field responses, pagination, CORS, read-only, and the rate limit."""

from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.models.status import Status
from articles.tests import factories as f
from articles.views import api_v1

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    # The limiter counts in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def story():
    defence = f.topic("Defence", description="Armed forces.")
    story = f.article(
        "Main story",
        published=f.when(2014, 3, 7, 9),
        updated=f.when(2014, 3, 8, 10),
        dateline="ISLAMABAD",
        byline="A. Reporter",
        source="Daily Example",
        section="National",
        url="https://example.com/main",
        summary="The gist.",
        body="<p>Body.</p>",
        topics=[defence],
        countries=["PK"],
    )
    f.caption(story, "Troops.", credit="AFP", photo_date=f.when(2014, 3, 6).date())
    target = f.article("Target", published=f.when(2014, 3, 1))
    f.also_read(story, "Target", url="https://example.com/t", target=target)
    f.also_read(story, "Elsewhere", url="https://example.com/e")
    pointer = f.article("Pointer", published=f.when(2014, 3, 9))
    f.also_read(pointer, "Main story", target=story)
    f.editorial("Beside", date=f.when(2014, 3, 7).date(), articles=[story])
    return story, target, pointer


def test_root_lists_endpoints_and_limit(client):
    data = client.get("/api/v1/").json()
    assert data["version"] == 1
    assert data["endpoints"]["articles"] == "http://testserver/api/v1/articles/"
    assert data["rate_limit"] == {"requests": 120, "per_seconds": 60}


def test_article_list_fields_and_cors(client, story):
    main, target, pointer = story
    response = client.get("/api/v1/articles/")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["count"] == 3 and data["page"] == 1 and data["num_pages"] == 1
    assert data["next"] is None and data["previous"] is None
    assert [a["id"] for a in data["results"]] == [pointer.pk, main.pk, target.pk]
    item = data["results"][1]
    assert item == {
        "id": main.pk,
        "headline": "Main story",
        "published": "2014-03-07T09:00:00+05:00",
        "updated": "2014-03-08T10:00:00+05:00",
        "dateline": "ISLAMABAD",
        "byline": "A. Reporter",
        "source": "Daily Example",
        "section": "National",
        "summary": "The gist.",
        "original_url": "https://example.com/main",
        "topics": [{"slug": "defence", "name": "Defence"}],
        "countries": [{"code": "pk", "name": "Pakistan"}],
        "is_demo": False,
        "url": "http://testserver/articles/2014/03/07/main-story/",
        "api_url": f"http://testserver/api/v1/articles/{main.pk}/",
    }


def test_article_list_filters_and_pagination(client, story):
    main, target, pointer = story
    first = client.get("/api/v1/articles/", {"per_page": 2}).json()
    second = client.get(first["next"]).json()

    assert first["num_pages"] == 2 and first["per_page"] == 2
    assert first["next"] == "http://testserver/api/v1/articles/?per_page=2&page=2"
    assert [a["id"] for a in second["results"]] == [target.pk]
    assert second["previous"].endswith("page=1")

    narrowed = client.get("/api/v1/articles/", {"topic": "defence", "country": "pk"}).json()
    assert [a["id"] for a in narrowed["results"]] == [main.pk]
    dated = client.get("/api/v1/articles/", {"from": "2014-03-02", "to": "2014-03-07"}).json()
    assert [a["id"] for a in dated["results"]] == [main.pk]
    oldest = client.get("/api/v1/articles/", {"order": "oldest"}).json()
    assert oldest["results"][0]["id"] == target.pk

    assert client.get("/api/v1/articles/", {"page": 9}).status_code == 404
    bad = client.get("/api/v1/articles/", {"from": "yesterday"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["error"]["message"]
    assert client.get("/api/v1/articles/", {"topic": "nope"}).status_code == 404


def test_article_detail_fields(client, story):
    main, target, pointer = story
    data = client.get(f"/api/v1/articles/{main.pk}/").json()

    assert data["body_html"] == "<p>Body.</p>"
    assert data["captions"] == [{"text": "Troops.", "credit": "AFP", "photo_date": "2014-03-06"}]
    assert data["also_read"] == [
        {"title": "Target", "original_url": "https://example.com/t", "article_id": target.pk},
        {"title": "Elsewhere", "original_url": "https://example.com/e", "article_id": None},
    ]
    assert [e["title"] for e in data["editorials"]] == ["Beside"]
    assert data["editorials"][0]["date"] == "2014-03-07"
    assert data["linked_from"] == [pointer.pk]

    draft = f.article("Draft", status=Status.DRAFT)
    missing = client.get(f"/api/v1/articles/{draft.pk}/")
    assert missing.status_code == 404
    assert missing.json()["error"]["status"] == 404
    assert missing["Access-Control-Allow-Origin"] == "*"


def test_editorials_topics_countries(client, story):
    main, _, _ = story
    editorials = client.get("/api/v1/editorials/").json()
    (item,) = editorials["results"]
    assert item["title"] == "Beside" and item["date"] == "2014-03-07"
    detail = client.get(item["api_url"]).json()
    assert detail["articles"] == [main.pk]
    assert detail["teaser_html"].startswith("<p>Teaser of editorial")

    topics = client.get("/api/v1/topics/").json()
    assert topics["results"] == [
        {
            "slug": "defence",
            "name": "Defence",
            "description": "Armed forces.",
            "article_count": 1,
            "url": "http://testserver/topics/defence/",
            "timeline_url": "http://testserver/api/v1/timeline/?topic=defence",
        }
    ]
    countries = client.get("/api/v1/countries/").json()
    assert [(c["code"], c["article_count"]) for c in countries["results"]] == [("pk", 1)]


def test_timeline_counts_match_the_database(client):
    defence = f.topic("Defence")
    for i in range(7):
        f.article(f"D{i}", published=f.when(2014, 1 + i % 3, 1 + i), topics=[defence])
    f.article("Other", published=f.when(2014, 1, 1))

    data = client.get("/api/v1/timeline/", {"topic": "defence", "per_page": 3}).json()

    expected = Counter(
        f"{timezone.localtime(a.published):%Y-%m}"
        for a in Article.objects.published().tagged(topic=defence)
    )
    assert {m["month"]: m["count"] for m in data["months"]} == expected
    assert [m["month"] for m in data["months"]] == ["2014-01", "2014-02", "2014-03"]
    assert data["topic"] == {"slug": "defence", "name": "Defence"} and data["country"] is None
    assert data["count"] == 7 and data["num_pages"] == 3 and len(data["results"]) == 3


@pytest.mark.django_db(transaction=True)
def test_timeline_counts_come_from_the_timelines_cache(client, search_index):
    defence, economy = f.topic("Defence"), f.topic("Economy")
    for i in range(12):
        f.article(
            f"D{i}",
            published=f.when(2014 + i % 2, 1 + i % 4, 1 + i),
            topics=[defence] if i % 3 else [economy],
            countries=["PK"] if i % 2 else ["IN"],
        )
    f.article("Draft", topics=[defence], countries=["PK"], status=Status.DRAFT)
    pakistan = f.country("PK")
    cases = [
        ({"topic": "defence"}, {"topic": defence}),
        ({"topic": "defence", "country": "pk"}, {"topic": defence, "country": pakistan}),
        ({"country": "pk", "from": "2014-02-01", "to": "2015-12-31"}, {"country": pakistan}),
        ({}, {}),
    ]
    for params, tags in cases:
        expected = Counter(
            f"{timezone.localtime(a.published):%Y-%m}"
            for a in Article.objects.published().tagged(**tags)
            if "from" not in params or a.published >= f.when(2014, 2, 1, 0)
        )
        client.get("/api/v1/timeline/", params)  # the counts are cached now
        with CaptureQueriesContext(connection) as captured:
            data = client.get("/api/v1/timeline/", {**params, "order": "oldest"}).json()

        assert {m["month"]: m["count"] for m in data["months"]} == expected, params
        assert data["count"] == sum(expected.values())
        assert [r["headline"] for r in data["results"]] == [
            a.headline
            for a in Article.objects.published()
            .tagged(**tags)
            .filter(headline__in={r["headline"] for r in data["results"]})
            .order_by("published", "id")
        ]
        articles_read = [q["sql"] for q in captured if 'FROM "articles_article" ' in q["sql"]]
        # The page of items, and no COUNT(*) or per-month grouping of all of them.
        assert len(articles_read) == 1 and "COUNT(" not in articles_read[0], params


def test_read_only_and_preflight(client):
    post = client.post("/api/v1/articles/")
    assert post.status_code == 405 and post.json()["error"]["status"] == 405
    assert post["Access-Control-Allow-Origin"] == "*"
    options = client.options("/api/v1/articles/")
    assert options.status_code == 200
    assert options["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_rate_limit_answers_429_with_retry_after(client, settings, monkeypatch):
    settings.NEWSARCHIVE = {**settings.NEWSARCHIVE, "API_RATE_LIMIT": 3, "API_RATE_WINDOW": 60}
    # Mid-window, so the four requests cannot straddle two windows.
    monkeypatch.setattr(api_v1.time, "time", lambda: 6_000_030.0)

    codes = [client.get("/api/v1/topics/").status_code for _ in range(3)]
    limited = client.get("/api/v1/topics/")
    other_client = client.get("/api/v1/topics/", REMOTE_ADDR="10.0.0.9")

    assert codes == [200, 200, 200]
    assert limited.status_code == 429
    assert limited["Retry-After"] == "30"
    error = limited.json()["error"]
    assert error["status"] == 429 and "limit is 3 per 60 seconds" in error["message"]
    assert limited["Access-Control-Allow-Origin"] == "*"
    assert other_client.status_code == 200


def test_list_query_counts_are_constant(client, story, django_assert_max_num_queries):
    urls = [
        "/api/v1/articles/",
        "/api/v1/editorials/",
        "/api/v1/topics/",
        "/api/v1/timeline/?topic=defence",
    ]
    small = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        small[url] = len(ctx.captured_queries)
    for i in range(12):
        f.article(f"More {i}", topics=["Defence", f"T{i}"], countries=["PK", "IN"])
        f.editorial(f"View {i}")
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            client.get(url)


@pytest.mark.django_db(transaction=True)
def test_search_endpoint(client, search_index):
    story = f.article("Shoigu visits Islamabad", body="<p>Talks on defence.</p>")

    data = client.get("/api/v1/search/", {"q": "talks"}).json()

    assert data["query"] == "talks" and data["count"] == 1
    (hit,) = data["results"]
    assert hit["type"] == "article" and hit["id"] == story.pk
    assert hit["api_url"] == f"http://testserver/api/v1/articles/{story.pk}/"
    assert "<mark" in hit["snippet_html"]
    assert hit["date"] == "2014-11-21T09:00:00+05:00"
