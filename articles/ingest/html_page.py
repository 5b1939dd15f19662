"""Reading a saved HTML news page into a record of the JSONL schema.

trafilatura finds the article body and the page's metadata (title, author,
dates, categories); it was chosen on ``bench/extraction_bench.py`` (body
word-level F1 over the Zyte benchmark pages, metadata exact-match on the
readability and newspaper4k fixtures).  It drops photo captions and knows
nothing of datelines, so those two are ours: captions from
``figure``/``figcaption`` and from image alt text, split into text and credit
the way the page format does; the dateline from the body's first paragraph.
"""

import re
from datetime import datetime, time

import trafilatura
from lxml import html as lxml_html

from articles.ingest.dates import page_zone
from articles.ingest.page_format import split_credit

_MAX_CAPTIONS = 20
# "ISLAMABAD:", "LONDON (Reuters) -", "WASHINGTON, Nov 3 (AP) —", "KABUL/ISLAMABAD:".
_DATELINE = re.compile(
    r"^(?P<dateline>[A-Z][A-Z .'’/&-]{1,60}[A-Z])"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"(?:\s*\((?:[A-Za-z .&-]{2,40})\))?"
    r"\s*(?::|[-–—]{1,2})\s+\S"
)
# Credits printed after the caption: "(Photo: AFP)", "Photo: Getty Images", "| Reuters".
_CREDIT_TAIL = re.compile(
    r"\s*(?:\((?:photo|image|picture)\s*(?:credit)?\s*:?\s*(?P<a>[^)]{2,60})\)"
    r"|(?:photo|image|picture)\s*(?:credit)?\s*:\s*(?P<b>[^.]{2,60})"
    r"|\|\s*(?P<c>[^|]{2,60}))\s*$",
    re.IGNORECASE,
)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_BYLINE_LINE = re.compile(r"by\s+[^.]{2,80}", re.IGNORECASE)


class HtmlError(ValueError):
    """The page holds no article we can find."""


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)


def _tree(html_text):
    # lxml refuses a str that still declares its byte encoding (XHTML pages).
    return lxml_html.fromstring(_XML_DECLARATION.sub("", html_text, count=1))


def _parse_date(value):
    """An aware datetime from trafilatura's ``YYYY-MM-DD`` (or a fuller ISO string)."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        if not _ISO_DAY.fullmatch(value[:10]):
            return None
        try:
            parsed = datetime.fromisoformat(value[:10])
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = datetime.combine(parsed.date(), parsed.time() or time(0), tzinfo=page_zone())
    return parsed


def _meta_datetime(tree, *names):
    """The first full ISO date-time among the named meta properties (it carries the time)."""
    for name in names:
        for node in tree.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content'):
            when = _parse_date(node)
            if when and "T" in node:
                return when
    return None


def _split_caption(text):
    text = " ".join(text.split())
    if not text:
        return None
    text, credit = split_credit(text)
    if not credit:
        match = _CREDIT_TAIL.search(text)
        if match:
            credit = (match.group("a") or match.group("b") or match.group("c")).strip()
            text = text[: match.start()].strip()
    return {"text": text, "credit": credit or None, "photo_date": None} if text else None


def _captions(tree):
    """Captions from figcaptions first, then from descriptive image alt text."""
    seen, captions = set(), []

    def add(raw):
        caption = _split_caption(raw)
        if caption:
            # Alt text and figcaption repeat each other, give or take a full stop.
            key = caption["text"].casefold().rstrip(" .")
            if key not in seen:
                seen.add(key)
                captions.append(caption)

    for node in tree.xpath("//figure//figcaption | //*[contains(@class, 'caption')]"):
        if node.tag in ("figcaption", "p", "span", "div"):
            add(node.text_content())
    for alt in tree.xpath("//article//img/@alt | //figure//img/@alt"):
        # Short alt text is a label ("logo", "photo"), not a caption.
        if len(alt.split()) >= 5:
            add(alt)
    return captions[:_MAX_CAPTIONS]


_TITLE_SEPARATORS = re.compile(r"\s+(?:\||»|::|–|—|-)\s+")
# Bylines made of the site's name or of a login box are not a person.
_NOT_BYLINES = frozenset({"username", "staff", "admin"})


def _headline(extracted, tree):
    """The title without the site's name around it ("… | CNN Politics", "Site | …")."""
    title = " ".join((extracted.get("title") or "").split())
    for h1 in tree.xpath("//h1"):
        text = " ".join(h1.text_content().split())
        if len(text.split()) >= 3 and text.casefold() in title.casefold():
            return text
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        longest = max(parts, key=len)
        if len(longest.split()) >= 3:
            return longest
    return title


_BY = re.compile(r"^by\s+", re.IGNORECASE)
_BYLINE_XPATH = (
    '//meta[@name="author"]/@content | //*[@rel="author"] | //*[@itemprop="author"]'
    ' | //*[contains(@class, "byline")]'
)


def _page_byline(tree):
    """The page's own byline markup, when the extractor found no author."""
    for node in tree.xpath(_BYLINE_XPATH):
        text = node if isinstance(node, str) else node.text_content()
        text = _BY.sub("", " ".join(text.split()))
        # Longer text is a box that holds the byline, not the byline itself.
        if text and len(text) <= 80 and not text.startswith(("http://", "https://")):
            return text
    return ""


def _byline(extracted, tree):
    sitename = (extracted.get("sitename") or "").casefold()

    def names(text):
        return [
            name.strip()
            for name in text.split(";")
            if name.strip() and name.strip().casefold() not in _NOT_BYLINES | {sitename}
        ]

    found = names(extracted.get("author") or "") or names(_page_byline(tree))
    return ", ".join(found)[:200] or None


def find_dateline(first_paragraph):
    match = _DATELINE.match(first_paragraph or "")
    return match.group("dateline").strip() if match else None


def extract(html_text, url=None):
    """trafilatura's reading of the page: a dict of text and metadata, or None."""
    document = trafilatura.bare_extraction(
        html_text,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        # Measured on the Zyte pages: precision mode has the best body F1 (0.965
        # against 0.959 for the default and for recall mode).
        favor_precision=True,
    )
    if document is None:
        return None
    return document.as_dict() if hasattr(document, "as_dict") else dict(document)


def body_paragraphs(extracted):
    text = (extracted or {}).get("text") or ""
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _own_paragraphs(extracted, headline):
    paragraphs = body_paragraphs(extracted)
    # The extractor keeps the page's h1 and byline line; the record holds them apart.
    while paragraphs and (
        paragraphs[0].casefold() == headline.casefold() or _BYLINE_LINE.fullmatch(paragraphs[0])
    ):
        paragraphs.pop(0)
    return paragraphs


def stored_body_text(html_text):
    """The body text the importer would store for this page (for the benchmark)."""
    extracted = extract(html_text)
    if not extracted:
        return ""
    tree = _tree(html_text)
    return "\n\n".join(_own_paragraphs(extracted, _headline(extracted, tree)))


def parse_html_page(html_text, name=""):
    """One saved page (str) as a JSONL-schema record. Raises ``HtmlError``."""
    try:
        tree = _tree(html_text)
    except (ValueError, lxml_html.etree.ParserError) as error:
        raise HtmlError(f"not readable as HTML: {error}") from None
    extracted = extract(html_text)
    if not extracted:
        raise HtmlError("no article text found in the page")
    headline = _headline(extracted, tree)
    if not headline:
        raise HtmlError("the page has no title")
    paragraphs = _own_paragraphs(extracted, headline)
    if not paragraphs:
        raise HtmlError("no article text found in the page")
    published = _meta_datetime(
        tree, "article:published_time", "datePublished", "pubdate", "og:published_time"
    ) or _parse_date(extracted.get("date"))
    if published is None:
        raise HtmlError("no publication date found in the page (meta tags or visible text)")
    updated = _meta_datetime(tree, "article:modified_time", "dateModified", "og:updated_time")
    if updated and updated <= published:
        updated = None
    section = (extracted.get("categories") or [None])[0]
    if isinstance(section, str):
        section = section.strip()[:100] or None
    return {
        "headline": headline[:500],
        "published": published.isoformat(),
        "updated": updated.isoformat() if updated else None,
        "url": _usable_url(extracted.get("url")),
        "source": (extracted.get("sitename") or None) and extracted["sitename"][:200],
        "section": section,
        "dateline": (find_dateline(paragraphs[0]) or None),
        "byline": _byline(extracted, tree),
        "summary": None,
        "body_text": "\n\n".join(paragraphs),
        "captions": _captions(tree),
        "also_read": [],
        "editorials": [],
        "topics": [],
        "countries": [],
    }


def _usable_url(url):
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None
