"""The one allow-list for HTML that reaches our pages from outside.

Bodies and teasers come from editors, scraped pages and feeds; whatever the
path, they pass through ``sanitize_html`` before they are stored.
"""

import html
import re

import bleach

ALLOWED_TAGS = frozenset(
    {
        "p",
        "a",
        "em",
        "strong",
        "blockquote",
        "ul",
        "ol",
        "li",
        "h2",
        "h3",
        "h4",
        "figure",
        "figcaption",
        "br",
    }
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Elements whose *content* is never text for a reader: drop them whole
# rather than letting bleach turn their code into visible words.
_DROP_WITH_CONTENT = re.compile(
    r"<(script|style|template|noscript|iframe|object|embed|svg|math)\b.*?(</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)
_LOOKS_LIKE_HTML = re.compile(r"</?[a-zA-Z][\w:-]*(\s[^<>]*)?/?>")
_BLANK_LINES = re.compile(r"\n\s*\n")
# Paragraphs of plain text, as ``text_to_html`` and our exports write them.
# Bleach would return them unchanged: no other tag, no attribute, no
# character it escapes (< > and a bare &) or rewrites (\r, entities other
# than these three). Parsing them cost most of a JSONL import's time.
_PLAIN_PARAGRAPHS = re.compile(r"[ \t\n]*(?:<p>(?:[^<>&\r]|&(?:amp|lt|gt);|<br>)*+</p>[ \t\n]*+)+")
# C0 controls other than tab, newline and carriage return, and DEL: no reader
# needs them, bleach turns them into "?" (so a second pass would differ), and
# XML 1.0 (our feeds) cannot carry them at all.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


def without_control_chars(text):
    """``text`` without the control characters no page, feed or reader wants."""
    return _CONTROL_CHARS.sub("", text) if text else text


def feed_description(text):
    """Plain text as a feed's description or summary must carry it.

    Readers render RSS descriptions and Atom ``type="html"`` summaries as
    HTML, so text that quotes markup ("<img onerror=…>" in an article about
    attacks, or a payload) would become markup there: it is HTML-escaped
    here, and the feed's XML escapes it once more.
    """
    return html.escape(without_control_chars(text) or "", quote=False)


def text_to_html(text):
    """Plain text with blank-line-separated paragraphs becomes ``<p>`` blocks."""
    paragraphs = [p.strip() for p in _BLANK_LINES.split(text.replace("\r\n", "\n"))]
    return "".join(
        "<p>{}</p>".format(html.escape(p, quote=False).replace("\n", "<br>"))
        for p in paragraphs
        if p
    )


class Sanitized(str):
    """Markup exactly as ``sanitize_html`` returned it.

    Sanitizing is idempotent, so a value still carrying this type needs no
    second pass when it is saved: an import cleans each body while checking
    the record, and the field would otherwise clean it again (bleach's
    parse is most of a record's cost). Any change to the string (slicing,
    joining, an editor's edit) gives a plain ``str``, which is cleaned.
    """

    __slots__ = ()


def sanitize_html(value):
    """Return markup limited to the news allow-list; plain text becomes paragraphs.

    Idempotent: sanitizing the output again returns it unchanged.
    """
    if isinstance(value, Sanitized):
        return value
    if not value:
        return Sanitized("")
    value = without_control_chars(value)
    if not _LOOKS_LIKE_HTML.search(value):
        return Sanitized(text_to_html(value))
    if _PLAIN_PARAGRAPHS.fullmatch(value):
        return Sanitized(value.strip())
    return Sanitized(_bleached(value))


def _bleached(value):
    value = _DROP_WITH_CONTENT.sub("", value)
    cleaned = _cleaner.clean(value).strip()
    if cleaned and not _LOOKS_LIKE_HTML.search(cleaned):
        # Only text survived; keep it marked up so a second pass reads it
        # as HTML again (idempotence) instead of as plain text to escape.
        cleaned = f"<p>{cleaned}</p>"
    return cleaned


def strip_tags(value):
    """Visible text of any markup, paragraphs separated by blank lines."""
    if not value:
        return ""
    value = re.sub(r"(?i)</(p|h[2-4]|li|blockquote|figure|figcaption)>|<br\s*/?>", "\n\n", value)
    text = bleach.clean(value, tags=set(), strip=True)
    text = html.unescape(text)
    return _BLANK_LINES.sub("\n\n", text).strip()


# A tag as ``sanitize_html`` writes it: attribute values always double-quoted,
# so a ">" inside one does not end the tag.
_SANITIZED_TAG = re.compile(r'<(?:[^>"]|"[^"]*")*>')
_BLOCK_END = re.compile(r"(?i)</(p|h[2-4]|li|blockquote|figure|figcaption)>|<br\s*/?>")


def sanitized_text(value):
    """``strip_tags`` for markup ``sanitize_html`` wrote (what the database stores).

    That markup is well formed (no comments, scripts or unquoted attributes),
    so a pattern finds its tags: 20 times faster than parsing it again, which
    matters for every snippet on a results page and every document indexed.
    Text from outside goes through ``strip_tags``.
    """
    if not value:
        return ""
    text = _SANITIZED_TAG.sub("", _BLOCK_END.sub("\n\n", value))
    return _BLANK_LINES.sub("\n\n", html.unescape(text)).strip()
