"""Each format through the one importer: saved HTML, RSS, Atom, CSV, zip, and detection."""

import io
import zipfile

import pytest
from django.core.management import call_command

from articles.ingest.detect import detect_format, records_from_bytes
from articles.ingest.importer import Outcome, import_files
from articles.models import Article
from articles.tests.shared_data import require
from articles.tests.test_page_format import FIXTURES

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test wire</title><link>https://wire.example.org/</link>
<description>Wire</description>
<item>
  <title>Port reopens after storm</title>
  <link>https://wire.example.org/port-reopens</link>
  <pubDate>Tue, 11 Apr 2023 08:30:00 +0500</pubDate>
  <author>desk@wire.example.org (Wire Desk)</author>
  <category>Business</category>
  <description>&lt;p&gt;KARACHI: The port reopened on Tuesday.&lt;/p&gt;
    &lt;p&gt;Ships queued.&lt;/p&gt;</description>
</item>
<item>
  <title>Second item</title>
  <link>https://wire.example.org/second</link>
  <pubDate>Wed, 12 Apr 2023 09:00:00 GMT</pubDate>
  <description>Plain words about Nepal.</description>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom test</title><id>urn:test</id><updated>2023-04-12T10:00:00Z</updated>
  <entry>
    <title>Atom entry headline</title>
    <id>urn:test:1</id>
    <link href="https://atom.example.org/entry-1"/>
    <published>2023-04-12T10:00:00Z</published>
    <updated>2023-04-13T11:00:00Z</updated>
    <author><name>Sara Ali</name></author>
    <summary>Short summary.</summary>
    <content type="html">&lt;p&gt;Full text from Kabul.&lt;/p&gt;
      &lt;script&gt;x()&lt;/script&gt;</content>
  </entry>
</feed>
"""

CSV = (
    "headline,published,body,url,section,byline,topics,countries,caption,caption_credit\n"
    'Wheat harvest begins,2023-04-10,"First paragraph.\n\nSecond, with a comma.",'
    "https://csv.example.org/wheat,Business,Staff,Farming;Food,PK|India,"
    "Farmers at work,AFP\n"
    'Rain delays flights,"April 11, 2023",Flights were delayed.,,,,,,,\n'
)


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.html", b"<!DOCTYPE html><html></html>", "html"),
        ("no-extension", b"<html><body>x</body></html>", "html"),
        ("feed.xml", RSS.encode(), "feed"),
        ("feed.bin", ATOM.encode(), "feed"),
        ("rows.txt", CSV.encode(), "csv"),
        ("rows.csv", b"title;x\n", "csv"),
        ("a.zip", b"PK\x03\x04rest", "zip"),
        ("data.txt", b'{"headline": "x"}\n', "jsonl"),
        ("page.txt", b"Headline\nPublished November 21, 2014\n", "page"),
        ("xhtml.xml", b'<?xml version="1.0"?>\n<html xmlns="x"></html>', "html"),
    ],
)
def test_format_detection(name, data, expected):
    assert detect_format(name, data) == expected


@pytest.mark.django_db
def test_saved_html_page_with_caption_dateline_and_metadata():
    report = import_files([FIXTURES / "saved_page.html"])

    assert [o.outcome for o in report.outcomes] == [Outcome.CREATED]
    article = Article.objects.get()
    assert article.headline == "Dam inspection finds cracks in spillway"
    assert article.byline == "Amina Khan"
    assert article.source == "The Daily Test"
    assert article.section == "Pakistan"
    assert article.dateline == "ISLAMABAD"
    assert article.url == "https://daily.example.org/news/2023/04/dam-inspection"
    assert article.published.isoformat() == "2023-04-11T03:30:00+00:00"
    assert article.updated.isoformat() == "2023-04-11T09:05:00+00:00"
    assert article.body.startswith("<p>ISLAMABAD: Engineers inspecting the Tarbela dam")
    assert "Most read" not in article.body and "All rights reserved" not in article.body
    assert [(c.text, c.credit) for c in article.captions.all()] == [
        ("Engineers walk along the spillway of the dam on Monday.", "AFP")
    ]
    assert "PK" in set(article.countries.values_list("code", flat=True))


@pytest.mark.django_db
def test_non_english_html_keeps_its_text(tmp_path):
    body = "".join(
        f"<p>وزیر اعظم نے پیر کے روز کہا کہ حکومت نئے ڈیم کی تعمیر شروع کرے گی۔ پیراگراف {n}</p>"
        for n in range(5)
    )
    page = (
        '<html lang="ur"><head><meta charset="utf-8"><title>نیا ڈیم بنے گا</title>'
        '<meta property="article:published_time" content="2023-05-01T10:00:00+05:00">'
        f"</head><body><article><h1>نیا ڈیم بنے گا</h1>{body}</article></body></html>"
    )
    import_files([write(tmp_path, "urdu.html", page)])

    article = Article.objects.get()
    assert article.headline == "نیا ڈیم بنے گا"
    assert "وزیر اعظم نے پیر کے روز کہا" in article.body


@pytest.mark.django_db
def test_html_in_a_declared_legacy_charset(tmp_path):
    text = "<p>Le café de la gare a rouvert ses portes après les travaux.</p>" * 4
    page = (
        '<html><head><meta charset="iso-8859-1"><title>Café rouvert à Genève</title>'
        '<meta property="article:published_time" content="2023-05-01T10:00:00+02:00">'
        f"</head><body><article><h1>Café rouvert à Genève</h1>{text}</article></body></html>"
    )
    import_files([write(tmp_path, "fr.html", page.encode("latin-1"))])

    article = Article.objects.get()
    assert article.headline == "Café rouvert à Genève"
    assert "Le café de la gare a rouvert ses portes après les travaux." in article.body


@pytest.mark.django_db
def test_rss_items_become_articles(tmp_path):
    path = write(tmp_path, "wire.rss", RSS)

    report = import_files([path])

    assert report.counts[Outcome.CREATED] == 2
    port = Article.objects.get(url="https://wire.example.org/port-reopens")
    assert port.published.isoformat() == "2023-04-11T03:30:00+00:00"
    assert " ".join(port.body.split()) == (
        "<p>KARACHI: The port reopened on Tuesday.</p> <p>Ships queued.</p>"
    )
    assert port.section == "Business"
    assert "PK" in set(port.countries.values_list("code", flat=True))
    # Locations name the line where each item starts.
    assert [o.location for o in report.outcomes] == [f"{path}:4", f"{path}:13"]
    assert import_files([path]).counts[Outcome.DUPLICATE] == 2


@pytest.mark.django_db
def test_atom_entry_with_content_summary_and_update(tmp_path):
    import_files([write(tmp_path, "a.atom", ATOM)])

    article = Article.objects.get()
    assert article.headline == "Atom entry headline"
    assert article.byline == "Sara Ali"
    assert article.summary == "Short summary."
    assert article.body.strip() == "<p>Full text from Kabul.</p>"
    assert article.updated.isoformat() == "2023-04-13T11:00:00+00:00"


@pytest.mark.django_db
def test_csv_rows_with_documented_columns(tmp_path):
    path = write(tmp_path, "rows.csv", CSV)

    report = import_files([path])

    assert report.counts[Outcome.CREATED] == 2
    # The first row spans three lines; the second starts on line 5.
    assert [o.location for o in report.outcomes] == [f"{path}:2", f"{path}:5"]
    wheat = Article.objects.get(url="https://csv.example.org/wheat")
    assert wheat.body == "<p>First paragraph.</p><p>Second, with a comma.</p>"
    assert wheat.section == "Business"
    assert set(wheat.topics.values_list("slug", flat=True)) >= {"farming", "food"}
    assert {"PK", "IN"} <= set(wheat.countries.values_list("code", flat=True))
    assert [(c.text, c.credit) for c in wheat.captions.all()] == [("Farmers at work", "AFP")]
    rain = Article.objects.get(headline="Rain delays flights")
    assert rain.published.isoformat() == "2023-04-10T19:00:00+00:00"


def zip_of(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.django_db
def test_zip_of_mixed_formats(tmp_path):
    data = zip_of(
        {
            "pages/coastal.txt": (FIXTURES / "coastal_page.txt").read_bytes(),
            "pages/saved.html": (FIXTURES / "saved_page.html").read_bytes(),
            "feed.xml": RSS,
            "rows.csv": CSV,
            "__MACOSX/._rows.csv": b"\x00\x05junk",
            ".DS_Store": b"\x00\x00",
        }
    )
    path = write(tmp_path, "bundle.zip", data)

    report = import_files([path])

    assert report.counts[Outcome.CREATED] == 6, report.summary()
    assert not report.failed
    assert f"{path}/pages/saved.html" in {o.location for o in report.outcomes}
    assert f"{path}/rows.csv:2" in {o.location for o in report.outcomes}


@pytest.mark.django_db
def test_command_imports_every_format_in_one_run(tmp_path, capsys):
    paths = [
        FIXTURES / "saved_page.html",
        write(tmp_path, "w.rss", RSS),
        write(tmp_path, "r.csv", CSV),
        write(tmp_path, "z.zip", zip_of({"a.atom": ATOM})),
    ]

    call_command("import_articles", *map(str, paths))

    captured = capsys.readouterr()
    assert "Total: 6 created, 0 updated, 0 skipped as duplicate, 0 failed" in captured.out
    assert "6/6 records" in captured.err  # the progress bar
    assert Article.objects.count() == 6


def test_record_locations_from_bytes_never_raise_on_garbage():
    pairs = list(records_from_bytes("x.csv", b"headline,published\n\xff\xfe\x00\x01", "csv"))

    assert pairs and all(location.startswith("x.csv") for location, _ in pairs)


@pytest.mark.django_db
def test_real_saved_pages_import_with_text_intact():
    folder = require("corpora/html-article-fixtures/newspaper4k")
    paths = [folder / "html" / f"{name}.html" for name in ("japanese_article2", "time_001")]

    report = import_files(paths)

    assert report.counts[Outcome.CREATED] == 2, report.summary()
    japanese = Article.objects.get(url__contains="afpbb")
    expected = (folder / "txt" / "japanese_article2.txt").read_text(encoding="utf-8")
    first_sentence = expected.strip().split("。")[0]
    assert first_sentence[:20] in japanese.body_text()
