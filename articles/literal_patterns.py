"""Regular expressions for long lists of literal words, factored so they run fast.

A flat alternation ``Afghanistan|Albania|…`` of a thousand names makes
Python's engine try every name at every place it may start: 3 ms of an
article's import went into scanning it for country names. The same names as
a tree of shared beginnings (``A(?:fghanistan|lbania)``) try one branch per
character, and match exactly what the flat alternation, longest name first,
matches.
"""

import re

_END = ""  # a key no character can be: a name ends at this node


def longest_first(words):
    """A pattern source matching, at a position, the longest of ``words`` found there.

    Equal to ``"|".join(map(re.escape, sorted(words, key=len, reverse=True)))``
    in what it matches, including when a lookahead after it makes the engine
    fall back to a shorter word: each node tries the longer continuations
    first and ending there last.
    """
    tree = {}
    for word in words:
        if not word:
            raise ValueError("an empty word would match everywhere")
        node = tree
        for character in word:
            node = node.setdefault(character, {})
        node[_END] = None
    return _branch(tree)


def _branch(node):
    longer = [
        re.escape(character) + _branch(child)
        for character, child in node.items()
        if child is not None
    ]
    ends_here = _END in node
    if not longer:
        return ""
    body = longer[0] if len(longer) == 1 else "(?:" + "|".join(longer) + ")"
    if ends_here:
        # Greedy: the continuation is tried before stopping at this word.
        return "(?:" + body + ")?" if len(longer) == 1 else body + "?"
    return body
