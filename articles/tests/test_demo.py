"""The demo content generator, its loader and the load_demo command."""

import io
import time
from collections import Counter
from datetime import date, datetime, timedelta

import pycountry
import pytest
from django.core.management import call_command

from articles.demo.generator import DEMO_TOPICS, generate_records
from articles.demo.vocabulary import NOTABLES
from articles.tagging import countries_in
from articles.tests import factories


@pytest.fixture(scope="module")
def records():
    return [record for _, record in generate_records(300, seed=11)]


# --- the generator (pure) ---------------------------------------------------


def test_same_seed_gives_same_records_and_other_seeds_differ():
    first = list(generate_records(40, seed=5))
    assert first == list(generate_records(40, seed=5))
    other = list(generate_records(40, seed=6))
    assert [r["headline"] for _, r in first] != [r["headline"] for _, r in other]
    assert len(first) == 40
    assert len({location for location, _ in first}) == 40


def test_default_run_is_fast():
    start = time.perf_counter()
    assert len(list(generate_records())) == 300
    assert time.perf_counter() - start < 1.0


def _is_str_or_none(value):
    return value is None or isinstance(value, str)


def test_records_follow_the_import_schema(records):
    for record in records:
        assert isinstance(record["headline"], str) and record["headline"]
        published = datetime.fromisoformat(record["published"])
        assert published.tzinfo is not None
        if record["updated"] is not None:
            assert datetime.fromisoformat(record["updated"]) > published
        for key in ("url", "source", "section", "dateline", "byline", "summary"):
            assert _is_str_or_none(record[key]), key
        assert isinstance(record["body_text"], str)
        for caption in record["captions"]:
            assert isinstance(caption["text"], str) and caption["text"]
            assert isinstance(caption["credit"], str)
            photo_day = date.fromisoformat(caption["photo_date"])
            assert published.date() - timedelta(days=3) <= photo_day <= published.date()
        for link in record["also_read"]:
            assert isinstance(link["title"], str) and link["title"]
            assert _is_str_or_none(link["url"])
        for item in record["editorials"]:
            assert isinstance(item["title"], str)
            date.fromisoformat(item["date"])
            assert isinstance(item["updated"], bool)
            assert isinstance(item["teaser"], str) and item["teaser"]
        assert all(isinstance(t, str) for t in record["topics"])
        for code in record["countries"]:
            assert pycountry.countries.get(alpha_2=code) is not None


def test_body_reads_like_a_news_story(records):
    for record in records:
        paragraphs = record["body_text"].split("\n\n")
        assert 4 <= len(paragraphs) <= 8
        for paragraph in paragraphs:
            assert 40 <= len(paragraph.split()) <= 90, paragraph
            assert "{" not in paragraph and "}" not in paragraph
        dateline = record["dateline"]
        assert dateline == dateline.upper()
        assert paragraphs[0].startswith(f"{dateline}: ")
        assert record["byline"] and record["source"] and record["section"] and record["summary"]
    # Varied prose: few paragraphs repeat word for word across the archive.
    paragraphs = Counter(p for r in records for p in r["body_text"].split("\n\n"))
    assert paragraphs.most_common(1)[0][1] <= 3


def test_archive_is_broad(records):
    topics = {t for r in records for t in r["topics"]}
    countries = {c for r in records for c in r["countries"]}
    years = {r["published"][:4] for r in records}
    assert len(topics) >= 8
    assert len(countries) >= 20
    assert len(years) >= 10
    assert all(r["captions"] for r in records)
    assert all(r["editorials"] for r in records)
    assert sum(bool(r["also_read"]) for r in records) > len(records) / 2
    assert {c["credit"] for r in records for c in r["captions"]} >= {"AFP", "Reuters", "AP"}
    assert any(r["updated"] for r in records)


def test_headlines_are_unique(records):
    headlines = [r["headline"] for r in records]
    assert len(set(headlines)) == len(headlines)


def test_countries_are_named_so_the_tagger_finds_them(records):
    for record in records:
        assert record["countries"]
        text = "\n\n".join([record["headline"], record["body_text"]])
        assert set(record["countries"]) <= countries_in(text, record["dateline"])


def test_notable_names_recur(records):
    text = "\n".join(r["body_text"] for r in records)
    for name, _role in NOTABLES.values():
        assert text.count(name) >= 3, name


def test_editorial_pool_is_reused(records):
    shown = Counter((e["title"], e["date"]) for r in records for e in r["editorials"])
    assert 40 <= len(shown) <= 70
    assert sum(n >= 3 for n in shown.values()) >= len(shown) * 0.8
    flags = {e["updated"] for r in records for e in r["editorials"]}
    assert flags == {True, False}
    # One editorial always carries the same date, flag and teaser.
    by_title = {}
    for record in records:
        for item in record["editorials"]:
            assert by_title.setdefault(item["title"], item) == item


def test_also_read_links_mostly_name_earlier_headlines(records):
    earlier, internal, external = set(), 0, 0
    for record in records:
        for link in record["also_read"]:
            if link["title"] in earlier:
                internal += 1
            else:
                external += 1
                assert link["url"].startswith("https://")
        earlier.add(record["headline"])
    assert internal > 4 * external
    assert external >= 3


def test_every_story_pairs_its_headlines_with_leads_and_has_a_summary():
    from articles.demo.vocabulary import TOPICS

    for topic in TOPICS:
        for story in topic["stories"]:
            assert story["summary"]
            assert len(story["headlines"]) == len(story["leads"])


def test_demo_topics_have_descriptions_and_keyword_rules():
    assert len(DEMO_TOPICS) >= 8
    assert len({t["slug"] for t in DEMO_TOPICS}) == len(DEMO_TOPICS)
    for topic in DEMO_TOPICS:
        assert topic["name"] and topic["description"]
        assert len(topic["keywords"].splitlines()) >= 4


# --- loading into the database ----------------------------------------------


@pytest.mark.django_db
def test_loading_demo_articles():
    from articles.demo.loader import load_demo
    from articles.models import AlsoReadLink, Article, Editorial, Topic

    generated = [r for _, r in generate_records(120, seed=3)]
    report = load_demo(count=120, seed=3)

    assert report is not None
    assert not report.failed
    assert len(report.created) == 120
    assert Article.objects.count() == 120
    assert Article.objects.filter(is_demo=True).count() == 120

    # Each editorial is stored once, however many articles showed it.
    pool = {(e["title"], e["date"]) for r in generated for e in r["editorials"]}
    assert Editorial.objects.count() == len(pool)
    assert not Editorial.objects.filter(is_demo=False).exists()
    assert Editorial.objects.filter(date_is_updated=True).exists()
    assert all(e.articles.count() >= 1 for e in Editorial.objects.all())

    links = AlsoReadLink.objects.all()
    assert links.count() > 60
    assert links.filter(target__isnull=False).count() >= 0.7 * links.count()
    assert links.filter(target__isnull=True).exclude(url="").exists()

    assert not Article.objects.filter(countries=None).exists()
    assert (
        Article.objects.filter(countries__isnull=False).values("countries").distinct().count() >= 20
    )
    for data in DEMO_TOPICS:
        topic = Topic.objects.get(slug=data["slug"])
        assert topic.description and topic.keyword_list()
        assert topic.articles.exists()

    sample = Article.objects.get(headline=generated[0]["headline"])
    assert sample.dateline == generated[0]["dateline"]
    assert sample.captions.count() == len(generated[0]["captions"])
    assert sample.editorials.count() == len(generated[0]["editorials"])


@pytest.mark.django_db
def test_load_demo_refuses_an_archive_that_has_articles():
    from articles.demo.loader import load_demo
    from articles.models import Article

    factories.article("A real article")
    assert load_demo(count=10, seed=1) is None
    out = io.StringIO()
    call_command("load_demo", "--count", "10", stdout=out)
    assert "already has 1 article" in out.getvalue()
    assert "--force" in out.getvalue()
    assert Article.objects.count() == 1

    call_command("load_demo", "--count", "10", "--force", stdout=out)
    assert Article.objects.filter(is_demo=True).count() == 10
    assert Article.objects.filter(is_demo=False).count() == 1


@pytest.mark.django_db
def test_load_demo_command_on_an_empty_archive():
    from articles.models import Article

    out = io.StringIO()
    call_command("load_demo", "--count", "12", "--seed", "9", stdout=out)
    assert "12 created" in out.getvalue()
    assert Article.objects.filter(is_demo=True).count() == 12
    # Loading again is refused, and changes nothing.
    call_command("load_demo", "--count", "12", "--seed", "9", stdout=out)
    assert Article.objects.count() == 12
