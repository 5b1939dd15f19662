"""Search pages and timeline figures come from the cache until the content changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.functional import empty

from articles import results_cache
from articles.models import Topic
from articles.search.query import cached_search
from articles.tests import factories as f


def queries_of(call):
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return result, len(captured)


@pytest.fixture
def archive(search_index):
    f.article(
        "Monsoon floods cut the Karakoram highway",
        topics=["Climate"],
        countries=["PK"],
        published=f.when(2015, 8, 3),
    )
    f.article("Floods recede in Sindh", topics=["Climate"], published=f.when(2015, 9, 1))


def test_a_repeated_search_is_served_from_the_cache(archive):
    first, cold = queries_of(lambda: cached_search({"q": "floods"}))
    again, warm = queries_of(lambda: cached_search({"q": "floods"}))

    assert first.total == again.total == 2
    assert [h.headline for h in again.hits] == [h.headline for h in first.hits]
    # A search's content version is the index's generation: no query at all.
    assert warm == 0 < cold
    # Different parameters are a different entry.
    assert cached_search({"q": "floods", "sort": "oldest"}).hits[0].headline.startswith("Monsoon")


def test_a_save_shows_in_the_next_cached_search(archive):
    assert cached_search({"q": "Karachi"}).total == 0

    f.article("Heavy rain floods Karachi", published=f.when(2016, 7, 1))
    assert cached_search({"q": "Karachi"}).total == 1
    assert cached_search({"q": "floods"}).total == 3

    article = cached_search({"q": "Karachi"}).hits[0].object
    article.delete()
    assert cached_search({"q": "Karachi"}).total == 0
    assert cached_search({"q": "floods"}).total == 2


@pytest.mark.parametrize("endpoint", ["articles:api-search", "articles:api-v1-search"])
def test_the_search_apis_are_cached_and_follow_saves(client, archive, endpoint):
    url = reverse(endpoint)

    def ids():
        response = client.get(url, {"q": "floods"})
        assert response.status_code == 200
        return sorted(result["id"] for result in response.json()["results"])

    first, cold = queries_of(ids)
    again, warm = queries_of(ids)
    assert again == first and len(first) == 2
    assert warm < cold

    added = f.article("Floods reach Thatta", published=f.when(2016, 8, 1))
    assert ids() == sorted([*first, added.pk])


def test_an_index_change_alone_gives_a_new_version(archive):
    before = results_cache.content_version(search=True)
    f.article("Drought in Thar", published=f.when(2016, 1, 1))
    assert results_cache.content_version(search=True) != before


def test_renaming_a_topic_bumps_the_version(archive):
    before = results_cache.content_version()
    topic = f.topic("Climate")
    topic.name = "Climate change"
    topic.save()
    assert results_cache.content_version() != before


def test_a_tag_list_outlives_article_saves_but_not_tag_changes(
    db, django_capture_on_commit_callbacks
):
    made = []

    def names():
        made.append(1)
        return list(Topic.objects.order_by("name").values_list("name", flat=True))

    f.topic("Climate")
    assert results_cache.cached_tags(Topic, "names", names) == ["Climate"]
    before = results_cache.content_version()
    f.article("Floods", topics=["Climate"])
    assert results_cache.content_version() != before  # what every other entry keys on
    assert results_cache.cached_tags(Topic, "names", names) == ["Climate"]
    assert len(made) == 1

    with django_capture_on_commit_callbacks(execute=True):
        topic = Topic.objects.get()
        topic.name = "Climate change"
        topic.save()
    assert results_cache.cached_tags(Topic, "names", names) == ["Climate change"]
    Topic.objects.bulk_create([Topic(name="Rivers", slug="rivers")])  # sends no signal
    assert results_cache.cached_tags(Topic, "names", names) == ["Climate change", "Rivers"]
    Topic.objects.filter(slug="rivers").delete()
    assert results_cache.cached_tags(Topic, "names", names) == ["Climate change"]


def test_search_page_queries_do_not_grow_with_the_hits(client, search_index):
    for n in range(2):
        f.article(f"Floods number {n}", topics=["Climate"], countries=["PK"])
    _, small = queries_of(lambda: client.get(reverse("articles:search"), {"q": "floods", "x": "1"}))
    for n in range(12):
        f.article(f"More floods {n}", topics=["Climate", "Rivers"], countries=["PK", "IN"])
    response, large = queries_of(
        lambda: client.get(reverse("articles:search"), {"q": "floods", "x": "2"})
    )
    assert response.context["outcome"].total == 14
    assert large <= small


def test_timeline_counts_are_cached_and_follow_new_articles(client, db):
    climate = f.topic("Climate")
    f.article("Floods", topics=[climate], published=f.when(2015, 8, 3))
    url = climate.get_absolute_url()

    _, cold = queries_of(lambda: client.get(url))
    response, warm = queries_of(lambda: client.get(url))
    assert warm < cold
    assert sum(m.count for y in response.context["summary"] for m in y.months) == 1

    f.article("Drought", topics=[climate], published=f.when(2016, 5, 3))
    response = client.get(url)
    assert sum(m.count for y in response.context["summary"] for m in y.months) == 2
    assert response.context["paginator"].count == 2
    # The cached chart and month summary fragments were redrawn too.
    assert "#y2016" in response.content.decode()

    climate.name = "Climate change"
    climate.save()
    response = client.get(reverse("articles:topic-list"))
    assert "Climate change" in response.content.decode()


def test_the_chart_and_month_summary_are_kept_while_their_figures_hold(client, db):
    climate = f.topic("Climate")
    floods = f.article("Floods", topics=[climate], published=f.when(2015, 8, 3))
    url = climate.get_absolute_url()
    first = client.get(url).context["figures_version"]

    floods.headline = "Floods, corrected"
    floods.save()
    response = client.get(url)
    assert "Floods, corrected" in response.content.decode()
    assert response.context["figures_version"] == first
    # The fragments came from the cache: the chart was not even drawn.
    assert response.context["chart"]._wrapped is empty

    f.article("Drought", topics=[climate], published=f.when(2016, 5, 3))
    added = client.get(url).context["figures_version"]
    assert added != first

    climate.name = "Climate change"
    climate.save()
    response = client.get(url)
    assert response.context["figures_version"] != added
    assert '<title id="coverage-title">Coverage of Climate change</title>' in (
        response.content.decode()
    )
    narrowed = client.get(url, {"country": "pk"}).context["figures_version"]
    assert narrowed != response.context["figures_version"]


def test_a_kept_outcome_holds_no_result_text_but_the_page_shows_everything(archive, client):
    import pickle

    body = "<p>Floods closed the schools.</p>" + "<p>More water came.</p>" * 40
    f.article("Schools shut", body=body + "<p>Zebra tail.</p>", captions=["Flooded gate"])
    outcome = cached_search({"q": "floods"})
    assert outcome.total == 3
    for hit in outcome.hits:
        assert hit.object.get_deferred_fields() == {"body"}
        assert "captions" not in getattr(hit.object, "_prefetched_objects_cache", {})
    schools = next(hit for hit in outcome.hits if hit.headline == "Schools shut")
    assert '<mark class="match term0">Floods</mark>' in schools.snippet
    kept = pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
    assert b"Zebra tail" not in kept and b"Flooded gate" not in kept
    # Asked for anyway, the text is read again (one query), not lost.
    assert schools.object.body.endswith("<p>Zebra tail.</p>")
    page = client.get(reverse("articles:search"), {"q": "floods"}).content.decode()
    assert "Monsoon floods cut the Karakoram highway" in page and "Schools shut" in page


def test_cache_url_chooses_the_backend():
    from django.core.exceptions import ImproperlyConfigured

    from newsarchive.env import cache_config

    assert cache_config(None)["BACKEND"].endswith("BoundedLocMemCache")
    redis = cache_config("redis://127.0.0.1:6379/1")
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert cache_config("dummy://")["BACKEND"].endswith("DummyCache")
    with pytest.raises(ImproperlyConfigured):
        cache_config("memcached://127.0.0.1:11211")


def test_cached_search_through_redis(archive, settings):
    """The same rule with the shared cache of a multi-process deployment."""
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"No Redis server at {url}")
    from django.core.cache import caches

    from newsarchive.env import cache_config

    settings.CACHES = {"default": cache_config(url)}
    caches["default"].clear()
    try:
        assert cached_search({"q": "floods"}).total == 2
        _, warm = queries_of(lambda: cached_search({"q": "floods"}))
        assert warm == 0  # served from Redis: not one query
        f.article("Floods reach Multan", published=f.when(2016, 8, 1))
        assert cached_search({"q": "floods"}).total == 3
    finally:
        caches["default"].clear()


def _version_reads(captured):
    return [q["sql"] for q in captured if "MAX(" in q["sql"] and "indextask" in q["sql"]]


def test_a_reading_request_reads_the_content_version_once(client, db):
    climate = f.topic("Climate")
    f.article("Floods", topics=[climate], countries=["PK"], published=f.when(2015, 8, 3))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(climate.get_absolute_url())
    assert response.status_code == 200
    assert len(_version_reads(captured)) == 1  # four or five asks, one query
    with CaptureQueriesContext(connection) as captured:
        client.get(climate.get_absolute_url())
    assert len(_version_reads(captured)) == 1  # the next request reads it afresh


def test_outside_a_reading_request_the_version_follows_every_change(db):
    before = results_cache.content_version()
    f.article("Floods", published=f.when(2015, 8, 3))
    assert results_cache.content_version() != before
    # A POST may change content between two asks: it keeps no version either.
    results_cache._request_started(environ={"REQUEST_METHOD": "POST"})
    try:
        posted = results_cache.content_version()
        f.article("Drought", published=f.when(2016, 5, 3))
        assert results_cache.content_version() != posted
    finally:
        results_cache._request_finished()
