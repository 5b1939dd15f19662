"""Whole result sets as CSV, JSON and Atom."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from articles.search import exports
from articles.search.indexing import deferred
from articles.tests import factories as f

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def many(search_index):
    with deferred():
        rows = [
            f.article(
                f"Monsoon report {n}",
                body="<p>Rain again.</p>",
                topics=["Climate"],
                countries=["PK"],
                published=f.when(2015, 1 + n % 12, 1 + n % 28),
            )
            for n in range(45)
        ]
        f.article('=HYPERLINK("http://evil") monsoon', body="<p>Formula.</p>")
        f.article("Unrelated cricket", body="<p>Nothing here.</p>")
    return rows


def body(response):
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_has_every_page_the_query_and_the_time(many, client, monkeypatch):
    monkeypatch.setattr(exports, "BATCH", 10)  # several batches
    response = client.get(reverse("articles:search-export-csv"), {"q": "monsoon"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="search-monsoon-' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body(response).lstrip("\ufeff"))))
    assert len(rows) == 46  # more than two pages of 20
    assert len({row["id"] for row in rows}) == 46
    assert {row["query"] for row in rows} == {"monsoon"}
    assert all(row["exported_at"].startswith("20") for row in rows)
    report = next(row for row in rows if row["headline"] == "Monsoon report 3")
    assert report["topics"] == "climate"
    assert report["countries"] == "pk"
    assert report["url"].startswith("http://testserver/articles/2015/")
    formula = next(row for row in rows if "HYPERLINK" in row["headline"])
    assert formula["headline"].startswith("'=")


def test_json_export_follows_filters_and_order(many, client, monkeypatch):
    monkeypatch.setattr(exports, "BATCH", 7)
    response = client.get(
        reverse("articles:search-export-json"),
        {"q": "monsoon", "topic": "climate", "sort": "oldest", "page": "3"},
    )
    data = json.loads(body(response))
    assert data["query"] == "monsoon"
    assert data["filters"] == {"topic": "climate"}
    assert data["exported_at"]
    assert data["count"] == 45 == len(data["results"])
    dates = [r["published"] for r in data["results"]]
    assert dates == sorted(dates)


def test_atom_feed_lists_newest_results(many, client):
    response = client.get(reverse("articles:search-feed"), {"q": "monsoon", "country": "pk"})
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert "monsoon" in root.find(f"{ATOM}title").text
    assert "country pk" in root.find(f"{ATOM}subtitle").text
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 45
    updated = [e.find(f"{ATOM}published").text for e in entries]
    assert updated == sorted(updated, reverse=True)


def test_results_page_links_to_exports(many, client):
    html = client.get(reverse("articles:search"), {"q": "monsoon", "page": "2"}).content.decode()
    assert f'{reverse("articles:search-export-csv")}?q=monsoon"' in html
    assert f'{reverse("articles:search-export-json")}?q=monsoon"' in html
    assert f'{reverse("articles:search-feed")}?q=monsoon"' in html
