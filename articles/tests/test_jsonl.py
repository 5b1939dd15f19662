import io
import json

import pytest
from django.core.management import call_command

from articles.ingest.importer import Outcome, import_records
from articles.ingest.jsonl import article_to_record, read_jsonl
from articles.ingest.validation import Unreadable
from articles.models import AlsoReadLink, Article, Caption, Editorial, Topic
from articles.tests.test_page_format import FIXTURES


def varied_records():
    """Records exercising every field, in an order unlike the export's."""
    beside = {"title": "Dry taps", "date": "2019-03-02", "updated": True, "teaser": "Taps…"}
    return [
        {
            "headline": "Second story: a draft, published later",
            "published": "2019-06-01T08:00:00Z",
            "status": "draft",
            "url": None,
            "body_html": "<p>Draft words with <em>emphasis</em> & an ampersand.</p>",
            "editorials": [beside],
            "topics": ["water"],
            "countries": ["pk"],
        },
        {
            "headline": "First story with everything",
            "published": "2019-05-02T10:30:15.250000+05:00",
            "updated": "2019-05-03T09:00:00+05:00",
            "url": "https://news.example.org/first",
            "source": "The Example Herald",
            "section": "National",
            "dateline": "QUETTA",
            "byline": "A. Reporter",
            "summary": "A summary line.",
            "body_text": "Line one with “quotes”.\n\nLine two, in Urdu: پانی",
            "captions": [
                {"text": "Second caption.", "credit": None, "photo_date": None},
                {"text": "First caption.", "credit": "AFP", "photo_date": "2019-05-01"},
            ],
            "also_read": [
                {"title": "Second story: a draft, published later", "url": None},
                {"title": "Elsewhere", "url": "https://other.example.org/x"},
            ],
            "editorials": [
                {"title": "Rail promises", "date": "2019-03-01", "teaser": None, "url": None},
                beside,
            ],
            "topics": ["Water", "Transport"],
            "countries": ["Iran", "af"],
        },
    ]


def export_text():
    out = io.StringIO()
    call_command("export_articles", stdout=out)
    return out.getvalue()


def empty_the_archive():
    for model in (AlsoReadLink, Caption, Editorial, Article, Topic):
        model.objects.all().delete()


@pytest.mark.django_db
def test_export_import_export_is_byte_identical():
    report = import_records([(f"r:{n}", r) for n, r in enumerate(varied_records(), start=1)])
    assert not report.has_failures, report.summary()
    first = export_text()

    empty_the_archive()
    reimport = import_records(read_jsonl(first.split("\n"), "export.jsonl"))
    second = export_text()

    assert reimport.counts[Outcome.CREATED] == 2
    assert second == first
    assert first.count("\n") == 2


@pytest.mark.django_db
def test_export_format_is_stable_and_ordered():
    import_records([(f"r:{n}", r) for n, r in enumerate(varied_records(), start=1)])
    lines = export_text().splitlines()
    records = [json.loads(line) for line in lines]

    assert [r["headline"] for r in records] == [
        "First story with everything",
        "Second story: a draft, published later",
    ]
    first = records[0]
    assert lines[0].startswith('{"also_read":')  # keys are sorted
    assert first["published"] == "2019-05-02T10:30:15.250000+05:00"
    assert records[1]["published"] == "2019-06-01T13:00:00+05:00"
    assert records[1]["status"] == "draft"
    assert [c["text"] for c in first["captions"]] == ["Second caption.", "First caption."]
    assert [e["date"] for e in first["editorials"]] == ["2019-03-01", "2019-03-02"]
    assert first["topics"] == ["transport", "water"]
    assert first["countries"] == sorted(first["countries"])
    assert {"AF", "IR", "PK"} <= set(first["countries"])
    assert first["body_html"].startswith("<p>Line one with “quotes”.</p>")


@pytest.mark.django_db
def test_page_import_round_trips_too():
    page = (FIXTURES / "coastal_page.txt").read_text(encoding="utf-8")
    from articles.ingest.detect import records_from_text

    import_records(records_from_text("coastal_page.txt", page))
    first = export_text()
    empty_the_archive()
    import_records(read_jsonl(first.split("\n"), "export.jsonl"))

    assert export_text() == first


@pytest.mark.django_db
def test_export_to_a_file(tmp_path):
    import_records([("r:1", varied_records()[1])])
    target = tmp_path / "out.jsonl"

    call_command("export_articles", "--output", str(target), stderr=io.StringIO())

    assert target.read_text(encoding="utf-8") == export_text()


def test_bad_lines_are_reported_with_their_line_numbers():
    lines = [
        "\ufeff" + json.dumps({"headline": "ok"}),
        "",
        "{broken",
        "   ",
        '["a list is JSON too"]',
        json.dumps({"headline": "also ok"}),
        "[" * 100_000,
    ]
    found = list(read_jsonl(lines, "batch.jsonl"))

    locations = [location for location, _ in found]
    assert locations == [
        "batch.jsonl:1",
        "batch.jsonl:3",
        "batch.jsonl:5",
        "batch.jsonl:6",
        "batch.jsonl:7",
    ]
    assert found[0][1] == {"headline": "ok"}
    assert isinstance(found[1][1], Unreadable)
    assert "not valid JSON" in found[1][1].message
    assert found[2][1] == ["a list is JSON too"]
    assert isinstance(found[4][1], Unreadable)


@pytest.mark.django_db
def test_bad_lines_fail_alone_on_import():
    lines = [json.dumps(varied_records()[1]), "{broken", '"just a string"']
    report = import_records(read_jsonl(lines, "batch.jsonl"))

    assert [(i.location, i.outcome) for i in report.outcomes] == [
        ("batch.jsonl:1", Outcome.CREATED),
        ("batch.jsonl:2", Outcome.FAILED),
        ("batch.jsonl:3", Outcome.FAILED),
    ]
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_record_of_an_admin_made_article():
    from articles.tests import factories

    article = factories.article("Made by hand", countries=["PK"], captions=["A picture."])

    record = article_to_record(article)

    assert record["headline"] == "Made by hand"
    assert record["url"] is None
    assert record["countries"] == ["PK"]
    assert record["captions"] == [{"text": "A picture.", "credit": None, "photo_date": None}]
