"""Feeds (parsed with feedparser), sitemap.xml (parsed as XML), robots.txt and OpenSearch."""

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models.status import Status
from articles.tests import factories as f

pytestmark = pytest.mark.django_db
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def stories():
    defence = f.topic("Defence")
    old = f.article(
        "Older story",
        published=f.when(2014, 1, 1),
        topics=[defence],
        countries=["PK"],
        byline="A. Reporter",
        summary="What happened first.",
    )
    new = f.article("Newer story", published=f.when(2014, 2, 1), countries=["IN"])
    f.article("Draft story", published=f.when(2014, 3, 1), topics=[defence], status=Status.DRAFT)
    return old, new


@pytest.mark.parametrize("url", ["/feeds/latest.rss", "/feeds/latest.atom"])
def test_latest_feeds_parse_and_list_published_articles_newest_first(client, stories, url):
    old, new = stories
    response = client.get(url)

    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == ("rss20" if url.endswith("rss") else "atom10")
    assert feed.feed.title == "News archive: latest articles"
    assert [e.title for e in feed.entries] == ["Newer story", "Older story"]
    entry = feed.entries[1]
    assert entry.link == f"http://testserver{old.get_absolute_url()}"
    assert entry.id == f"http://testserver/a/{old.pk}/"
    assert entry.summary == "What happened first."
    assert {t.term for t in entry.tags} == {"Defence", "Pakistan"}
    assert entry.published_parsed[:3] == (2014, 1, 1)


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_topic_and_country_feeds(client, stories, kind):
    topic_feed = feedparser.parse(client.get(f"/topics/defence/feed.{kind}").content)
    country_feed = feedparser.parse(client.get(f"/countries/in/feed.{kind}").content)

    assert topic_feed.feed.title == "News archive: Defence"
    assert [e.title for e in topic_feed.entries] == ["Older story"]
    assert [e.title for e in country_feed.entries] == ["Newer story"]
    assert client.get(f"/topics/nothing/feed.{kind}").status_code == 404
    assert client.get(f"/countries/zz/feed.{kind}").status_code == 404


def test_timeline_page_advertises_its_feeds(client, stories):
    html = client.get("/topics/defence/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Defence (Atom)" '
        'href="/topics/defence/feed.atom">' in html
    )


def test_feed_query_count_is_constant(client, stories, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as ctx:
        client.get("/feeds/latest.atom")
    small = len(ctx.captured_queries)
    for i in range(10):
        f.article(f"More {i}", topics=[f"T{i}", "Defence"], countries=["PK", "FR"])
    with django_assert_max_num_queries(small):
        client.get("/feeds/latest.atom")


def test_sitemap_lists_published_pages_only(client, stories):
    old, new = stories
    editorial = f.editorial("A view", articles=[old])
    f.editorial("Draft view", status=Status.DRAFT)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP_NS}urlset"
    locs = {u.find(f"{SITEMAP_NS}loc").text for u in root.iter(f"{SITEMAP_NS}url")}
    base = "http://testserver"
    for path in (
        old.get_absolute_url(),
        new.get_absolute_url(),
        editorial.get_absolute_url(),
        "/topics/defence/",
        "/countries/pk/",
        "/countries/in/",
        "/archive/",
        "/",
    ):
        assert base + path in locs
    assert not any("draft" in loc for loc in locs)
    assert base + "/countries/fr/" not in locs  # no coverage, no entry
    lastmods = [u.find(f"{SITEMAP_NS}lastmod") for u in root.iter(f"{SITEMAP_NS}url")]
    assert any(m is not None for m in lastmods)


def test_robots_and_opensearch(client):
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()

    description = client.get("/opensearch.xml")
    assert description["Content-Type"] == "application/opensearchdescription+xml"
    root = ET.fromstring(description.content)
    ns = "{http://a9.com/-/spec/opensearch/1.1/}"
    assert root.find(f"{ns}ShortName").text == "News archive"
    templates = [u.get("template") for u in root.findall(f"{ns}Url")]
    assert "http://testserver/search/?q={searchTerms}" in templates

    html = client.get("/").content.decode()
    assert 'rel="search" type="application/opensearchdescription+xml"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/latest.rss",
        "/feeds/latest.atom",
        "/countries/pk/feed.atom",
        "/search/feed.atom?q=attacks",
    ],
)
def test_quoted_markup_stays_text_in_feed_readers(client, search_index, url):
    from articles.security.xss_sweep import inert_problems

    f.article(
        "How the attacks worked",
        countries=["PK"],
        # Stored escaped: the page shows it as text. A feed reader renders the
        # description as HTML, so the feed must escape it once more.
        body=(
            '<p>attacks used &lt;img src=x onerror="alert(1)"&gt; and '
            "&lt;script&gt;x()&lt;/script&gt;</p>"
        ),
    )
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    texts = [
        element.text
        for element in root.iter()
        if element.tag.rsplit("}", 1)[-1] in {"description", "summary", "content"} and element.text
    ]
    quoted = [text for text in texts if "onerror" in text]
    assert quoted, texts
    for text in quoted:
        assert inert_problems(text) == [], text
        assert "&lt;img src=x onerror=" in text  # still there for the reader, as text
    # What a reader renders: HTML that shows the markup as text.
    entry = feedparser.parse(response.content).entries[0]
    assert "&lt;img src=x onerror=" in entry.get("summary", entry.get("description", ""))


def test_every_hostile_string_stays_text_in_feed_descriptions():
    from django.utils.text import Truncator

    from articles.models import Article
    from articles.sanitize import feed_description, sanitize_html, sanitized_text
    from articles.security.xss_sweep import inert_problems
    from articles.templatetags.archive_tags import first_words
    from articles.tests.shared_data import require

    payloads = require("corpora/xss/payloadbox/xss-payload-list.txt").read_text("utf-8")
    naughty = require("corpora/naughty/blns.txt").read_text("utf-8")
    active = []
    for text in [*payloads.splitlines(), *naughty.splitlines()]:
        stored = Article(headline="x", summary="", body=sanitize_html(text))
        as_summary = Article(headline="x", summary=text, body="")
        descriptions = [
            feed_description(first_words(stored, 60)),  # the site's feeds
            feed_description(first_words(as_summary, 60)),
            feed_description(Truncator(sanitized_text(stored.body)).words(60)),  # search feed
        ]
        if any(inert_problems(description) for description in descriptions):
            active.append(text)
    assert active == []
