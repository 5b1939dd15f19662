import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from articles.ingest.page_format import ParseError, parse_page

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KARACHI = ZoneInfo("Asia/Karachi")
SEED_NAME = "000_27ddbea68a68097d.txt"


def shared_dir():
    configured = os.environ.get("NEWSARCHIVE_SHARED_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[3] / "shared"


def seed_path():
    path = shared_dir() / "seeds" / SEED_NAME
    if not path.is_file():
        pytest.skip(
            f"SEED PAGE MISSING: {path} is absent (set NEWSARCHIVE_SHARED_DIR to the shared "
            "folder); the test on the real scraped page cannot run."
        )
    return path


def coastal_page():
    return (FIXTURES / "coastal_page.txt").read_text(encoding="utf-8")


def paragraphs(record):
    return record["body_text"].split("\n\n")


def test_headline_dates_and_dateline():
    record = parse_page(coastal_page())

    assert record["headline"] == "Flood barriers to be raised along the coastal highway"
    assert datetime.fromisoformat(record["published"]) == datetime(
        2019, 3, 3, 19, 40, tzinfo=KARACHI
    )
    assert datetime.fromisoformat(record["updated"]) == datetime(2019, 3, 4, 10, 5, tzinfo=KARACHI)
    assert record["dateline"] == "KARACHI"
    assert paragraphs(record)[0].startswith("Provincial engineers will raise")


def test_duplicate_captions_are_stored_once_with_their_credit():
    captions = parse_page(coastal_page())["captions"]

    assert [c["text"] for c in captions] == [
        "Photo from Mar 2, 2019, shows workers stacking sandbags near a fishing harbour.",
        "A line of lorries waits at the Hub checkpoint.",
    ]
    assert [c["credit"] for c in captions] == ["Reuters", "White Star"]
    assert [c["photo_date"] for c in captions] == ["2019-03-02", None]


def test_captions_and_also_read_lines_are_not_body_paragraphs():
    record = parse_page(coastal_page())

    assert len(paragraphs(record)) == 3
    assert not any("lorries" in p or "Also read" in p for p in paragraphs(record))
    assert record["also_read"] == [
        {"title": "Monsoon rains leave coastal towns without power", "url": None}
    ]


def test_sidebar_editorials_with_dates_updated_flags_and_teasers():
    editorials = parse_page(coastal_page())["editorials"]

    assert [(e["title"], e["date"], e["updated"]) for e in editorials] == [
        ("Dry taps", "2019-03-02", True),
        ("Rail promises", "2019-03-01", False),
    ]
    assert editorials[0]["teaser"].startswith("THE water board")
    assert editorials[1]["teaser"].startswith("ANOTHER timetable")
    assert "Opinion" not in parse_page(coastal_page())["body_text"]


def test_crlf_bom_and_extra_blank_lines_read_the_same():
    plain = parse_page(coastal_page())
    messy = "\ufeff\n\n" + coastal_page().replace("\n\n", "\n\n\n").replace("\n", "\r\n")

    assert parse_page(messy) == plain
    assert parse_page(messy.encode("utf-8")) == plain


def test_missing_parts_give_empty_lists_not_errors():
    record = parse_page("A short notice\n\nPublished 5 January, 2020\n")

    assert record["headline"] == "A short notice"
    assert datetime.fromisoformat(record["published"]) == datetime(2020, 1, 5, tzinfo=KARACHI)
    assert record["updated"] is None
    assert record["body_text"] == ""
    assert record["captions"] == record["also_read"] == record["editorials"] == []
    assert record["dateline"] is None


def test_body_without_dateline_or_captions():
    page = "Quiet day\n\nPublished June 1, 2021\n\nNothing happened.\n\nStill nothing.\n"
    record = parse_page(page)

    assert record["dateline"] is None
    assert paragraphs(record) == ["Nothing happened.", "Still nothing."]


def test_a_body_paragraph_ending_in_a_dash_clause_stays_body():
    page = (
        "Talks resume\n\nPublished June 1, 2021\n\n"
        "LAHORE: The talks resumed on Monday — and ended within the hour.\n"
    )
    record = parse_page(page)

    assert record["captions"] == []
    assert paragraphs(record) == ["The talks resumed on Monday — and ended within the hour."]


def test_no_published_line_names_the_headline_line():
    with pytest.raises(ParseError) as caught:
        parse_page("\n\nJust a title\n\nSome text without a date.\n")

    assert caught.value.line == 3
    assert "Published" in str(caught.value)


def test_page_starting_with_the_date_has_no_headline():
    with pytest.raises(ParseError, match="no headline") as caught:
        parse_page("Published November 21, 2014\n\nBody.\n")

    assert caught.value.line == 1


def test_unreadable_date_is_reported_with_its_line():
    with pytest.raises(ParseError, match="cannot read the date") as caught:
        parse_page("A title\n\nPublished sometime last week\n")

    assert caught.value.line == 3


def test_empty_page():
    with pytest.raises(ParseError, match="empty"):
        parse_page("\ufeff \r\n\r\n")


def test_the_real_seed_page():
    record = parse_page(seed_path().read_bytes())

    assert record["headline"] == "Russia to provide counter-terrorism training to Pakistan"
    assert datetime.fromisoformat(record["published"]) == datetime(2014, 11, 21, tzinfo=KARACHI)
    assert record["updated"] is None
    assert record["dateline"] == "ISLAMABAD"

    [caption] = record["captions"]
    assert caption["text"].startswith("Photo from Nov 20, 2014, shows Prime Minister")
    assert caption["text"].endswith("(L).")
    assert "AFP" not in caption["text"]
    assert caption["credit"] == "AFP"
    assert caption["photo_date"] == "2014-11-20"

    body = paragraphs(record)
    assert len(body) == 8
    assert body[0].startswith("Russia has accepted")
    assert body[-1].startswith("In June, Russia")

    assert [link["title"] for link in record["also_read"]] == [
        "Pakistan, Russia sign landmark defence cooperation agreement"
    ]
    assert [(e["title"], e["date"], e["updated"]) for e in record["editorials"]] == [
        ("Afghan turbulence", "2024-03-19", True),
        ("In disarray", "2024-03-19", False),
        ("Festering wound", "2024-03-19", False),
        ("Defining extremism", "2024-03-18", True),
        ("Climate in focus", "2024-03-18", False),
        ("Growing rabies concern", "2024-03-18", False),
    ]
    assert all(e["teaser"] and e["teaser"] != e["title"] for e in record["editorials"])
