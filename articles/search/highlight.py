"""Snippets with the query's words marked, built for the displayed page only."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from whoosh.analysis import StemmingAnalyzer

from articles.sanitize import sanitized_text
from articles.search.stems import WORD, index_form

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
        marked = _passages(text, terms, length)
        if marked:
            return mark_safe(marked)
    opening = text[:length]
    if len(text) > length:
        opening = opening.rsplit(" ", 1)[0] + " …"
    return escape(opening)


def _passages(text, terms, length):
    """The best two passages of about ``length`` characters, query words marked.

    Whoosh's highlighter runs its full analyzer over the text and builds a
    token object per word, which cost more than the search itself; the
    words are found here with the index's own pattern and stemmer instead
    (stems cached across results). A passage is scored by the distinct query
    words in it, then by how many; passages are shown in text order.
    """
    hits = [
        (match.start(), match.end(), stem)
        for match in WORD.finditer(text)
        if (stem := index_form(match.group())) in terms
    ]
    if not hits:
        return ""
    if len(text) <= length:
        spans = [(0, len(text), hits)]
    else:
        surround = length // 3
        groups, current = [], [hits[0]]
        for hit in hits[1:]:
            if hit[1] - current[0][0] <= length - surround:
                current.append(hit)
            else:
                groups.append(current)
                current = [hit]
        groups.append(current)
        best = sorted(groups, key=lambda g: (-len({h[2] for h in g}), -len(g), g[0][0]))[:2]
        spans = [_span(text, group, length, surround) for group in sorted(best)]
    classes = {}
    out = []
    for start, end, group in spans:
        at, parts = start, []
        for hit_start, hit_end, term in group:
            number = classes.setdefault(term, len(classes))
            parts.append(escape(text[at:hit_start]))
            parts.append(
                f'<mark class="match term{number}">{escape(text[hit_start:hit_end])}</mark>'
            )
            at = hit_end
        parts.append(escape(text[at:end]))
        out.append("".join(parts).strip())
    return " … ".join(out)


def _span(text, group, length, surround):
    """(start, end, group): about ``length`` characters from ``surround`` before the group."""
    start = max(0, group[0][0] - surround)
    if start:
        # Begin on a word, not inside one.
        start = text.find(" ", start, group[0][0]) + 1 or group[0][0]
    end = max(start + length, group[-1][1])
    if end < len(text):
        space = text.rfind(" ", group[-1][1], end)
        end = space if space > 0 else end
    return start, min(end, len(text)), group


def _mentions(text, terms):
    """Whether ``text`` holds a word whose stem is one of ``terms``.

    The regex engine finds the words, their stems are cached across results,
    and the test stops at the first match: several times cheaper than
    running the analyzer over every field.
    """
    return not terms.isdisjoint(map(index_form, WORD.findall(text)))


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
        ("editorial teaser", sanitized_text(obj.teaser)),
        ("editorial text", sanitized_text(obj.body)),
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
    matched = [label for label, text in parts if terms and _mentions(text, terms)]
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
