"""Ready-made citations of an article in the styles researchers ask for most.

The styles are approximations of APA (7th ed.), Chicago (notes-bibliography,
newspaper article) and BibTeX: enough to paste into a reference list and
tidy, built only from what the archive knows about the article.
"""

import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

ARCHIVE_NAME = "News archive"


@dataclass
class Citation:
    style: str
    key: str  # used for element ids
    html: str  # what is shown (italics where the style wants them)
    text: str  # the same as plain text, for copying


def _sentence(text):
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _bibtex_escape(value):
    # Braces and the characters LaTeX treats specially would break the entry.
    return re.sub(r"([{}%&$#_])", r"\\\1", value)


def _bibtex_key(article, local):
    words = re.findall(r"[A-Za-z0-9]+", article.byline or article.source or "archive")
    first = re.findall(r"[A-Za-z0-9]+", article.headline)
    return f"{(words[0] if words else 'archive').lower()}{local.year}{(first or ['x'])[0].lower()}"


def citations(article, permalink, accessed):
    """APA, Chicago and BibTeX citations of `article`, pointing at `permalink`."""
    local = timezone.localtime(article.published)
    source = article.source or ARCHIVE_NAME
    author = article.byline.removeprefix("By ").strip() if article.byline else ""
    day_month = f"{local:%B} {local.day}"

    apa_lead = f"{_sentence(author)} " if author else ""
    apa_text = (
        f"{apa_lead}({local.year}, {day_month}). "
        f"{_sentence(article.headline)} {source}. {permalink}"
    )
    apa_html = format_html(
        "{}({}, {}). {} <i>{}</i>. {}",
        apa_lead,
        local.year,
        day_month,
        _sentence(article.headline),
        source,
        permalink,
    )

    chicago_lead = f"{_sentence(author)} " if author else ""
    accessed_text = f"{accessed:%B} {accessed.day}, {accessed.year}"
    date_text = f"{day_month}, {local.year}"
    chicago_text = (
        f'{chicago_lead}"{_sentence(article.headline)}" {source}, {date_text}. '
        f"Accessed {accessed_text}. {permalink}."
    )
    chicago_html = format_html(
        "{}“{}” <i>{}</i>, {}. Accessed {}. {}.",
        chicago_lead,
        _sentence(article.headline),
        source,
        date_text,
        accessed_text,
        permalink,
    )

    fields = [
        ("author", author),
        ("title", article.headline),
        ("journal", source),
        ("year", str(local.year)),
        ("month", f"{local:%b}".lower()),
        ("day", str(local.day)),
        ("url", permalink),
        ("urldate", accessed.isoformat()),
        ("note", f"{ARCHIVE_NAME} copy"),
    ]
    lines = [
        f"  {name} = {{{value if name == 'url' else _bibtex_escape(value)}}}"
        for name, value in fields
        if value
    ]
    bibtex = "@article{" + _bibtex_key(article, local) + ",\n" + ",\n".join(lines) + "\n}"

    return [
        Citation("APA", "apa", apa_html, apa_text),
        Citation("Chicago", "chicago", chicago_html, chicago_text),
        Citation("BibTeX", "bibtex", mark_safe(""), bibtex),  # shown as preformatted text
    ]
