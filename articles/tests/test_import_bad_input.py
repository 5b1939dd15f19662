"""Every kind of bad input named in the issue: a clear message naming file and line,
nothing half-imported, nothing lost from the records around it."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from articles.ingest.importer import Outcome, import_files
from articles.models import Article, Caption

GOOD = {"headline": "A good record", "published": "2023-04-10T09:00:00+05:00", "body_text": "Ok."}


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def jsonl(*records):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def only_failure(report):
    assert len(report.failed) == 1, report.summary()
    return report.failed[0]


@pytest.mark.django_db
def test_latin1_file_imports_correctly_and_says_how_it_was_read(tmp_path):
    record = {**GOOD, "headline": "Café owners in Zürich protest"}
    path = write(tmp_path, "old.jsonl", jsonl(record).encode("latin-1"))

    report = import_files([path])

    assert report.counts[Outcome.CREATED] == 1
    assert Article.objects.get().headline == "Café owners in Zürich protest"
    assert "Windows-1252/latin-1" in report.created[0].reason


@pytest.mark.django_db
def test_mixed_encodings_are_refused_naming_the_line(tmp_path):
    data = jsonl({**GOOD, "headline": "Première ligne en UTF-8"}).encode("utf-8") + jsonl(
        {**GOOD, "headline": "Deuxième en latin-1"}
    ).encode("latin-1")
    path = write(tmp_path, "mixed.jsonl", data)

    failure = only_failure(import_files([path]))

    assert failure.location == f"{path}:2"
    assert "mixed encodings" in failure.reason and "0xE8" in failure.reason
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.jsonl", b"", "the file is empty"),
        ("blank.csv", b"  \n\n ", "the file is empty"),
        ("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00", "a PNG image, not a text file"),
        ("report.txt", b"%PDF-1.4 ...", "a PDF document"),
        ("blob.txt", b"abc\ndef\x00\x01\x02", "binary data"),
    ],
)
@pytest.mark.django_db
def test_empty_and_binary_files(tmp_path, name, data, message):
    path = write(tmp_path, name, data)

    failure = only_failure(import_files([path]))

    assert failure.file == str(path)
    assert message in failure.reason


@pytest.mark.django_db
def test_binary_file_names_the_line_of_its_first_nul(tmp_path):
    path = write(tmp_path, "blob.txt", b"abc\ndef\x00")

    assert only_failure(import_files([path])).location == f"{path}:2"


@pytest.mark.django_db
def test_malformed_json_line_fails_alone(tmp_path):
    path = write(
        tmp_path,
        "x.jsonl",
        jsonl(GOOD) + '{"headline": "cut off\n' + jsonl({**GOOD, "headline": "After the bad line"}),
    )

    report = import_files([path])

    assert report.counts[Outcome.CREATED] == 2
    assert only_failure(report).location == f"{path}:2"
    assert "not valid JSON" in report.failed[0].reason


@pytest.mark.django_db
def test_malformed_csv_quote_names_the_row(tmp_path):
    path = write(
        tmp_path,
        "x.csv",
        'headline,published,body\nGood row,2023-04-10,Fine.\nBad row,2023-04-11,"never closed\n',
    )

    report = import_files([path])

    assert report.counts[Outcome.CREATED] == 1
    failure = only_failure(report)
    assert failure.location == f"{path}:3"
    assert "malformed CSV" in failure.reason


@pytest.mark.django_db
def test_csv_row_with_too_many_fields(tmp_path):
    path = write(tmp_path, "x.csv", "headline,published\nA, B, and C,2023-04-10,extra\n")

    failure = only_failure(import_files([path]))

    assert failure.location == f"{path}:2"
    assert "5 fields but the header has 2" in failure.reason


@pytest.mark.django_db
def test_csv_missing_and_unknown_columns(tmp_path):
    path = write(tmp_path, "x.csv", "headlnie,body\nA,B\n")

    failure = only_failure(import_files([path]))

    assert failure.location == f"{path}:1"
    assert "missing required column(s) headline, published" in failure.reason
    assert "unknown column(s) 'headlnie'" in failure.reason


@pytest.mark.django_db
def test_malformed_xml_feed_names_the_line_and_imports_nothing(tmp_path):
    feed = (
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>T</title>\n'
        "<item><title>One</title><pubDate>Tue, 11 Apr 2023 08:30:00 GMT</pubDate></item>\n"
        "<item><title>Two & broken</title></item>\n</channel></rss>\n"
    )
    path = write(tmp_path, "broken.rss", feed)

    failure = only_failure(import_files([path]))

    assert failure.location == f"{path}:4"
    assert "malformed XML" in failure.reason
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_feed_item_without_or_with_an_unreadable_date(tmp_path):
    feed = (
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>T</title>\n'
        "<item><title>Dated</title><pubDate>Tue, 11 Apr 2023 08:30:00 GMT</pubDate></item>\n"
        "<item><title>Undated</title></item>\n"
        "<item><title>Nonsense</title><pubDate>the day after tomorrow</pubDate></item>\n"
        "</channel></rss>\n"
    )
    path = write(tmp_path, "dates.rss", feed)

    report = import_files([path])

    assert report.counts[Outcome.CREATED] == 1
    reasons = {item.location: item.reason for item in report.failed}
    assert "no publication date" in reasons[f"{path}:4"]
    assert "'the day after tomorrow' cannot be parsed" in reasons[f"{path}:5"]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"published": "2023-04-10"}, "headline is missing"),
        ({"headline": "No date"}, "published is missing"),
        ({"headline": "Bad date", "published": "31/31/2023"}, "published '31/31/2023' is not"),
    ],
)
@pytest.mark.django_db
def test_missing_fields_and_unparseable_dates_in_jsonl(tmp_path, record, message):
    path = write(tmp_path, "x.jsonl", jsonl(GOOD, record))

    report = import_files([path])

    assert report.counts[Outcome.CREATED] == 1
    failure = only_failure(report)
    assert failure.location == f"{path}:2"
    assert message in failure.reason


@pytest.mark.django_db
def test_unparseable_date_and_empty_headline_in_csv(tmp_path):
    path = write(
        tmp_path, "x.csv", "headline,published\nFine,2023-04-10\nBad,next week\n,2023-04-10\n"
    )

    report = import_files([path])

    reasons = {item.location: item.reason for item in report.failed}
    assert "published 'next week' is not an ISO 8601" in reasons[f"{path}:3"]
    assert "headline is empty" in reasons[f"{path}:4"]
    assert report.counts[Outcome.CREATED] == 1


@pytest.mark.django_db
def test_html_page_without_a_date_or_article(tmp_path):
    undated = write(
        tmp_path,
        "undated.html",
        "<html><head><title>No date here at all</title></head><body><article>"
        + "<p>Plenty of words in a paragraph about nothing in particular today.</p>" * 5
        + "</article></body></html>",
    )
    empty = write(tmp_path, "shell.html", "<html><head><title>T</title></head><body></body></html>")

    report = import_files([undated, empty])

    reasons = {item.location: item.reason for item in report.failed}
    assert "no publication date found" in reasons[str(undated)]
    assert "no article text found" in reasons[str(empty)]


@pytest.mark.django_db
def test_oversized_file_on_the_command_line(tmp_path, settings):
    settings.NEWSARCHIVE = {**settings.NEWSARCHIVE, "IMPORT_MAX_FILE_BYTES": 50}
    big = write(tmp_path, "big.jsonl", jsonl(GOOD))

    failure = only_failure(import_files([big]))

    assert "files may be at most 50" in failure.reason
    assert not Article.objects.exists()


def zip_bytes(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.django_db
def test_zip_bomb_is_not_unpacked(tmp_path):
    bomb = zip_bytes([("bomb.jsonl", b"\n" * (50 * 1024 * 1024)), ("ok.jsonl", jsonl(GOOD))])
    path = write(tmp_path, "bomb.zip", bomb)

    report = import_files([path])

    failure = only_failure(report)
    assert failure.location == f"{path}/bomb.jsonl"
    assert "zip bomb" in failure.reason
    assert report.counts[Outcome.CREATED] == 1


@pytest.mark.django_db
def test_zip_whose_members_exceed_the_total_limit(tmp_path, settings):
    settings.NEWSARCHIVE = {**settings.NEWSARCHIVE, "IMPORT_MAX_ZIP_BYTES": 300}
    line = jsonl(GOOD)
    members = [(f"{n}.jsonl", line.replace("A good", f"Good {n}")) for n in range(6)]
    path = write(tmp_path, "many.zip", zip_bytes(members, zipfile.ZIP_STORED))

    report = import_files([path])

    assert "the zip's content unpacks to more than 300" in report.failed[-1].reason
    assert 0 < report.counts[Outcome.CREATED] < 6


@pytest.mark.parametrize(
    "evil", ["../../etc/passwd.jsonl", "/abs/path.jsonl", "a/../../up.jsonl", "C:/win.jsonl"]
)
@pytest.mark.django_db
def test_path_traversal_in_a_zip_is_refused(tmp_path, evil):
    path = write(
        tmp_path,
        "evil.zip",
        zip_bytes([(evil, jsonl(GOOD)), ("fine.jsonl", jsonl({**GOOD, "headline": "Fine one"}))]),
    )

    report = import_files([path])

    failure = only_failure(report)
    assert "unsafe path in the zip" in failure.reason
    assert Article.objects.get().headline == "Fine one"
    assert not (tmp_path.parent / "etc").exists()


@pytest.mark.django_db
def test_a_file_that_is_not_a_zip_despite_its_name(tmp_path):
    path = write(tmp_path, "fake.zip", b"PK\x03\x04 but then garbage")

    assert "not a readable zip file" in only_failure(import_files([path])).reason


@pytest.mark.django_db
def test_bad_records_leave_nothing_half_imported_and_keep_earlier_ones(tmp_path):
    bad_caption = {**GOOD, "headline": "Half", "captions": [{"text": "ok"}, {"credit": "x"}]}
    path = write(tmp_path, "x.jsonl", jsonl(GOOD, bad_caption))

    report = import_files([path])

    assert "captions[2].text is missing" in only_failure(report).reason
    assert list(Article.objects.values_list("headline", flat=True)) == ["A good record"]
    assert Caption.objects.count() == 0


@pytest.mark.django_db
def test_command_exit_status_names_the_failures(tmp_path, capsys):
    path = write(tmp_path, "bad.csv", "headline\nx\n")

    with pytest.raises(CommandError, match="1 record"):
        call_command("import_articles", str(path), "--no-progress")

    assert f"{path}:1: failed" in capsys.readouterr().out
