import pytest
from django.db import IntegrityError

from articles.models import Article, Country, Editorial, Topic
from articles.tests import factories as f

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts():
    live = f.article("Live")
    f.article("Hidden", status="draft")
    assert list(Article.objects.published()) == [live]
    assert list(Article.objects.drafts().values_list("headline", flat=True)) == ["Hidden"]


def test_article_url_uses_local_date():
    # 21:00 UTC on the 20th is already the 21st in Karachi.
    article = f.article("Late news", slug="late-news", published=f.when(2014, 11, 21, 2))
    assert article.get_absolute_url() == "/articles/2014/11/21/late-news/"
    assert str(article) == "Late news"


def test_editorial_url_and_text():
    editorial = f.editorial("Calm waters", slug="calm-waters", teaser="<p>Seas &amp; rivers</p>")
    assert editorial.get_absolute_url().startswith("/editorials/2014/11/21/calm-waters/")
    assert editorial.text() == "Seas & rivers"


def test_canonical_url_is_unique_but_blank_is_allowed():
    f.article("One", url="https://example.org/a")
    f.article("Two")
    f.article("Three")
    with pytest.raises(IntegrityError):
        f.article("Four", url="https://example.org/a")


def test_same_editorial_slug_and_date_is_stored_once():
    f.editorial("Festering", slug="festering")
    with pytest.raises(IntegrityError):
        Editorial.objects.create(title="Festering", slug="festering", date=f.when().date())


def test_countries_come_from_pycountry():
    assert Country.objects.count() >= 249
    assert Country.objects.get(code="PK").name == "Pakistan"
    assert Country.objects.get(code="TW").name == "Taiwan"
    assert Country.objects.get(code="pk".upper()).get_absolute_url() == "/countries/pk/"


def test_counts_only_published_articles():
    defence = f.topic("Defence")
    f.article(topics=[defence], countries=["PK"])
    f.article(topics=[defence], countries=["PK", "RU"])
    f.article(topics=[defence], status="draft")
    assert Topic.objects.with_counts().get(pk=defence.pk).article_count == 2
    counts = dict(
        Country.objects.with_counts()
        .filter(code__in=["PK", "RU"])
        .values_list("code", "article_count")
    )
    assert counts == {"PK": 2, "RU": 1}


def test_topic_keyword_rules():
    topic = f.topic("Energy", keywords="gas pipeline\n\n  electricity tariff \n")
    assert topic.keyword_list() == ["gas pipeline", "electricity tariff"]


def test_also_read_link_prefers_published_archive_copy():
    target = f.article("Target")
    article = f.article("Source")
    link = article.also_read_links.create(
        title="Target", url="https://example.org/t", target=target
    )
    assert link.get_absolute_url() == target.get_absolute_url()
    target.status = "draft"
    target.save()
    link.refresh_from_db()
    assert link.get_absolute_url() == "https://example.org/t"


@pytest.mark.django_db
@pytest.mark.parametrize("tag_kind", ["topics", "countries"])
def test_tag_counts_and_coverage_count_published_articles_only(tag_kind):
    from articles.models.status import Status

    names = {"topics": ["Water", "Trade", "Sport"], "countries": ["PK", "IN", "AF"]}[tag_kind]
    busy, drafts_only, unused = names
    for n in range(3):
        f.article(f"Published {n}", **{tag_kind: [busy, drafts_only] if n == 0 else [busy]})
    f.article("A draft", status=Status.DRAFT, **{tag_kind: [drafts_only, busy]})
    model = Topic if tag_kind == "topics" else Country
    f.topic(unused) if model is Topic else f.country(unused)

    def key(tag):
        return tag.name if model is Topic else tag.code

    counts = {key(tag): tag.article_count for tag in model.objects.with_counts()}
    assert {name: counts.get(name) for name in names} == {busy: 3, drafts_only: 1, unused: 0}
    covered = {key(tag) for tag in model.objects.with_articles()}
    assert covered == {busy, drafts_only}
    f.article("Another draft", status=Status.DRAFT, **{tag_kind: [unused]})
    assert unused not in {key(tag) for tag in model.objects.with_articles()}


@pytest.mark.django_db
def test_tagged_by_exists_equals_tagged_by_join():
    from articles.models.status import Status

    for n in range(12):
        f.article(
            f"Story {n}",
            topics=["Water"] if n % 2 else ["Water", "Trade"],
            countries=["PK"] if n % 3 else ["IN"],
            published=f.when(2015, 1 + n % 12, 1 + n),
            status=Status.DRAFT if n == 5 else Status.PUBLISHED,
        )
    water, trade = Topic.objects.get(name="Water"), Topic.objects.get(name="Trade")
    pakistan = Country.objects.get(code="PK")
    for tags in ({"topic": water}, {"topic": trade, "country": pakistan}, {"country": pakistan}):
        joined = list(Article.objects.published().tagged(**tags).order_by("-published", "-id"))
        walked = Article.objects.published().tagged(**tags, common=True)
        assert list(walked.order_by("-published", "-id")) == joined, tags
        assert walked.count() == len(joined) > 0


def test_headlines_and_link_titles_are_matched_in_any_case_by_their_index():
    from django.db import connection

    from articles.models import AlsoReadLink

    cranes = f.article("Harbour cranes arrive")
    f.article("Harbour cranes arrive late")
    assert list(Article.objects.headlined("HARBOUR CRANES arrive")) == [cranes]
    assert list(Article.objects.headlined("Harbour cranes")) == []
    link = AlsoReadLink.objects.create(article=cranes, title="Port Reopens After Storm")
    AlsoReadLink.objects.create(article=cranes, title="Port reopens")
    assert list(AlsoReadLink.objects.titled("port reopens after storm")) == [link]
    if connection.vendor == "sqlite":
        # PostgreSQL's planner reads a table this small whole, index or not.
        assert "article_headline_any_case" in Article.objects.headlined("x").explain()
        assert "also_read_title_any_case" in AlsoReadLink.objects.titled("x").explain()
        many = Article.objects.headlined_any(["x", "Zürich floods"])
        assert "article_headline_any_case" in many.explain()


def test_many_headlines_are_matched_in_any_case_as_one_is():
    from articles.models import AlsoReadLink

    cranes = f.article("Harbour cranes arrive")
    zurich = f.article("Zürich floods")  # non-ASCII: lowered by the database
    f.article("Harbour cranes arrive late")
    found = Article.objects.headlined_any(["HARBOUR CRANES arrive", "Zürich FLOODS", "nothing"])
    assert set(found) == {cranes, zurich}
    assert not Article.objects.headlined_any([]).exists()

    waiting = AlsoReadLink.objects.create(article=zurich, title="harbour CRANES arrive")
    AlsoReadLink.objects.create(article=zurich, title="Harbour cranes arrive", target=cranes)
    by_address = AlsoReadLink.objects.create(
        article=cranes, title="Elsewhere", url="https://paper.example/zurich"
    )
    found = AlsoReadLink.objects.waiting_for(
        ["Harbour cranes arrive"], ["https://paper.example/zurich"]
    )
    assert sorted(link.pk for link in found) == [waiting.pk, by_address.pk]  # not the targeted one
