"""The public browsing pages: home, lists, details and the topic/country timelines."""

from collections import Counter
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.models.status import Status
from articles.tests import factories as f
from articles.views import timelines

pytestmark = pytest.mark.django_db


@pytest.fixture
def per_page(settings):
    """Shrink pages so pagination shows up with a handful of rows."""

    def set_size(size):
        settings.NEWSARCHIVE = {**settings.NEWSARCHIVE, "ARTICLES_PER_PAGE": size}

    return set_size


def count_queries(client, url, data=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def spread(n, *, topics=(), countries=(), start_year=2013, **kwargs):
    """n published articles, one every ~10 days, so they fall across several months."""
    made = []
    for i in range(n):
        month = i // 3 % 12 + 1
        year = start_year + i // 36
        made.append(
            f.article(
                f"Spread {i} {year} {month}",
                published=f.when(year, month, 1 + (i % 3) * 9),
                topics=topics,
                countries=countries,
                **kwargs,
            )
        )
    return made


# --- Home and simple lists ----------------------------------------------------


def test_home_lists_latest_published_tags_and_editorials(client):
    defence = f.topic("Defence")
    f.article("Old news", published=f.when(2010, 1, 1), topics=[defence], countries=["PK"])
    f.article("Fresh news", published=f.when(2015, 1, 1), topics=[defence])
    f.article("Secret draft", status=Status.DRAFT, topics=[defence])
    f.editorial("A calm view")
    f.editorial("Unfinished view", status=Status.DRAFT)

    response = client.get(reverse("articles:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert [a.headline for a in response.context["latest_articles"]] == [
        "Fresh news",
        "Old news",
    ]
    assert "Secret draft" not in html
    assert [(t.name, t.article_count) for t in response.context["topics"]] == [("Defence", 2)]
    assert [(c.code, c.article_count) for c in response.context["countries"]] == [("PK", 1)]
    assert "A calm view" in html and "Unfinished view" not in html
    assert f'action="{reverse("articles:search")}"' in html
    assert 'name="q"' in html
    assert 'href="#main"' in html and '<main id="main"' in html
    assert not response.context["has_demo_content"]
    assert "notice--demo" not in html


def test_home_warns_when_demo_content_exists(client):
    f.article("Generated story", is_demo=True)

    response = client.get(reverse("articles:home"))

    assert response.context["has_demo_content"]
    html = response.content.decode()
    assert "notice--demo" in html
    assert "badge--demo" in html  # and the card itself is marked


def test_article_list_is_paginated_newest_first(client, per_page):
    per_page(2)
    for day in (1, 2, 3):
        f.article(f"Day {day}", published=f.when(2014, 5, day))

    first = client.get(reverse("articles:article-list"))
    second = client.get(reverse("articles:article-list"), {"page": 2})

    assert [a.headline for a in first.context["articles"]] == ["Day 3", "Day 2"]
    assert [a.headline for a in second.context["articles"]] == ["Day 1"]
    assert "?page=2" in first.content.decode()


def test_topic_list_counts_only_published_articles(client):
    defence = f.topic("Defence")
    f.topic("Empty topic")
    only_drafts = f.topic("Only drafts")
    f.article(topics=[defence])
    f.article(topics=[defence])
    f.article(topics=[defence, only_drafts], status=Status.DRAFT)

    response = client.get(reverse("articles:topic-list"))

    assert [(t.name, t.article_count) for t in response.context["topics"]] == [("Defence", 2)]
    assert defence.get_absolute_url() in response.content.decode()


def test_country_list_links_only_covered_countries(client):
    f.article(countries=["PK", "IN"])
    f.article(countries=["PK"])
    f.article(countries=["AF"], status=Status.DRAFT)

    response = client.get(reverse("articles:country-list"))

    counts = {c.code: c.article_count for c in response.context["countries"]}
    assert counts == {"PK": 2, "IN": 1}
    html = response.content.decode()
    assert 'href="/countries/pk/"' in html
    assert "/countries/af/" not in html
    assert response.context["uncovered_count"] > 100


# --- Timelines ------------------------------------------------------------------


def month_counts_from_db(qs):
    """Count per (year, month) in local time, worked out independently of the view."""
    return Counter(
        (timezone.localtime(a.published).year, timezone.localtime(a.published).month) for a in qs
    )


def test_topic_timeline_groups_by_year_and_month_with_totals(client, per_page):
    per_page(4)
    defence = f.topic("Defence")
    spread(10, topics=[defence])  # Jan–Apr 2013, three a month (one in April)
    f.article("Untagged", published=f.when(2013, 1, 5))
    f.article("Draft", published=f.when(2013, 1, 6), topics=[defence], status=Status.DRAFT)

    response = client.get(defence.get_absolute_url())

    assert response.status_code == 200
    expected = month_counts_from_db(Article.objects.published().tagged(topic=defence))
    summary = {
        (m.start.year, m.start.month): m.count
        for y in response.context["summary"]
        for m in y.months
    }
    assert summary == expected == {(2013, 1): 3, (2013, 2): 3, (2013, 3): 3, (2013, 4): 1}
    # Newest first: April (1) then March (3) fill the first page of four.
    (year,) = response.context["groups"]
    assert year.year == 2013 and year.count == 10
    assert [(m.start.month, len(m.articles), m.count) for m in year.months] == [
        (4, 1, 1),
        (3, 3, 3),
    ]
    html = response.content.decode()
    assert 'id="m2013-04"' in html and 'id="y2013"' in html
    # The summary links months on other pages to their page and anchor.
    assert 'href="?page=2#m2013-02"' in html
    assert 'href="#m2013-03"' in html


def test_pagination_keeps_grouping_and_month_totals(client, per_page):
    per_page(4)
    defence = f.topic("Defence")
    spread(10, topics=[defence])

    second = client.get(defence.get_absolute_url(), {"page": 2})

    (year,) = second.context["groups"]
    # Page two starts with February's three and the first of January's three:
    # the heading still gives January's whole-month total.
    assert [(m.start.month, len(m.articles), m.count) for m in year.months] == [
        (2, 3, 3),
        (1, 1, 3),
    ]
    third = client.get(defence.get_absolute_url(), {"page": 3})
    (year,) = third.context["groups"]
    assert [(m.start.month, len(m.articles), m.count) for m in year.months] == [(1, 2, 3)]
    assert "(continued)" in third.content.decode()


def test_timeline_groups_by_local_month(client):
    # 23:30 UTC on 31 January is already February in Karachi (UTC+5).
    defence = f.topic("Defence")
    f.article("Late", published=datetime(2014, 1, 31, 23, 30, tzinfo=UTC), topics=[defence])

    response = client.get(defence.get_absolute_url())

    (year,) = response.context["groups"]
    assert [(m.start.month, m.count) for m in year.months] == [(2, 1)]


def test_timeline_oldest_first(client):
    defence = f.topic("Defence")
    f.article("Earlier", published=f.when(2012, 3, 1), topics=[defence])
    f.article("Later", published=f.when(2014, 3, 1), topics=[defence])

    newest = client.get(defence.get_absolute_url())
    oldest = client.get(defence.get_absolute_url(), {"order": "oldest"})
    nonsense = client.get(defence.get_absolute_url(), {"order": "sideways"})

    assert [a.headline for a in newest.context["articles"]] == ["Later", "Earlier"]
    assert [a.headline for a in oldest.context["articles"]] == ["Earlier", "Later"]
    assert [y.year for y in oldest.context["summary"]] == [2012, 2014]
    assert nonsense.context["order"] == "newest"


def test_topic_timeline_narrowed_by_country(client):
    defence = f.topic("Defence")
    f.article("Both", topics=[defence], countries=["PK"])
    f.article("Defence only", topics=[defence], countries=["IN"])
    f.article("Pakistan only", countries=["PK"])

    response = client.get(defence.get_absolute_url(), {"country": "pk"})

    assert [a.headline for a in response.context["articles"]] == ["Both"]
    assert response.context["narrow"].code == "PK"
    choices = {c["value"]: (c["count"], c["selected"]) for c in response.context["narrow_choices"]}
    # The choices cover the whole topic, not just the narrowed slice.
    assert choices == {"in": (1, False), "pk": (1, True)}
    html = response.content.decode()
    assert '<select id="narrow-select" name="country">' in html
    assert '<option value="pk" selected>Pakistan (1)</option>' in html
    assert '<label for="narrow-select">' in html


def test_country_timeline_narrowed_by_topic(client):
    defence, economy = f.topic("Defence"), f.topic("Economy")
    f.article("Both", topics=[defence], countries=["PK"])
    f.article("Economy", topics=[economy], countries=["PK"])
    f.article("Elsewhere", topics=[defence], countries=["IN"])

    url = reverse("articles:country-timeline", kwargs={"code": "pk"})
    everything = client.get(url)
    narrowed = client.get(url, {"topic": "defence"})

    assert {a.headline for a in everything.context["articles"]} == {"Both", "Economy"}
    assert [a.headline for a in narrowed.context["articles"]] == ["Both"]
    counts = {c["value"]: c["count"] for c in everything.context["narrow_choices"]}
    assert counts == {"defence": 1, "economy": 1}


@pytest.mark.parametrize(
    ("kind", "param", "value"),
    [("topic", "country", "zz"), ("topic", "country", "nonsense"), ("country", "topic", "nope")],
)
def test_unknown_narrowing_value_explains_itself(client, kind, param, value):
    defence = f.topic("Defence")
    f.article("Kept", topics=[defence], countries=["PK"])
    if kind == "topic":
        url = defence.get_absolute_url()
    else:
        url = reverse("articles:country-timeline", kwargs={"code": "pk"})

    response = client.get(url, {param: value})

    assert response.status_code == 200
    assert response.context["narrow_unknown"]
    html = response.content.decode()
    assert f"The archive has no {param} “{value}”" in html
    assert "Kept" in html  # the un-narrowed timeline is still shown


def test_country_code_in_upper_case_redirects_permanently(client):
    response = client.get("/countries/PK/?topic=defence&order=oldest")

    assert response.status_code == 301
    assert response["Location"] == "/countries/pk/?topic=defence&order=oldest"


def test_unknown_topic_or_country_is_404(client):
    assert client.get("/topics/no-such-topic/").status_code == 404
    assert client.get("/countries/zz/").status_code == 404
    assert client.get("/countries/pak/").status_code == 404


def test_timeline_of_tag_without_coverage_says_so(client):
    quiet = f.topic("Quiet")

    response = client.get(quiet.get_absolute_url())

    assert response.status_code == 200
    assert "No published articles on Quiet yet." in response.content.decode()


def test_timeline_query_count_is_constant(client, per_page, django_assert_max_num_queries):
    per_page(50)
    defence = f.topic("Defence")
    economy = f.topic("Economy")
    spread(3, topics=[defence, economy], countries=["PK"])
    small = count_queries(client, defence.get_absolute_url(), {"country": "pk"})

    spread(30, topics=[defence, economy], countries=["PK", "IN"], start_year=2016)
    with django_assert_max_num_queries(small):
        client.get(defence.get_absolute_url(), {"country": "pk"})
    with django_assert_max_num_queries(small):
        client.get(
            reverse("articles:country-timeline", kwargs={"code": "pk"}), {"topic": "economy"}
        )


# --- Article and editorial pages ----------------------------------------------


def test_article_detail_shows_everything(client):
    defence = f.topic("Defence")
    story = f.article(
        "Main story",
        published=f.when(2014, 3, 7),
        updated=f.when(2014, 3, 8),
        dateline="ISLAMABAD",
        byline="A. Reporter",
        source="Daily Example",
        section="National",
        body="<p>First paragraph &amp; more.</p>",
        topics=[defence],
        countries=["PK"],
    )
    f.caption(story, "Troops on parade.", credit="AFP", photo_date=f.when(2014, 3, 6).date())
    ours = f.article("Our copy", published=f.when(2014, 2, 1))
    hidden = f.article("Hidden copy", status=Status.DRAFT)
    f.also_read(story, "Resolved link", url="https://example.com/a", target=ours)
    f.also_read(story, "External link", url="https://example.com/b")
    f.also_read(story, "Draft target", url="https://example.com/c", target=hidden)
    f.also_read(story, "Plain title")
    f.editorial("Beside it", articles=[story])
    f.editorial("Draft editorial", articles=[story], status=Status.DRAFT)

    response = client.get(story.get_absolute_url())

    assert response.status_code == 200
    assert story.get_absolute_url() == "/articles/2014/03/07/main-story/"
    html = response.content.decode()
    for text in ("Main story", "ISLAMABAD", "A. Reporter", "Daily Example", "National"):
        assert text in html
    assert "<p>First paragraph &amp; more.</p>" in html  # body not escaped twice
    assert "Troops on parade." in html and "Photo: AFP" in html and "6 March 2014" in html
    assert f'<a href="{ours.get_absolute_url()}">Resolved link</a>' in html
    assert '<a href="https://example.com/b" rel="external noopener">External link</a>' in html
    assert '<a href="https://example.com/c" rel="external noopener">Draft target</a>' in html
    assert "Plain title" in html and ">Plain title<" not in html.replace("\n", "")
    assert "Hidden copy" not in html
    assert [e.title for e in response.context["related_editorials"]] == ["Beside it"]
    assert "Draft editorial" not in html
    assert defence.get_absolute_url() in html and 'href="/countries/pk/"' in html


def test_article_detail_accepts_unpadded_dates(client):
    story = f.article("Main story", published=f.when(2014, 3, 7))
    assert client.get("/articles/2014/3/7/main-story/").status_code == 200
    assert client.get("/articles/2014/03/08/main-story/").status_code == 404
    assert story.pk


def test_draft_article_is_404(client):
    draft = f.article("Not yet", status=Status.DRAFT)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_demo_article_is_marked(client):
    demo = f.article("Invented", is_demo=True)

    html = client.get(demo.get_absolute_url()).content.decode()

    assert "notice--demo" in html and "Demo content." in html


def test_article_detail_query_count_is_constant(client, django_assert_max_num_queries):
    story = f.article("Main story", topics=["Defence"], countries=["PK"])
    f.caption(story, credit="AFP")
    f.also_read(story, "One", target=f.article("Target one"))
    f.editorial(articles=[story])
    small = count_queries(client, story.get_absolute_url())

    for i in range(8):
        f.caption(story, f"Caption {i}", credit="Reuters")
        f.also_read(story, f"Link {i}", target=f.article(f"Target {i}"))
        f.editorial(f"Editorial {i}", articles=[story])
    story.topics.add(f.topic("Economy"), f.topic("Politics"))
    story.countries.add(f.country("IN"))
    with django_assert_max_num_queries(small):
        client.get(story.get_absolute_url())


def test_editorial_detail_lists_its_articles_in_time_order(client):
    later = f.article("Later", published=f.when(2014, 6, 2))
    earlier = f.article("Earlier", published=f.when(2014, 6, 1))
    draft = f.article("Draft", published=f.when(2014, 6, 3), status=Status.DRAFT)
    view = f.editorial(
        "Our view",
        date=f.when(2014, 6, 2).date(),
        body="<p>Full text.</p>",
        articles=[later, earlier, draft],
    )

    response = client.get(view.get_absolute_url())

    assert response.status_code == 200
    assert [a.headline for a in response.context["editorial"].beside] == ["Earlier", "Later"]
    html = response.content.decode()
    assert "<p>Full text.</p>" in html
    assert html.index("Earlier") < html.index("Later")
    assert "Draft" not in html.split("Published beside")[1]


def test_draft_editorial_is_404(client):
    view = f.editorial("Hidden view", status=Status.DRAFT)
    assert client.get(view.get_absolute_url()).status_code == 404


def test_editorial_list_and_demo_marking(client):
    f.editorial("Real one", date=f.when(2014, 1, 1).date())
    f.editorial("Made up", date=f.when(2014, 1, 2).date(), is_demo=True)

    response = client.get(reverse("articles:editorial-list"))

    assert [e.title for e in response.context["editorials"]] == ["Made up", "Real one"]
    assert "badge--demo" in response.content.decode()


def test_list_pages_query_count_is_constant(client, django_assert_max_num_queries):
    f.article(topics=["Defence"], countries=["PK"])
    f.editorial()
    urls = [
        reverse(f"articles:{name}")
        for name in ("home", "article-list", "editorial-list", "topic-list", "country-list")
    ]
    small = {url: count_queries(client, url) for url in urls}

    for i in range(15):
        f.article(topics=[f"Topic {i}", "Defence"], countries=["PK", "IN"], is_demo=i % 2 == 0)
        f.editorial(articles=[])
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            client.get(url)


# --- Error pages ----------------------------------------------------------------


def test_500_template_renders_without_context_or_database(django_assert_num_queries):
    template = engines["django"].get_template("500.html")
    with django_assert_num_queries(0):
        html = template.render()
    assert "Something went wrong" in html


def test_card_taster_is_plain_text_with_paragraphs_apart(client):
    f.article("Story", body="<p>One &amp; two.</p><p>Three <b>four</b>.</p>")

    html = client.get(reverse("articles:article-list")).content.decode()

    assert "One &amp; two. Three four." in html


# --- Timelines: days, years, date range (issue 4) ----------------------------------


def test_timeline_groups_days_with_counts_from_the_database(client, per_page):
    per_page(3)
    defence = f.topic("Defence")
    for hour in (8, 9, 10, 11):
        f.article(f"Same day {hour}", published=f.when(2014, 5, 2, hour), topics=[defence])
    f.article("Earlier day", published=f.when(2014, 5, 1), topics=[defence])

    response = client.get(defence.get_absolute_url())

    (year,) = response.context["groups"]
    (month,) = year.months
    (day,) = month.days
    expected = Article.objects.published().tagged(topic=defence)
    expected = sum(1 for a in expected if timezone.localdate(a.published).day == 2)
    # Three on this page, but the heading counts the whole day.
    assert (day.day.day, len(day.articles), day.count) == (2, 3, expected) == (2, 3, 4)
    second = client.get(defence.get_absolute_url(), {"page": 2})
    days = [
        (d.day.day, len(d.articles), d.count) for d in second.context["groups"][0].months[0].days
    ]
    assert days == [(2, 1, 4), (1, 1, 1)]


def test_jump_to_year_links_to_the_page_where_each_year_starts(client, per_page):
    per_page(4)
    defence = f.topic("Defence")
    spread(10, topics=[defence], start_year=2013)
    spread(3, topics=[defence], start_year=2015)

    response = client.get(defence.get_absolute_url())

    pages = {y.year: y.page for y in response.context["summary"]}
    assert pages == {2015: 1, 2013: 1}
    oldest = client.get(defence.get_absolute_url(), {"order": "oldest"})
    assert {y.year: y.page for y in oldest.context["summary"]} == {2013: 1, 2015: 3}
    assert 'href="?order=oldest&amp;page=3#y2015"' in oldest.content.decode()


def test_date_range_narrows_list_counts_and_chart(client):
    defence = f.topic("Defence")
    for month in (1, 2, 3, 4):
        f.article(f"Month {month}", published=f.when(2014, month, 10), topics=[defence])

    response = client.get(defence.get_absolute_url(), {"from": "2014-02-01", "to": "2014-03-31"})

    assert [a.headline for a in response.context["articles"]] == ["Month 3", "Month 2"]
    summary = [(m.start.month, m.count) for y in response.context["summary"] for m in y.months]
    assert summary == [(3, 1), (2, 1)]
    assert [r.label for r in response.context["chart"].rows] == ["February 2014", "March 2014"]
    html = response.content.decode()
    assert 'value="2014-02-01"' in html and "from 1 February 2014 to 31 March 2014" in html


def test_bad_date_range_is_ignored_with_a_notice(client):
    defence = f.topic("Defence")
    f.article("Kept", topics=[defence])

    response = client.get(defence.get_absolute_url(), {"from": "2014-13-01", "to": "soon"})

    assert response.status_code == 200
    assert [a.headline for a in response.context["articles"]] == ["Kept"]
    assert "That limit was ignored." in response.content.decode()


def test_timeline_with_range_and_compare_query_count_is_constant(
    client, per_page, django_assert_max_num_queries
):
    per_page(50)
    defence, economy = f.topic("Defence"), f.topic("Economy")
    spread(3, topics=[defence, economy], countries=["PK"])
    params = {"country": "pk", "compare": "economy", "from": "2010-01-01", "to": "2030-01-01"}
    small = count_queries(client, defence.get_absolute_url(), params)

    spread(30, topics=[defence, economy], countries=["PK", "IN"], start_year=2016)
    spread(10, topics=[f.topic("Politics")], countries=["FR"], start_year=2014)
    with django_assert_max_num_queries(small):
        client.get(defence.get_absolute_url(), params)


@pytest.mark.django_db
def test_a_summary_quoting_broken_markup_is_shown_as_text(client):
    # Python 3.11's HTML parser raises on "<![>": summaries are never parsed as HTML.
    summary = '<![><img src="]><img src=x onerror=alert(1)//">'
    story = f.article("Broken markup quoted", summary=summary)
    for url in ("/", story.get_absolute_url(), "/feeds/latest.rss"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<img src=x onerror" not in response.content.decode(), url
    assert "&lt;![&gt;&lt;img" in client.get("/").content.decode()


def test_month_index_links_keep_the_query_escaped(client, per_page):
    per_page(1)
    defence = f.topic("Defence")
    spread(6, topics=[defence])  # three in January 2013, three in February
    hostile = '"><script>alert(1)</script>'

    response = client.get(defence.get_absolute_url(), {"q": hostile, "order": "oldest"})

    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    index = html[html.index('class="timeline-summary"') :]
    # Months on other pages link there with the rest of the query, escaped.
    assert (
        'href="?q=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E&amp;order=oldest&amp;page=4#m2013-02"'
        in index
    )
    assert 'href="#m2013-01"' in index


def test_choice_options_are_escaped_and_keep_their_counts():
    from articles.templatetags.timeline_tags import options

    html = options(
        [
            {"value": 'x"><script>', "name": "Côte <d'Ivoire>", "selected": True, "count": 1234},
            {"value": "pk", "name": "Pakistan & co", "selected": False, "count": 7},
            {"value": "", "name": "Everywhere", "selected": False},
        ]
    )
    assert html == (
        '<option value="x&quot;&gt;&lt;script&gt;" selected>'
        "Côte &lt;d&#x27;Ivoire&gt; (1,234)</option>"
        '<option value="pk">Pakistan &amp; co (7)</option>'
        '<option value="">Everywhere</option>'
    )


def test_a_rare_topic_is_paged_in_date_order(client, per_page, monkeypatch):
    # A topic on under COMMON_SHARE of the archive is read ids first
    # (timelines.IdsFirst); here "rare" is under half of it.
    monkeypatch.setattr(timelines, "COMMON_SHARE", 0.5)
    per_page(4)
    rare, common = f.topic("Rare"), f.topic("Common")
    spread(20, topics=[common])
    tagged = spread(9, topics=[rare, common], start_year=2019)
    assert not timelines.is_common(rare)
    newest_first = sorted(tagged, key=lambda a: (a.published, a.pk), reverse=True)

    pages = [
        client.get(rare.get_absolute_url(), {"page": n}).context["articles"] for n in (1, 2, 3)
    ]
    assert [len(page) for page in pages] == [4, 4, 1]
    assert [article for page in pages for article in page] == newest_first
    oldest = client.get(rare.get_absolute_url(), {"order": "oldest"})
    assert list(oldest.context["articles"]) == newest_first[::-1][:4]
    assert isinstance(oldest.context["paginator"].object_list, timelines.IdsFirst)
