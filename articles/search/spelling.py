"""Close spellings: name variants searched automatically, and "Did you mean".

The content field holds stems, but Whoosh keeps the unstemmed words of a
spelling-enabled field in a companion field (``spell_text`` for ``text``).
Candidates come from there; whether a word is rare is judged on the stems,
since that is what a search matches.

Both features run only for words found in fewer than ``FEW`` documents and
look at most two edits away, with the first letter fixed: the expansion stays
a handful of terms, so a rare name costs one bounded lookup, not a scan.
The words found are searched as they are: a fuzzy term would have Whoosh
walk the lexicon again for each field, when counting the matches, ranking
them and marking snippets (a search with one absent word took 143 ms where
its neighbours took 35).
"""

from articles.search.syntax import positive_terms, replace_spans, stem

CONTENT_FIELD = "text"
FEW = 3
MIN_LENGTH = 4
MAX_CANDIDATES = 50
# Close spellings searched for one word (and named on the page): the
# likeliest, by edits and then by use.
MAX_ALTERNATIVES = 5


def max_distance(word):
    # One edit in short words already reaches many real words ("shoo" → "show").
    return 1 if len(word) <= 5 else 2


def _edit_distance(a, b):
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _doc_frequency(reader, word):
    stemmed = stem(word)
    if not stemmed:
        return 0
    return reader.doc_frequency(CONTENT_FIELD, stemmed)


def candidates(reader, word, maxdist):
    """Indexed words within ``maxdist`` edits of ``word``: [(word, doc frequency)], best first."""
    try:
        fieldobj = reader.schema[CONTENT_FIELD]
        spelling_field = fieldobj.spelling_fieldname(CONTENT_FIELD)
        found = []
        for raw in reader.terms_within(spelling_field, word, maxdist, prefix=1):
            if len(found) >= MAX_CANDIDATES:
                break
            text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            if text != word:
                found.append(text)
    except (KeyError, AttributeError, ValueError):
        # No spelling data in this index (another backend or schema): no suggestions.
        return []
    scored = [(w, _doc_frequency(reader, w)) for w in found]
    scored = [(w, df) for w, df in scored if df]
    scored.sort(key=lambda pair: (_edit_distance(word, pair[0]), -pair[1], pair[0]))
    return scored


def _eligible(term):
    return (
        term.field in (None, "headline")
        and not term.prefix
        and not term.fuzzy
        and len(term.text) >= MIN_LENGTH
        and term.text.isalpha()
    )


def expand_rare_terms(tree, reader):
    """Search rare words of ``tree`` together with their close spellings, in place.

    A word in no document is always expanded; a word in a few documents only
    when a close spelling is more common (``Shoygu`` beside ``Shoigu``), so
    rare but correctly spelled words keep exact results.
    Returns [(word, [close spellings found])] for the page's notice.
    """
    expanded = []
    for term in positive_terms(tree):
        if not _eligible(term):
            continue
        df = _doc_frequency(reader, term.text)
        if df >= FEW:
            continue
        distance = max_distance(term.text)
        close = candidates(reader, term.text, distance)
        if not close or (df and not any(n > df for _, n in close)):
            continue
        # Letters only: each is written into the query as a word.
        alternatives = tuple(w for w, _ in close if w.isalpha())[:MAX_ALTERNATIVES]
        if not alternatives:
            continue
        term.alternatives = alternatives
        expanded.append((term.text, list(alternatives)))
    return expanded


def did_you_mean(query, tree, reader):
    """``query`` with its rare words replaced by their most likely spelling, or None."""
    replacements = {}
    for term in positive_terms(tree):
        if term.prefix or not term.text.isalpha() or len(term.text) < 3 or term.span == (0, 0):
            continue
        df = _doc_frequency(reader, term.text)
        if df >= FEW:
            continue
        close = [(w, n) for w, n in candidates(reader, term.text, 2) if n > df]
        if close:
            replacements[term.span] = close[0][0]
    if not replacements:
        return None
    return replace_spans(query, replacements)
