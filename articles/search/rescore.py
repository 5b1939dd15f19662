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

PHRASE_WINDOW = 200


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

    One matcher per segment, moved forward with ``skip_to``: positions are
    read for these documents only.
    """
    scores = {}
    wanted = sorted(docnums)
    context = searcher.context()
    for sub, offset in searcher.leaf_searchers():
        end = offset + sub.doc_count_all()
        local = [docnum - offset for docnum in wanted if offset <= docnum < end]
        if not local:
            continue
        matcher = phrase.matcher(sub, context)
        for docnum in local:
            if not matcher.is_active():
                break
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
                if not matcher.is_active():
                    break
            if matcher.id() == docnum:
                scores[docnum + offset] = matcher.score()
    return scores
