"""Reading a scraped news page (plain text, as saved from the browser) into a record.

The page's shape, top to bottom: headline; ``Published <date>`` and maybe an
``Updated <date>`` line; photo captions (often twice: alt text and
figcaption) ending ``—CREDIT``; body paragraphs, the first opening with a
``DATELINE:``, with ``Also read: <title>`` links and more captions among
them; then an ``Opinion`` / ``Editorial`` sidebar of blocks (title, date,
title again, teaser).  Any part but the headline and date may be missing.
"""

import re
from dataclasses import dataclass

from articles.ingest.dates import (
    PRINTED_DATE,
    find_printed_date,
    parse_printed_date,
    parse_printed_datetime,
)


class ParseError(ValueError):
    """The page has no recognisable headline or date; ``line`` says where we gave up."""

    def __init__(self, message, line=None):
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass(frozen=True)
class _Line:
    number: int
    text: str


_PUBLISHED = re.compile(r"published\s*:?\s*(?P<rest>.*)", re.IGNORECASE)
_UPDATED = re.compile(r"(?:last\s+)?updated\s*:?\s*(?P<rest>.*)", re.IGNORECASE)
_BYLINE = re.compile(r"by\s+\S.*", re.IGNORECASE)
_ALSO_READ = re.compile(r"also\s+read\s*:\s*(?P<title>.+)", re.IGNORECASE)
_TRAILING_URL = re.compile(r"\s*[(<]?(?P<url>https?://[^\s)>]+)[)>]?$")
# A credit is short and names an agency or photographer: "—AFP", "— Reuters/File".
_CREDIT = re.compile(r"(?P<text>.*\S)\s*[—–]\s*(?P<credit>[A-Z0-9][^—–]{0,59})")
_PHOTO_LEAD = re.compile(r"(?:a\s+)?(?:file\s+)?photo\b", re.IGNORECASE)
_PHOTO_DATED = re.compile(
    r"(?:a\s+)?(?:file\s+)?photo\s+(?:from|dated|taken\s+on)\s", re.IGNORECASE
)
# "ISLAMABAD:", "KABUL/ISLAMABAD:", "LAHORE, Nov 21:" at the start of the first paragraph.
_DATELINE = re.compile(
    r"(?P<dateline>[A-Z][A-Z .'’/&-]*[A-Z])"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*:\s+(?P<rest>\S.*)",
    re.DOTALL,
)
_SIDEBAR_HEADINGS = frozenset({"opinion", "editorial", "editorials", "opinions"})
_SIDEBAR_DATE = re.compile(r"(?P<updated>updated\s+)?(?P<date>.+)", re.IGNORECASE)
_MAX_CAPTION_LENGTH = 600


def _normalise(text):
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        # Scraped text is full of no-break and zero-width spaces around words.
        cleaned = raw.replace("\u00a0", " ").replace("\u200b", "").strip()
        lines.append(_Line(number, " ".join(cleaned.split())))
    return lines


def _same_text(a, b):
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _sidebar_date(text):
    """(date, was it "Updated") for a sidebar date line, else None."""
    match = _SIDEBAR_DATE.fullmatch(text)
    day = parse_printed_date(match.group("date")) if match else None
    return (day, bool(match.group("updated"))) if day else None


def _find_header(lines):
    content = [line for line in lines if line.text]
    if not content:
        raise ParseError("the page is empty: no headline or date", 1)
    first = content[0]
    if _PUBLISHED.fullmatch(first.text) and PRINTED_DATE.match(
        _PUBLISHED.fullmatch(first.text).group("rest")
    ):
        raise ParseError("no headline before the “Published” line", first.number)
    for position, line in enumerate(content[1:], start=1):
        match = _PUBLISHED.fullmatch(line.text)
        if match:
            return content, position, match
    raise ParseError("no “Published <date>” line found after the headline", first.number)


def _published(match, line):
    rest = match.group("rest")
    date_match = PRINTED_DATE.match(rest)
    when = parse_printed_datetime(date_match.group(0)) if date_match else None
    if when is None:
        raise ParseError(f"cannot read the date in {line.text!r}", line.number)
    return when


def _split_sidebar(lines):
    """Index in ``lines`` where the Opinion/Editorial sidebar starts (len(lines) if none)."""
    for index, line in enumerate(lines):
        if line.text.casefold() not in _SIDEBAR_HEADINGS:
            continue
        following = [later for later in lines[index + 1 :] if later.text][:6]
        if any(_sidebar_date(later.text) for later in following):
            return index
    return len(lines)


def _caption(text):
    """(caption text, credit) if this line is a photo caption, else None."""
    if len(text) > _MAX_CAPTION_LENGTH or _DATELINE.fullmatch(text):
        return None
    match = _CREDIT.fullmatch(text)
    if match:
        credit = match.group("credit").strip()
        if len(credit.split()) <= 6 and not credit.endswith((".", ",", ";", ":", "?", "!")):
            return match.group("text").strip(), credit
    if _PHOTO_LEAD.match(text):
        return text, None
    return None


def split_credit(text):
    """(text, credit) for a caption ending "—AFP"; (text, None) when it names no credit."""
    match = _CREDIT.fullmatch(text)
    if match:
        credit = match.group("credit").strip()
        if len(credit.split()) <= 6 and not credit.endswith((".", ",", ";", ":", "?", "!")):
            return match.group("text").strip(), credit
    return text, None


def _add_caption(captions, text, credit):
    for existing in captions:
        if _same_text(existing["text"], text):
            # Alt text and figcaption repeat each other; one may lack the credit.
            existing["credit"] = existing["credit"] or credit
            return
    photo_date = find_printed_date(text[:80]) if _PHOTO_DATED.match(text) else None
    captions.append(
        {
            "text": text,
            "credit": credit,
            "photo_date": photo_date.isoformat() if photo_date else None,
        }
    )


def _also_read(title):
    url = None
    match = _TRAILING_URL.search(title)
    if match:
        url = match.group("url")
        title = title[: match.start()].strip()
    return {"title": title, "url": url}


def _read_body(lines):
    paragraphs, captions, links = [], [], []
    current = []

    def end_paragraph():
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for line in lines:
        if not line.text:
            end_paragraph()
            continue
        also_read = _ALSO_READ.fullmatch(line.text)
        caption = None if also_read else _caption(line.text)
        if also_read:
            end_paragraph()
            links.append(_also_read(also_read.group("title")))
        elif caption:
            end_paragraph()
            _add_caption(captions, *caption)
        else:
            current.append(line.text)
    end_paragraph()
    return paragraphs, captions, links


def _read_sidebar(lines):
    content = [line for line in lines if line.text]
    while content and content[0].text.casefold() in _SIDEBAR_HEADINGS:
        content.pop(0)
    dated = [i for i, line in enumerate(content) if i > 0 and _sidebar_date(line.text)]
    editorials = []
    for n, i in enumerate(dated):
        title = content[i - 1].text
        day, updated = _sidebar_date(content[i].text)
        # The teaser runs up to the line before the next block's date (its title).
        end = dated[n + 1] - 1 if n + 1 < len(dated) else len(content)
        teaser_lines = [line.text for line in content[i + 1 : end]]
        if teaser_lines and _same_text(teaser_lines[0], title):
            teaser_lines.pop(0)
        editorials.append(
            {
                "title": title,
                "date": day.isoformat(),
                "updated": updated,
                "teaser": " ".join(teaser_lines) or None,
                "url": None,
            }
        )
    return editorials


def parse_page(text):
    """Read one scraped page (str or bytes) into a record of the JSONL schema.

    Raises ``ParseError`` (with a line number) when no headline or no
    publication date can be found.
    """
    lines = _normalise(text)
    content, published_at, published_match = _find_header(lines)
    headline_line, published_line = content[0], content[published_at]
    published = _published(published_match, published_line)

    byline, standfirst = None, []
    for line in content[1:published_at]:
        if byline is None and _BYLINE.fullmatch(line.text):
            byline = line.text[3:].strip()
        else:
            standfirst.append(line.text)

    rest = lines[published_line.number :]
    updated = None
    first = next((line for line in rest if line.text), None)
    if first:
        match = _UPDATED.fullmatch(first.text)
        date_match = PRINTED_DATE.match(match.group("rest")) if match else None
        if date_match:
            updated = parse_printed_datetime(date_match.group(0))
            rest = lines[first.number :]

    sidebar_at = _split_sidebar(rest)
    paragraphs, captions, links = _read_body(rest[:sidebar_at])
    dateline = None
    if paragraphs:
        match = _DATELINE.fullmatch(paragraphs[0])
        if match:
            dateline = match.group("dateline").strip()
            paragraphs[0] = match.group("rest")

    return {
        "headline": headline_line.text,
        "published": published.isoformat(),
        "updated": updated.isoformat() if updated else None,
        "url": None,
        "source": None,
        "section": None,
        "dateline": dateline,
        "byline": byline,
        "summary": " ".join(standfirst) or None,
        "body_text": "\n\n".join(paragraphs),
        "captions": captions,
        "also_read": links,
        "editorials": _read_sidebar(rest[sidebar_at:]),
        "topics": [],
        "countries": [],
    }
