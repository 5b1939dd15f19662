"""Snippets with the query's words marked, built for the displayed page only."""

import functools
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from whoosh.analysis import StemmingAnalyzer
from whoosh.highlight import ContextFragmenter, HtmlFormatter, WholeFragmenter, highlight
from whoosh.lang.porter import stem

_analyzer = StemmingAnalyzer()
_OPERATORS = {"and", "or", "not", "to"}


def query_terms(query):
    """The stemmed words of a user's query, as the index holds them."""
    words = [word for word in query.replace('"', " ").split() if word.lower() not in _OPERATORS]
    return {token.text for token in _analyzer(" ".join(word.lstrip("-+") for word in words))}


def snippet(text, terms, *, length=240):
    """Up to two passages of ``text`` around ``terms``, HTML-escaped with ``<mark>``.

    Falls back to the opening of the text when no term occurs in it (the
    match was in another field, or the query had only filters).
    """
    text = text or ""
    if terms:
        marked = highlight(
            _excerpt(text, terms, length),
            terms,
            _analyzer,
            # Short texts are shown whole; cutting them would start mid-word.
            WholeFragmenter()
            if len(text) <= length
            else ContextFragmenter(maxchars=length, surround=length // 3),
            HtmlFormatter(tagname="mark", between=" … "),
            top=2,
        )
        if marked:
            return mark_safe(marked)
    opening = text[:length]
    if len(text) > length:
        opening = opening.rsplit(" ", 1)[0] + " …"
    return escape(opening)


_WORD = re.compile(r"\w+(?:\.?\w+)*")


@functools.lru_cache(maxsize=50_000)
def _stem(word):
    return stem(word)


def _excerpt(text, terms, length):
    """The stretch of a long text around its first query word, for the highlighter.

    Whoosh's highlighter runs the stemming analyzer over the whole text it is
    given; a long body cost more than the search itself. The passages shown
    come from around the first match anyway, so give it only that stretch.
    """
    if len(text) <= 4 * length:
        return text
    for match in _WORD.finditer(text):
        if _stem(match.group().lower()) in terms:
            start = max(0, match.start() - length)
            if start:
                # Begin on a word, not inside one.
                start = text.find(" ", start, match.start()) + 1 or match.start()
            return text[start : match.start() + 3 * length]
    return text


def _words_in(text):
    # Only "does this field contain a query word?": split and stem each
    # distinct word once (cached across results), which is several times
    # cheaper than running the analyzer over every token of every field.
    return {_stem(word) for word in set(_WORD.findall((text or "").lower()))}


def _fields(obj):
    """(label, text) of each searchable part of a result, in the order snippets prefer."""
    if hasattr(obj, "headline"):  # an Article
        captions = [f"{c.text} {c.credit}".strip() for c in obj.captions.all()]
        return [
            ("body", obj.body_text()),
            ("summary", obj.summary),
            ("caption", "\n".join(captions)),
            ("dateline", obj.dateline),
            ("byline", obj.byline),
            ("headline", obj.headline),
        ]
    return [
        ("editorial teaser", strip_tags(obj.teaser)),
        ("editorial text", strip_tags(obj.body)),
        ("headline", obj.title),
    ]


# Order of the "Matched in" label: what a reader scans for first.
LABEL_ORDER = ["headline", "body", "summary", "caption", "editorial teaser", "editorial text"]


def labelled_snippet(obj, terms, *, length=240):
    """(snippet HTML, field the snippet is from, [fields the query matched]).

    The snippet comes from the first matching field that is not the headline
    (the headline is shown anyway); with no match in the text (a filter-only
    search, a match only in the headline) it is the opening of the text.
    """
    parts = [(label, text) for label, text in _fields(obj) if text]
    matched = [label for label, text in parts if terms and _words_in(text) & terms]
    source = next((label for label in matched if label != "headline"), None)
    if source is None:
        label, text = parts[0] if parts and parts[0][0] != "headline" else ("", "")
        return snippet(text, terms, length=length), "", _ordered(matched)
    text = dict(parts)[source]
    return snippet(text, terms, length=length), source, _ordered(matched)


def _ordered(labels):
    # Bylines and datelines are shown in the result's meta line, so they are
    # reported only when nothing else matched.
    main = [label for label in LABEL_ORDER if label in labels]
    return main or [label for label in labels if label not in LABEL_ORDER]
