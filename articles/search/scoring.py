"""Scoring a search's matches directly when there are few of them.

The backend finds every match of a query as a set first (for the exact total
and the facets). For ``arms supply treaty`` Whoosh then walks an intersection
of unions (each word in the text and in the headline) to find the same few
hundred documents again, calling ``skip_to`` tens of thousands of times: most
of a three-word search at 100,000 articles. When the query is words combined
with AND and OR, a match's score is just the sum of the boosted term scores
of the words it holds (what Whoosh's matchers add up); with the matches in
hand, each term's postings are read once, forward, at those documents only.

Other queries (NOT, phrases, prefixes, fuzzy terms) and large match sets
of a single word (where Whoosh's block skipping wins) are left to Whoosh.
"""

import bisect

from whoosh import query as wq

# Above this many matches Whoosh's own top-N search, which skips blocks of
# postings that cannot reach the top, is the faster way.
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


def top_hits(searcher, query, docs, limit):
    """Whoosh's top ``limit`` (score, docnum) for ``query``, given all its matches ``docs``.

    None when ``query`` is not terms under AND/OR or ``docs`` is too large.
    Ties go to the lower docnum, as in Whoosh.
    """
    if len(docs) > (INTERSECTION_LIMIT if type(query) is wq.And else DIRECT_LIMIT):
        return None
    terms = boosted_terms(query)
    if terms is None:
        return None
    scores = dict.fromkeys(docs, 0.0)
    context = searcher.context()
    for sub, offset, local in by_segment(searcher, sorted(docs)):
        for boost, term in terms:
            matcher = term_matcher(sub, context, term.fieldname, term.text)
            if matcher is None:
                continue
            for docnum in local:
                if move_to(matcher, docnum):
                    scores[docnum + offset] += boost * matcher.score()
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [(score, docnum) for docnum, score in ranked[:limit]]


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


def move_to(matcher, docnum):
    """Move ``matcher`` forward to ``docnum``; whether that document holds the term."""
    if not matcher.is_active():
        return False
    if matcher.id() < docnum:
        matcher.skip_to(docnum)
        if not matcher.is_active():
            return False
    return matcher.id() == docnum
