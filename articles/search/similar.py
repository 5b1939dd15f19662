"""The words that make a document itself, for "more like this".

Whoosh's ``Searcher.key_terms`` weighs every distinct word of the document
with its Bo1 model: two index lookups a word in every segment, 20 ms an
article page at 10,000 articles. Here each word costs one lookup, is weighed
by term frequency times inverse document frequency, and words common to many
documents only fill in when too few others are left (see ``COMMON_SHARE``).
"""

import math
from collections import Counter

from articles.search import docsets
from articles.search.stems import index_words

# Words in more than this share of documents say little about any one of
# them, and an OR over them walks long posting lists: a "more like this"
# over words in a fifth of a 100,000-article archive took 240 ms.
COMMON_SHARE = 0.05


def key_terms(searcher, fieldname, docnum, count=5):
    """[(word, weight)] of the ``count`` words that best characterise ``docnum``."""
    stored = searcher.stored_fields(docnum).get(fieldname) or ""
    frequencies = Counter(index_words(stored))
    total = searcher.doc_count_all()
    common = max(2, int(total * COMMON_SHARE))
    distinctive, widespread = [], []
    for word, n in frequencies.items():
        documents = docsets.doc_frequency(searcher, fieldname, word)
        if documents <= 1:
            continue  # in this document alone: it finds nothing else
        # Smoothed: a word in every document still weighs more than nothing
        # (Whoosh divides by a term's boost, so a weight of 0 raised).
        weighted = (n * math.log(1 + total / documents), word)
        (distinctive if documents <= common else widespread).append(weighted)
    ranked = sorted(distinctive, key=_heaviest) + sorted(widespread, key=_heaviest)
    return [(word, weight) for weight, word in ranked[:count]]


def _heaviest(pair):
    weight, word = pair
    return (-weight, word)
