import html
from html.parser import HTMLParser

import pytest

from articles.sanitize import (
    _LOOKS_LIKE_HTML,
    _PLAIN_PARAGRAPHS,
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    Sanitized,
    _bleached,
    sanitize_html,
    sanitized_text,
    strip_tags,
    text_to_html,
    without_control_chars,
)
from articles.tests import factories as f
from articles.tests.shared_data import require


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def markup_of(html):
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.tags


def assert_inert(html):
    for tag, attrs in markup_of(html):
        assert tag in ALLOWED_TAGS, (tag, html)
        assert set(attrs) <= set(ALLOWED_ATTRIBUTES.get(tag, ())), (tag, attrs)
        href = (attrs.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:")), href


@pytest.mark.parametrize(
    "dirty, forbidden",
    [
        ("<p>Hi</p><script>alert(1)</script>", "alert"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert"),
        ("<style>body{display:none}</style><p>text</p>", "display"),
        ('<p onclick="steal()">tap</p>', "onclick"),
        ('<iframe src="https://evil.example"></iframe>', "iframe"),
        ("<svg><script>alert(1)</script></svg>", "alert"),
    ],
)
def test_hostile_markup_is_removed(dirty, forbidden):
    clean = sanitize_html(dirty)
    assert forbidden.lower() not in clean.lower()
    assert_inert(clean)


def test_news_markup_survives():
    html = (
        '<h2>Sub</h2><p>A <a href="https://example.org/x">link</a>, <em>em</em>, '
        "<strong>strong</strong></p><blockquote>quote</blockquote><ul><li>one</li></ul>"
        "<figure><figcaption>cap</figcaption></figure><p>line<br>break</p>"
    )
    assert sanitize_html(html) == html


def test_plain_text_becomes_paragraphs():
    assert sanitize_html("First para.\n\nSecond & last.\r\n\r\n") == (
        "<p>First para.</p><p>Second &amp; last.</p>"
    )


def test_strip_tags_gives_readable_text():
    assert strip_tags("<p>One &amp; two</p><p>Three</p>") == "One & two\n\nThree"


def test_sanitizing_on_every_save_path(db):
    article = f.article(body='<p onmouseover="x()">ok</p><script>bad()</script>')
    assert article.body == "<p>ok</p>"
    article.refresh_from_db()
    assert article.body == "<p>ok</p>"
    editorial = f.editorial(teaser='<a href="javascript:alert(1)">read</a>')
    assert "javascript" not in editorial.teaser


def test_sanitized_markup_is_not_cleaned_again_but_any_change_to_it_is(db):
    once = sanitize_html('<p title="x">Kept <em>words</em></p><img src=x onerror=alert(1)>')
    assert isinstance(once, Sanitized)
    assert sanitize_html(once) is once
    assert sanitize_html(str(once)) == once
    edited = once + '<img src=x onerror="alert(2)">'
    assert type(edited) is str
    assert sanitize_html(edited) == once
    # The field keeps a marked body as it is and cleans an edited one.
    article = f.article(body=once)
    assert article.body is once
    article.body = article.body.replace("Kept", "<script>x()</script>Kept")
    article.save()
    article.refresh_from_db()
    assert article.body == "<p>Kept <em>words</em></p>"


def test_bleach_regression_vectors_stay_inert():
    folder = require("corpora/xss/bleach-tests-data")
    cases = sorted(folder.glob("*.test"))
    assert len(cases) == 20
    for case in cases:
        dirty = case.read_text(encoding="utf-8").split("\n--\n")[0]
        assert_inert(sanitize_html(dirty))


def test_payload_list_is_inert_and_idempotent():
    lines = require("corpora/xss/payloadbox/xss-payload-list.txt").read_text("utf-8").splitlines()
    assert len(lines) > 6000
    for line in lines:
        once = sanitize_html(line)
        assert_inert(once)
        assert sanitize_html(str(once)) == once, line


def test_sanitized_text_reads_stored_markup_as_strip_tags_does():
    payloads = require("corpora/xss/payloadbox/xss-payload-list.txt").read_text("utf-8")
    naughty = require("corpora/naughty/blns.txt").read_text("utf-8")
    samples = [
        '<p>Talks &amp; <a href="https://x.test/?a=1&amp;b=2" title="a > b">truce</a></p>'
        "<ul><li>one</li><li>two<br>lines</li></ul><h2>Aid</h2><blockquote>“Now”</blockquote>",
        *payloads.splitlines(),
        *naughty.splitlines(),
    ]
    differ = []
    for dirty in samples:
        stored = sanitize_html(dirty)
        if sanitized_text(stored) != strip_tags(stored):
            differ.append(dirty)
    assert not differ, differ[:5]
    assert sanitized_text(sanitize_html(samples[0])).startswith("Talks & truce\n\none")


def _bleach_every_time(value):
    """``sanitize_html`` without its shortcut for plain paragraphs."""
    value = without_control_chars(value)
    if not _LOOKS_LIKE_HTML.search(value):
        return text_to_html(value)
    return _bleached(value)


def test_plain_paragraphs_are_kept_exactly_as_bleach_would_keep_them():
    payloads = require("corpora/xss/payloadbox/xss-payload-list.txt").read_text("utf-8")
    naughty = require("corpora/naughty/blns.txt").read_text("utf-8")
    strings = [
        "Rain &amp; wind",
        "a < b &lt; c &gt; d",
        "&quot;quoted&quot; &nbsp; &#60;",
        "line\r\nbreak",
        "  spaced  \n\n  out  ",
        *payloads.splitlines(),
        *naughty.splitlines(),
    ]
    shapes = [
        "<p>{}</p>",
        "<p>{}</p>\n\n<p>{}</p>",
        "  <p>{}<br>{}</p> ",
        "<p>{}</p><p></p>",
        "<p>{}</p>{}",
    ]
    differ, shortcut = [], 0
    for text in strings:
        for raw in (text, html.escape(text, quote=False), text_to_html(text)):
            for shape in shapes:
                dirty = shape.format(raw, raw)
                # Anything else takes the same path either way.
                if _PLAIN_PARAGRAPHS.fullmatch(without_control_chars(dirty)):
                    shortcut += 1
                    if sanitize_html(dirty) != _bleach_every_time(dirty):
                        differ.append(dirty)
    assert not differ, differ[:5]
    assert shortcut > 20_000
