"""Words as the index holds them, found without Whoosh's analyzer.

The index's text fields use Whoosh's ``StemmingAnalyzer``: its default word
pattern, lower case, no stop words or one-letter words, Porter stems. That
analyzer builds a token object per word; snippets and "more like this" only
need the stems, so they find them here (stems cached across documents), at a
fraction of the cost. A test holds the two to the same output.
"""

import functools
import re

from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem

WORD = re.compile(r"\w+(?:\.?\w+)*")  # Whoosh's RegexTokenizer default


@functools.lru_cache(maxsize=50_000)
def stem_of(word):
    """The index form of one lower-case word."""
    return stem(word)


def is_indexed(word):
    """Whether the analyzer keeps a lower-case ``word`` (it drops stop words and letters)."""
    return len(word) > 1 and word not in STOP_WORDS


def index_words(text):
    """The stems the index holds for ``text``, in order."""
    for match in WORD.finditer(text):
        word = match.group().lower()
        if is_indexed(word):
            yield stem_of(word)
