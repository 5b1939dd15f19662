import pytest
from django.urls import reverse

from articles.tests import factories as f


@pytest.fixture
def two_articles(search_index):
    a = f.article(
        "Shoigu visits Islamabad",
        body="<p>The Russian minister Shoigu met Pakistani officials.</p>",
        topics=["Defence"],
        countries=["PK", "RU"],
        published=f.when(2014, 11, 21),
    )
    b = f.article(
        "Shoigu in Delhi",
        body="<p>Helicopter talks.</p>",
        countries=["IN"],
        published=f.when(2016, 3, 1),
    )
    return a, b


def test_search_api_shape(two_articles, client):
    first, second = two_articles
    data = client.get(reverse("articles:api-search"), {"q": "shoigu", "sort": "newest"}).json()
    assert data["count"] == 2
    assert data["page"] == 1
    assert [r["id"] for r in data["results"]] == [second.pk, first.pk]
    result = data["results"][1]
    assert result["type"] == "article"
    assert result["headline"] == "Shoigu visits Islamabad"
    assert result["url"].endswith(first.get_absolute_url())
    assert result["published"].startswith("2014-11-21")
    assert "<mark" in result["snippet"]
    assert {"value": "pk", "label": "Pakistan", "count": 1} in data["facets"]["country"]
    assert {"value": 2016, "label": "2016", "count": 1} in data["facets"]["year"]


@pytest.mark.parametrize("code", ["PK", "pk", "Pk"])
def test_country_filter_any_case(two_articles, client, code):
    data = client.get(reverse("articles:api-search"), {"q": "shoigu", "country": code}).json()
    assert [r["headline"] for r in data["results"]] == ["Shoigu visits Islamabad"]


def test_topic_and_date_filters(two_articles, client):
    data = client.get(
        reverse("articles:api-search"),
        {"topic": "defence", "from": "2014-01-01", "to": "2014-12-31"},
    ).json()
    assert data["count"] == 1
    data = client.get(
        reverse("articles:api-search"), {"topic": "defence", "from": "2015-01-01"}
    ).json()
    assert data["count"] == 0


def test_api_rejects_post(client, db):
    assert client.post(reverse("articles:api-search")).status_code == 405


def test_bad_page_number_is_not_an_error(two_articles, client):
    data = client.get(reverse("articles:api-search"), {"q": "shoigu", "page": "999"}).json()
    assert data["page"] == 1
    assert len(data["results"]) == 2
    data = client.get(reverse("articles:api-search"), {"q": "shoigu", "page": "abc"}).json()
    assert data["count"] == 2
