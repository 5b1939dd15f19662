"""Ranking exact phrases first, scored over the top hits only.

A multi-word query is rendered as ``(arms AND supply) ANDMAYBE "arms
supply"^2`` (see ``syntax.render``): documents with the words side by side
score higher. Left to Whoosh, the optional phrase is checked, positions and
all, in every document that has both words, and it keeps Whoosh from
skipping low-scoring blocks: 2–2.7× the time of the plain query on the slow
multi-word queries at 100,000 articles.

Here the plain query picks the top ``PHRASE_WINDOW`` documents (Whoosh's
block skipping intact) and only those are checked for the phrase, each
getting exactly the score the ANDMAYBE would give it (a test holds the two
equal). Hits past the window keep the plain order. It is the rescoring
window of the big search servers: a document far down the plain ranking is
not lifted above the window by its phrase, and no page changes order as the
reader moves through the results.
"""

from whoosh import query as wq

from articles.search import docsets, scoring

PHRASE_WINDOW = 100


def split(query):
    """``(plain, phrase)`` for a query with a phrase boost; ``(query, None)`` otherwise."""
    if isinstance(query, wq.AndMaybe) and _only_phrases(query.b):
        return query.a, query.b
    return query, None


def _only_phrases(query):
    # The parser gives one phrase per searched field, ORed: text and headline.
    if isinstance(query, wq.Phrase):
        return True
    if isinstance(query, wq.Or) and query.subqueries:
        return all(_only_phrases(sub) for sub in query.subqueries)
    return False


def rescored(searcher, phrase, top_n, window=PHRASE_WINDOW):
    """``top_n`` (score, docnum) pairs, the first ``window`` with their phrase score added."""
    head, tail = top_n[:window], top_n[window:]
    extra = phrase_scores(searcher, phrase, [docnum for _, docnum in head])
    # Ties keep the plain order: sorted() is stable.
    head = sorted(
        ((score + extra.get(docnum, 0.0), docnum) for score, docnum in head),
        key=lambda hit: -hit[0],
    )
    return head + tail


def phrase_scores(searcher, phrase, docnums):
    """The score ``phrase`` gives each of ``docnums`` that it matches.

    Whoosh's phrase matcher, moved to a document without the phrase, reads
    on through every later document holding all the words until it finds
    one: as costly as the ANDMAYBE. Here each word's postings are read at
    the listed documents only, a block at a time (``scoring.positions_at``),
    each word at the documents that held all the words before it; a match
    scores what Whoosh's phrase does, the sum of its words' term scores
    times the boosts above it.
    """
    scores = {}
    context = searcher.context()
    parts = _phrases(phrase)
    for sub, offset, local in scoring.by_segment(searcher, sorted(docnums)):
        reader = sub.reader()
        for weight, query in parts:
            matchers = [
                scoring.term_matcher(sub, context, query.fieldname, word) for word in query.words
            ]
            if None in matchers:
                continue
            lengths = docsets.field_lengths(reader, query.fieldname)
            found = {docnum: [] for docnum in local}
            for matcher in matchers:
                held = scoring.positions_at(matcher, sorted(found), lengths)
                found = {
                    docnum: [*found[docnum], (score, positions)]
                    for docnum, score, positions in held
                }
            for docnum, words in found.items():
                if _in_order([positions for _, positions in words], query.slop):
                    score = weight * sum(score for score, _ in words)
                    scores[docnum + offset] = scores.get(docnum + offset, 0.0) + score
    return scores


def _phrases(query, boost=1.0):
    """(boost, Phrase) for each phrase under ``query``, with the boosts above it applied."""
    if isinstance(query, wq.Phrase):
        return [(boost * query.boost, query)]
    return [pair for sub in query.subqueries for pair in _phrases(sub, boost * query.boost)]


def _in_order(positions, slop):
    """Whether the words occur in order, each 1 to ``slop`` positions after the one before.

    ``positions``: each word's positions in the document, in the phrase's order.
    """
    ends = set(positions[0])
    for word in positions[1:]:
        ends = {position for position in word if any(1 <= position - end <= slop for end in ends)}
        if not ends:
            return False
    return True
