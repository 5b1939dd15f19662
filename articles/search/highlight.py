"""Snippets with the query's words marked, built for the displayed page only."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from whoosh.analysis import StemmingAnalyzer
from whoosh.highlight import ContextFragmenter, HtmlFormatter, WholeFragmenter, highlight

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
            text,
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
