"""Words as the index holds them, found without Whoosh's analyzer.

The index's text fields use Whoosh's ``StemmingAnalyzer``: its default word
pattern, lower case, no stop words or one-letter words, Porter stems. That
analyzer builds a token object per word; snippets and "more like this" only
need the stems, and indexing needs only each stem's positions, so they find
them here (stems cached across documents), at a fraction of the cost. Tests
hold the two to the same output.
"""

import functools
import re

from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem

WORD = re.compile(r"\w+(?:\.?\w+)*")  # Whoosh's RegexTokenizer default


# Filled to 50,000 words, this cache held 10.5 MB in each worker. News words
# fall on a Zipf curve: over the 2,226 BBC stories of the corpora, 16,384
# words answered 94.1 % of lookups, and no bound at all would answer 94.9 %.
@functools.lru_cache(maxsize=16_384)
def stem_of(word):
    """The index form of one lower-case word."""
    return stem(word)


@functools.lru_cache(maxsize=16_384)
def index_form(word):
    """The stem the index holds for ``word`` as written (any case), or None if it drops it.

    One cached call per word found: snippets look at every word of every
    result on a page.
    """
    lower = word.lower()
    return stem_of(lower) if is_indexed(lower) else None


def is_indexed(word):
    """Whether the analyzer keeps a lower-case ``word`` (it drops stop words and letters)."""
    return len(word) > 1 and word not in STOP_WORDS


def index_words(text):
    """The stems the index holds for ``text``, in order."""
    for match in WORD.finditer(text):
        word = match.group().lower()
        if is_indexed(word):
            yield stem_of(word)


# Words as written → index_form(word), for indexing. A web process indexes
# the odd saved article and keeps it small; a rebuild's writer meets some
# 50,000 distinct words in 20,000 articles, where a miss costs a stem, and
# widens it (about 30 MB at 200,000 words).
_FORMS = {}
_FORMS_LIMIT = 16_384
_UNSEEN = object()


def widen_word_cache(limit=200_000):
    """In a process that indexes many documents: remember up to ``limit`` words."""
    global _FORMS_LIMIT
    _FORMS_LIMIT = max(_FORMS_LIMIT, limit)


def stem_positions(text):
    """{stem: [positions]} as the analyzer numbers them, for indexing ``text``."""
    return analysed(text)[0]


def analysed(text):
    """``text``'s stems with their positions, and the words kept, as written.

    Whoosh's stop filter keeps the first kept word's own position (stop words
    before it count) and numbers every later kept word one after the last.
    """
    positions = {}
    kept = set()
    position = None
    forms, limit = _FORMS, _FORMS_LIMIT
    # A plain dictionary of words as written: a third of the time of asking
    # the cached ``index_form`` for each of a document's words.
    for number, word in enumerate(WORD.findall(text)):
        stem = forms.get(word, _UNSEEN)
        if stem is _UNSEEN:
            stem = index_form(word)
            # Full, it keeps the words met first: on a Zipf curve the common
            # ones come early (clearing it instead made it three times slower).
            if len(forms) < limit:
                forms[word] = stem
        if stem is None:
            continue
        kept.add(word)
        position = number if position is None else position + 1
        found = positions.get(stem)
        if found is None:
            positions[stem] = [position]
        else:
            found.append(position)
    return positions, kept


def kept_words(text):
    """The unstemmed words the analyzer keeps from ``text`` (for spelling), as a set."""
    return {word for word in map(str.lower, WORD.findall(text)) if is_indexed(word)}
