"""Scoring a search's matches directly.

The backend finds every match of a query as a set first (for the exact total
and the facets). For ``arms supply treaty`` Whoosh then walks an intersection
of unions (each word in the text and in the headline) to find the same few
hundred documents again, calling ``skip_to`` tens of thousands of times: most
of a three-word search at 100,000 articles. When the query is words combined
with AND and OR, a match's score is just the sum of the boosted term scores
of the words it holds (what Whoosh's matchers add up); with the matches in
hand, each term's postings are read once, forward, at those documents only:
a block of postings at a time (``scores_at``), or from the postings the
search kept while finding the matches (``add_kept_scores``), which scores
any number of matches faster than Whoosh's top-N search: at 100,000
articles, one word with 33,800 matches 19.8 ms against Whoosh's 28.0, two
words with 6,400 matches 11.4 against 145.

Other queries (NOT, phrases, prefixes, fuzzy terms) are left to Whoosh, and
so are large match sets whose postings were not all kept.
"""

import bisect
import functools
import heapq
import operator
from itertools import compress

from whoosh import query as wq
from whoosh.util.numeric import byte_to_length

from articles.search import docsets

# Above this many matches, unless their postings were kept, Whoosh's own
# top-N search, which skips blocks of postings that cannot reach the top, is
# the faster way.
DIRECT_LIMIT = 2000
# ... except when every word is required: Whoosh then visits every match
# anyway, through more machinery. At 100,000 articles, timed on the same
# matches: two words with 4,900 matches 96 → 61 ms, 16,300 matches 214 →
# 144 ms, three words with 11,900 matches 391 → 212 ms; at 26,000 the two
# ways cost the same. One word with 13,000 matches: Whoosh 14 ms, this 45.
INTERSECTION_LIMIT = 20_000


def boosted_terms(query, boost=1.0):
    """[(boost, Term)] for a query of terms under AND/OR; None for any other query."""
    if type(query) is wq.Term:
        return [(boost * query.boost, query)]
    if type(query) in (wq.And, wq.Or) and query.subqueries:
        if getattr(query, "scale", None) or getattr(query, "minmatch", 0):
            return None
        found = []
        for sub in query.subqueries:
            terms = boosted_terms(sub, boost * query.boost)
            if terms is None:
                return None
            found.extend(terms)
        return found
    return None


def top_hits(searcher, query, docs, limit, kept=None):
    """Whoosh's top ``limit`` (score, docnum) for ``query``, given all its matches ``docs``.

    None when ``query`` is not terms under AND/OR, or ``docs`` is too large
    and its words' postings were not all kept. Ties go to the lower docnum,
    as in Whoosh. ``kept``: the postings ``docsets.term_docs`` kept while
    finding ``docs`` (``KeptPostings``), if any.
    """
    kept = kept or {}
    terms = boosted_terms(query)
    if terms is None:
        return None
    limit_for_direct = INTERSECTION_LIMIT if type(query) is wq.And else DIRECT_LIMIT
    if len(docs) > limit_for_direct and not all_kept(searcher, terms, kept):
        return None
    ranked = []
    context = searcher.context()
    for sub, offset, local in by_segment(searcher, sorted(docs)):
        scores = dict.fromkeys(local, 0.0)
        for boost, term in terms:
            matcher = term_matcher(sub, context, term.fieldname, term.text)
            if matcher is None:
                continue
            reader = sub.reader()
            lengths = docsets.field_lengths(reader, term.fieldname)
            postings = kept.get(docsets.kept_key(reader, term.fieldname, term.text))
            if postings is not None and add_kept_scores(scores, boost, matcher, lengths, postings):
                continue
            for docnum, score in scores_at(matcher, local, lengths, postings):
                scores[docnum] += boost * score
        # The segment's best ``limit``: a stable sort by score, so equal
        # scores keep the lower docnum first (``scores`` is in docnum order).
        best = heapq.nlargest(limit, scores, key=scores.__getitem__)
        ranked.extend((-scores[docnum], docnum + offset) for docnum in best)
    return [(-negated, docnum) for negated, docnum in sorted(ranked)[:limit]]


def all_kept(searcher, terms, kept):
    """Whether ``add_kept_scores`` can score every term in every segment from ``kept``.

    Each segment's postings of each term must be kept, and the term's field
    scored from weights and lengths (a keyword field, such as the ``type``
    a search for editorials adds, is not: its scores come one document at a
    time, which for a large set is Whoosh's search's job).
    """
    for sub, _ in searcher.leaf_searchers():
        reader = sub.reader()
        for _, term in terms:
            if term.fieldname not in sub.schema:
                continue
            field = sub.schema[term.fieldname]
            if (term.fieldname, field.to_bytes(term.text)) not in reader:
                continue
            if docsets.kept_key(reader, term.fieldname, term.text) not in kept:
                return False
            if not field.scorable or docsets.field_lengths(reader, term.fieldname) is None:
                return False
    return True


# A term's kept postings are looked up at each wanted document by bisection
# when they outnumber the wanted documents by more than this; otherwise they
# are walked in one pass.
WALK_RATIO = 4


def add_kept_scores(scores, boost, matcher, lengths, postings):
    """Add ``boost`` × the term's score to each document of ``scores`` in its kept ``postings``.

    False, adding nothing, when the matcher's scores do not come from a
    weight and a field length alone (``scores_at`` then reads them). A
    term's score is a function of the posting's weight and the document's
    one-byte length, so it is worked out once for each pair that occurs:
    a common word's tens of thousands of matches were otherwise scored one
    call at a time, and Whoosh's own top-N search read its postings again.
    """
    leaf, _, score, _ = _unwrapped(matcher, lengths)
    if leaf is None or lengths is None:
        return False
    length_of = _LENGTH_OF_BYTE

    @functools.cache
    def score_of(weight, byte):
        return boost * score(weight, length_of[byte])

    # ``scores`` holds no deleted document (the matches never do), so the
    # kept postings' deleted documents are passed over with the rest.
    ids, weights = postings
    if len(ids) > WALK_RATIO * len(scores):
        # ``scores`` holds the wanted documents in order (see ``top_hits``).
        for docnum, weight, _ in _kept_at(ids, weights, list(scores), ()):
            scores[docnum] += score_of(weight, lengths[docnum])
        return True
    # One pass, each step a C call: the postings of wanted documents, their
    # scores, and the sums (each document's earlier score plus this term's,
    # added in the same order as above).
    wanted = list(map(scores.__contains__, ids))
    ids = list(compress(ids, wanted))
    added = map(score_of, compress(weights, wanted), map(lengths.__getitem__, ids))
    scores.update(zip(ids, map(operator.add, map(scores.__getitem__, ids), added), strict=True))
    return True


# -- reading postings at known documents (also used by ``rescore``) -----------


def by_segment(searcher, ordered):
    """(segment searcher, offset, its local docnums) for the sorted global ``ordered``."""
    for sub, offset in searcher.leaf_searchers():
        low = bisect.bisect_left(ordered, offset)
        high = bisect.bisect_left(ordered, offset + sub.doc_count_all())
        if low < high:
            yield sub, offset, [docnum - offset for docnum in ordered[low:high]]


def term_matcher(searcher, context, fieldname, text):
    """A scoring matcher of the term in this segment; None if no live document holds it."""
    if fieldname not in searcher.schema:
        return None
    if (fieldname, searcher.schema[fieldname].to_bytes(text)) not in searcher.reader():
        return None
    matcher = wq.Term(fieldname, text).matcher(searcher, context)
    return matcher if matcher.is_active() else None


def scores_at(matcher, wanted, lengths=None, kept=None):
    """(docnum, score) of the term at each of the sorted local ``wanted`` documents holding it.

    Moving the matcher with ``skip_to`` walks a block one posting at a time
    through Python calls (``is_active``, ``id``, ``next``); here a block whose
    last id is before the next wanted document is passed unread, and in a
    block that holds wanted documents each is found by bisection in the
    block's ids, its weight taken from the block's weights. The score is the
    matcher's scorer's own, from the weight and the document's field length
    (read from ``lengths``, the segment's ``docsets.field_lengths``, if given).
    ``kept``: the term's (ids, weights) in this segment as ``docsets.term_docs``
    kept them while finding the matches, read from memory instead of disk.
    """
    leaf, deleted, score, length = _unwrapped(matcher, lengths)
    if leaf is None:
        for docnum in wanted:
            if move_to(matcher, docnum):
                yield docnum, matcher.score()
        return
    found = (
        _postings_at(leaf, wanted, deleted) if kept is None else _kept_at(*kept, wanted, deleted)
    )
    for docnum, weight, _ in found:
        yield docnum, score(weight, length(docnum))


def positions_at(matcher, wanted, lengths=None):
    """(docnum, score, positions) of the term at each of the sorted ``wanted`` holding it.

    As ``scores_at``, with the word's positions in each document.
    """
    leaf, deleted, score, length = _unwrapped(matcher, lengths)
    if leaf is None or leaf._fixedsize is not None:
        # Not positions stored one value a posting: Whoosh's own way.
        for docnum in wanted:
            if move_to(matcher, docnum):
                yield docnum, matcher.score(), matcher.value_as("positions")
        return
    decode = leaf.format.decode_as
    for docnum, weight, at in _postings_at(leaf, wanted, deleted):
        # The leaf is at the block that holds ``docnum``: its values are that block's.
        yield docnum, score(weight, length(docnum)), decode("positions", leaf._data[2][at])


def _unwrapped(matcher, lengths):
    """(leaf, deleted docnums, score(weight, length), length(docnum)) for reading by block.

    ``leaf`` is None when the matcher is not one of Whoosh 3's postings
    scored from weights and lengths: it is then moved the usual way.
    """
    from whoosh.codec.whoosh3 import W3LeafMatcher
    from whoosh.matching.wrappers import FilterMatcher
    from whoosh.scoring import WeightLengthScorer

    deleted = ()
    leaf = matcher
    if isinstance(leaf, FilterMatcher) and leaf._exclude and leaf.boost == 1:
        leaf, deleted = leaf.child, leaf._ids
    scorer = getattr(leaf, "scorer", None)
    if not isinstance(leaf, W3LeafMatcher) or not isinstance(scorer, WeightLengthScorer):
        return None, (), None, None
    length = scorer.dfl if lengths is None else _decoded(lengths)
    return leaf, deleted, scorer._score, length


def _postings_at(leaf, wanted, deleted):
    """(docnum, weight, index in its block) for each of the sorted ``wanted`` in the postings.

    The leaf stays at the block of the document just yielded until the next
    is asked for. A block whose last id is before the next wanted document
    is passed without reading (nor decompressing) it.
    """
    bisect_left, bisect_right = bisect.bisect_left, bisect.bisect_right
    low, end = 0, len(wanted)
    while low < end and leaf.is_active():
        high = bisect_right(wanted, leaf._maxid, low)
        if high > low:
            ids = docsets.block_ids(leaf)
            count = len(ids)
            weights = docsets.stored_weights(leaf._data[1], count)
            for docnum in wanted[low:high]:
                at = bisect_left(ids, docnum)
                if at < count and ids[at] == docnum and docnum not in deleted:
                    yield docnum, weights[at], at
            low = high
        leaf._next_block()


def _kept_at(ids, weights, wanted, deleted):
    """As ``_postings_at``, from a term's postings kept as sorted arrays."""
    bisect_left = bisect.bisect_left
    count, at = len(ids), 0
    for docnum in wanted:
        at = bisect_left(ids, docnum, at)
        if at < count and ids[at] == docnum and docnum not in deleted:
            yield docnum, weights[at], at


# Whoosh's length for each stored byte; 0 is read as None, as Whoosh does.
_LENGTH_OF_BYTE = (None, *(byte_to_length(n) for n in range(1, 256)))


def _decoded(lengths):
    table = _LENGTH_OF_BYTE
    return lambda docnum: table[lengths[docnum]]


def move_to(matcher, docnum):
    """Move ``matcher`` forward to ``docnum``; whether that document holds the term."""
    if not matcher.is_active():
        return False
    if matcher.id() < docnum:
        matcher.skip_to(docnum)
        if not matcher.is_active():
            return False
    return matcher.id() == docnum
