"""Near-duplicates: the same wire story in several versions (a longer update, a
retitled copy, another paper's edit).

Exact copies are caught by the content hash; versions differ by a few
sentences, so they are compared as sets of word shingles.  Versions of one
story run within days of each other, which keeps the comparison to a small
window of candidates however large the archive grows.

In a large archive that window still holds some sixty articles a record,
and working out their shingles from their bodies was nearly all of an
import's time. So each article keeps a sketch: the ``SKETCH_SIZE`` smallest
hashes of its shingles. Two sketches estimate how alike two articles are
(bottom-k, as in MinHash), and only a pair that may reach ``THRESHOLD`` is
compared exactly.
"""

import heapq
import sys
import zlib
from array import array
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
SKETCH_SIZE = 64
# Pairs whose sketches estimate less are not compared exactly. For a pair
# that does resemble at THRESHOLD, an estimate this low means at most 9 of
# 64 draws at even odds: about two chances in a billion.
SKETCH_FLOOR = 0.15


def shingles(text):
    """The text's runs of ``SHINGLE`` words in a row, each as one number.

    A word is its CRC-32 and a run the four side by side (128 bits): the
    same number in every process and on every machine, as a stored sketch
    needs, and cheap to keep and to pass between processes.
    """
    words = normalise_words(text).split()
    if len(words) < MIN_WORDS:
        return frozenset()
    codes = list(map(zlib.crc32, map(str.encode, words)))
    # Each later copy starts one word on; zip stops at the shortest.
    runs = zip(codes, codes[1:], codes[2:], codes[3:], strict=False)
    return frozenset([a << 96 | b << 64 | c << 32 | d for a, b, c, d in runs])


def text_shingles(headline, body_html):
    """The shingles of an article: its headline and its (sanitized) body's text."""
    return shingles(f"{headline} {sanitized_text(body_html)}")


def sketch(found):
    """The ``SKETCH_SIZE`` smallest hashes of the shingles ``found``, as stored (8 bytes each).

    Hashing a number is the same everywhere (``hash(n)`` is ``n`` modulo a
    fixed prime, 2**61 - 1 on 64-bit Python), and mixes all four words.
    """
    # Sorting a few hundred hashes in C is quicker than keeping a heap of the
    # smallest in Python (``heapq.nsmallest``), for the same values.
    smallest = array("Q", sorted(map(hash, found))[:SKETCH_SIZE])
    if sys.byteorder == "big":
        smallest.byteswap()  # stored little-endian, whatever the machine
    return smallest.tobytes()


def sketch_values(stored):
    """The hashes of a stored sketch, as a set; empty for an article without one."""
    values = array("Q")
    values.frombytes(stored)
    if sys.byteorder == "big":
        values.byteswap()
    return frozenset(values)


def _hashes(stored):
    # Read in place where the machine is little-endian, as sketches are stored:
    # most are turned away after one look at each value.
    if sys.byteorder == "little":
        return memoryview(stored).cast("Q")
    return sketch_values(stored)


def may_resemble(mine, theirs):
    """Whether two sketches leave it open that their articles reach ``THRESHOLD``.

    ``mine``: ``sketch_values`` of one; ``theirs``: the other as stored.
    True when either is empty (an article saved before sketches).
    """
    if not mine or not theirs:
        return True
    theirs = _hashes(theirs)
    both = mine.intersection(theirs)
    floor = SKETCH_FLOOR * min(SKETCH_SIZE, len(mine) + len(theirs) - len(both))
    if len(both) < floor:
        return False  # unrelated stories, nearly always: no sample can find more
    # The smallest hashes of the union are a sample of it; the share of the
    # sample found in both estimates the resemblance.
    sample = heapq.nsmallest(SKETCH_SIZE, mine.union(theirs))
    return sum(1 for value in sample if value in both) >= floor


_cache = {}
# Only the few candidates whose sketches pass are compared in full; each set
# is some 20 KiB, and a web process keeps this too (an editor's save looks
# for versions).
_CACHE_SIZE = 1000


def known_shingles(pk, digest):
    """The shingles of article ``pk`` as of content hash ``digest``, if worked out lately."""
    return _cache.get((pk, digest))


def article_shingles(article):
    # An import compares each record with the same few hundred neighbours: their
    # shingles are computed once, keyed by the hash that changes with their words.
    key = (article.pk, article.content_hash)
    found = _cache.get(key)
    if found is None:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        found = _cache[key] = text_shingles(article.headline, article.body)
    return found


def held_shingles(rows):
    """{pk: shingles} for held articles (objects with pk, content_hash and headline).

    The bodies of those not worked out lately are read in one query. Those
    stored without a sketch get one, so that the next import need not read
    them again.
    """
    found, missing = {}, {}
    for row in rows:
        known = known_shingles(row.pk, row.content_hash)
        if known is None:
            missing[row.pk] = row
        else:
            found[row.pk] = known
    unsketched = []
    bodies = Article.objects.filter(pk__in=missing).values_list("id", "body", "shingle_sketch")
    for pk, body, stored in bodies.iterator():
        row = missing[pk]
        stand_in = Article(pk=pk, content_hash=row.content_hash, headline=row.headline, body=body)
        found[pk] = article_shingles(stand_in)
        if not stored:
            stand_in.shingle_sketch = sketch(found[pk])
            unsketched.append(stand_in)
    Article.objects.bulk_update(unsketched, ["shingle_sketch"], batch_size=500)
    return found


def resemblance(a, b):
    """Jaccard similarity of two shingle sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def find_canonical(mine, published, exclude_pk=None):
    """The canonical article that text with shingles ``mine`` is a version of, or None."""
    if not mine:
        return None
    candidates = (
        Article.objects.filter(published__range=(published - WINDOW, published + WINDOW))
        .exclude(pk=exclude_pk)
        .only("id", "headline", "canonical_id", "published", "content_hash", "shingle_sketch")
        .order_by("id")[:MAX_CANDIDATES]
    )
    sketched = sketch_values(sketch(mine))
    close = [c for c in candidates if may_resemble(sketched, c.shingle_sketch)]
    theirs = held_shingles(close)
    best = most_alike(mine, ((c, theirs[c.pk]) for c in close))
    if best is None:
        return None
    # Variants hang from one canonical article, never from each other.
    return best.canonical or best


def most_alike(mine, candidates):
    """Of ``(candidate, shingles)`` pairs, the one most like ``mine`` (the last of equals).

    None when none reaches ``THRESHOLD``.
    """
    best, best_score = None, THRESHOLD
    for candidate, theirs in candidates:
        score = resemblance(mine, theirs)
        if score >= best_score:
            best, best_score = candidate, score
    return best
