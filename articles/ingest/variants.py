"""Near-duplicates: the same wire story in several versions (a longer update, a
retitled copy, another paper's edit).

Exact copies are caught by the content hash; versions differ by a few
sentences, so they are compared as sets of word shingles.  Versions of one
story run within days of each other, which keeps the comparison to a small
window of candidates however large the archive grows.
"""

from datetime import timedelta

from articles.ingest.identity import normalise_words
from articles.models import Article
from articles.sanitize import sanitized_text

SHINGLE = 4
# A chosen starting point, not yet measured on a corpus: an updated wire copy
# keeps most of its sentences, so most four-word shingles; unrelated stories,
# even on one topic, share very few.
THRESHOLD = 0.5
MIN_WORDS = 40
WINDOW = timedelta(days=3)
MAX_CANDIDATES = 400


def shingles(text):
    """The text's runs of ``SHINGLE`` words in a row, as tuples.

    Tuples made by ``zip`` rather than joined strings: the same sets (words
    hold no spaces), built without a Python step per shingle, which made this
    most of an import's time in a large archive.
    """
    words = normalise_words(text).split()
    if len(words) < MIN_WORDS:
        return frozenset()
    # Each later copy starts one word on; zip stops at the shortest.
    return frozenset(zip(*(words[i:] for i in range(SHINGLE)), strict=False))


_cache = {}
_CACHE_SIZE = 5000


def _article_shingles(article):
    # An import compares each record with the same few hundred neighbours: their
    # shingles are computed once, keyed by the hash that changes with their words.
    key = (article.pk, article.content_hash)
    found = _cache.get(key)
    if found is None:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        found = _cache[key] = shingles(f"{article.headline} {article.body_text()}")
    return found


def resemblance(a, b):
    """Jaccard similarity of two shingle sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def find_canonical(headline, body_html, published, exclude_pk=None):
    """The canonical article this text (``body_html`` sanitized) is a version of, or None."""
    mine = shingles(f"{headline} {sanitized_text(body_html)}")
    if not mine:
        return None
    candidates = (
        Article.objects.filter(published__range=(published - WINDOW, published + WINDOW))
        .exclude(pk=exclude_pk)
        .only("id", "headline", "body", "canonical_id", "published", "content_hash")
        .order_by("id")[:MAX_CANDIDATES]
    )
    best, best_score = None, THRESHOLD
    for candidate in candidates:
        score = resemblance(mine, _article_shingles(candidate))
        if score >= best_score:
            best, best_score = candidate, score
    if best is None:
        return None
    # Variants hang from one canonical article, never from each other.
    return best.canonical or best
