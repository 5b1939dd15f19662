"""Timeline and tag-list counts read from the search index equal the database's, or fall back."""

from collections import Counter
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from haystack.query import SearchQuerySet

from articles.models import Article, Country, IndexTask, Topic
from articles.models.status import Status
from articles.search import coverage
from articles.tests import factories as f
from articles.tests.test_faults import as_a_fresh_process, truncate_toc
from articles.views.tags import yearly_counts
from articles.views.timelines import TimelineMixin, count_per_month


@pytest.fixture
def archive(search_index):
    defence, economy = f.topic("Defence"), f.topic("Economy")
    for n in range(18):
        f.article(
            f"Report {n}",
            published=f.when(2012 + n % 3, 1 + n % 12, 1 + n % 27),
            topics=[defence] if n % 4 else [defence, economy],
            countries=["PK"] if n % 3 else ["IN", "PK"],
        )
    # 23:30 UTC on 31 January is already February in Karachi: counted as February.
    f.article("Late", published=datetime(2013, 1, 31, 23, 30, tzinfo=UTC), topics=[economy])
    f.article("Draft", topics=[defence], countries=["AF"], status=Status.DRAFT)
    assert coverage.index_is_current()
    return defence, economy


def in_database(topic, country=None, *, first_day=None, last_day=None):
    view = TimelineMixin()
    view.subject_kind, view.narrow_kind = "topic", "country"
    view.narrow, view.first_day, view.last_day = country, first_day, last_day
    return count_per_month(view.tagged(topic))


@pytest.mark.parametrize(
    "chosen, first_day, last_day",
    [
        (("defence",), None, None),
        (("economy",), None, None),
        (("defence", "PK"), None, None),
        (("defence", "IN"), None, None),
        (("economy",), date(2013, 2, 1), date(2013, 2, 28)),
        (("defence",), date(2012, 6, 15), None),
        (("defence", "PK"), None, date(2013, 5, 1)),
    ],
)
def test_month_counts_from_the_index_equal_the_database(archive, chosen, first_day, last_day):
    defence, economy = archive
    tags = [
        {"defence": defence, "economy": economy}.get(name) or f.country(name) for name in chosen
    ]
    expected = in_database(*tags, first_day=first_day, last_day=last_day)
    found = coverage.per_month(*tags, first_day=first_day, last_day=last_day)
    assert expected  # each case finds something, so a wrong empty answer cannot pass
    assert found == dict(expected)


def test_late_utc_evening_counts_in_the_local_month(archive):
    _, economy = archive
    months = coverage.per_month(economy)
    late = Article.objects.get(headline="Late")
    assert (2013, 2) in months
    assert SearchQuerySet().filter(id=f"articles.article.{late.pk}").count() == 1


def test_tag_counts_from_the_index_equal_the_database(archive):
    defence, _ = archive
    expected = {
        code.lower(): Article.objects.published()
        .tagged(topic=defence)
        .filter(countries__code=code)
        .count()
        for code in ("PK", "IN", "AF")
    }
    expected = {code: n for code, n in expected.items() if n}
    assert coverage.per_tag("countries", defence) == expected == {"pk": 18, "in": 6}


def test_the_page_shows_the_index_counts(client, archive):
    defence, _ = archive
    response = client.get(defence.get_absolute_url())
    summary = {
        (m.start.year, m.start.month): m.count
        for y in response.context["summary"]
        for m in y.months
    }
    assert summary == dict(in_database(defence))
    choices = {c["value"]: c["count"] for c in response.context["narrow_choices"]}
    assert choices == {"pk": 18, "in": 6}
    assert response.context["paginator"].count == 18


def test_a_change_not_yet_indexed_is_counted_by_the_database(client, archive, settings):
    defence, _ = archive
    settings.NEWSARCHIVE = {**settings.NEWSARCHIVE, "INDEX_DRAIN_IN_PROCESS": False}
    f.article("Not indexed yet", published=f.when(2020, 5, 5), topics=[defence], countries=["AF"])
    assert not coverage.index_is_current()
    assert coverage.per_month(defence) is None
    assert coverage.per_tag("countries", defence) is None
    assert coverage.per_year(Topic) is None

    response = client.get(defence.get_absolute_url())

    summary = {
        (m.start.year, m.start.month): m.count
        for y in response.context["summary"]
        for m in y.months
    }
    assert summary[2020, 5] == 1
    choices = {c["value"]: c["count"] for c in response.context["narrow_choices"]}
    assert choices["af"] == 1


def test_renaming_a_topic_reindexes_its_articles(archive):
    defence, _ = archive
    defence.slug = "defence-and-security"
    with transaction.atomic():
        defence.save()
        # The 18 published articles, and the draft (its task resolves to a removal).
        assert IndexTask.objects.filter(done_at__isnull=True).count() == 19
    assert coverage.index_is_current()
    assert coverage.per_tag("topics", f.country("IN")) == {"defence-and-security": 6, "economy": 2}


def test_deleting_a_topic_reindexes_its_articles(archive):
    _, economy = archive
    economy.delete()
    assert coverage.index_is_current()
    assert "economy" not in coverage.per_tag("topics", f.country("PK"))
    assert SearchQuerySet().narrow("topics:economy").count() == 0


def test_a_damaged_index_leaves_the_counting_to_the_database(client, archive, search_index):
    defence, _ = archive
    truncate_toc(search_index.generation_path())
    as_a_fresh_process(search_index)

    assert coverage.per_month(defence) is None
    response = client.get(defence.get_absolute_url())

    assert response.status_code == 200
    summary = {
        (m.start.year, m.start.month): m.count
        for y in response.context["summary"]
        for m in y.months
    }
    assert summary == dict(in_database(defence))

    call_command("reconcile_index", stdout=StringIO())
    assert coverage.per_month(defence) == summary


@pytest.mark.parametrize("model", [Topic, Country])
def test_yearly_counts_from_the_index_equal_the_database(archive, model):
    expected = yearly_counts(*model.article_links())
    assert expected  # so that two empty answers cannot agree
    assert coverage.per_year(model) == expected


def test_the_tag_lists_show_the_index_counts(client, archive):
    topics = client.get("/topics/").context["topics"]
    assert {t.slug: t.article_count for t in topics} == {"defence": 18, "economy": 6}
    countries = client.get("/countries/").context["countries"]
    assert {c.code: c.article_count for c in countries} == {"PK": 18, "IN": 6}


def test_articles_per_year_from_the_index_equal_the_database(client, archive):
    expected = Counter(
        timezone.localtime(moment).year
        for moment in Article.objects.published().values_list("published", flat=True)
    )
    assert coverage.per_year_of_articles() == dict(expected) == {2012: 6, 2013: 7, 2014: 6}
    response = client.get("/archive/")
    assert dict(response.context["years"]) == dict(expected)


def test_counts_leave_out_documents_deleted_from_the_index(archive, search_index):
    defence, economy = archive
    assert coverage.per_year(Topic)  # builds the segments' tables
    Article.objects.get(headline="Report 4").delete()  # Defence and Economy, Pakistan
    # The document is only marked deleted in its segment, whose tables still hold it.
    assert search_index.searcher().reader().has_deletions()

    assert coverage.per_tag("countries", defence) == {"pk": 17, "in": 6}
    assert coverage.per_month(economy) == dict(in_database(economy))
    assert coverage.per_year(Topic) == yearly_counts(*Topic.article_links())
    assert sum(coverage.per_year_of_articles().values()) == Article.objects.published().count()
