import re

import pytest

from articles import tagging
from articles.literal_patterns import longest_first
from articles.tests.shared_data import require


def flat(words):
    """The plain alternation that ``longest_first`` must match like."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def found(source, text):
    pattern = re.compile(r"(?<![\w.])(" + source + r")(?![\w])")
    return [(m.start(), m.end(), m.group(1)) for m in pattern.finditer(text)]


def test_longest_word_wins_and_a_failed_lookahead_falls_back_to_a_shorter_one():
    words = ["Niger", "Nigeria", "Nigerian", "Papua New Guinea", "Guinea", "New"]
    text = "Nigerians, Nigeria's Niger; Papua New Guinean and Guinea. Newer New"
    assert found(longest_first(words), text) == [
        (11, 18, "Nigeria"),
        (21, 26, "Niger"),
        (34, 37, "New"),  # inside "Papua New Guinean", which is not the country
        (50, 56, "Guinea"),
        (64, 67, "New"),
    ]
    assert found(longest_first(words), text) == found(flat(words), text)


def test_characters_with_a_meaning_in_patterns_are_literal():
    words = ["C++", "a.b", "(x)", "S[0]"]
    text = "C++ and a.b or axb (x) S[0] S0"
    assert found(longest_first(words), text) == found(flat(words), text)
    assert [hit[2] for hit in found(longest_first(words), text)] == ["C++", "a.b", "(x)", "S[0]"]


def test_an_empty_word_is_refused():
    with pytest.raises(ValueError):
        longest_first(["Chad", ""])


def country_terms():
    prose, _ = tagging._lookups()
    return list(prose)


def test_the_country_pattern_matches_like_the_flat_one_on_every_name_in_every_context():
    terms = country_terms()
    # Each name alone, glued to word characters, as a prefix of a longer
    # name, and after a full stop, where the lookarounds must reject or fall back.
    pieces = []
    for term in terms:
        pieces += [term, f"{term}s", f"{term}'s", f"x{term}", f".{term}", f"{term}-{term}"]
    text = " ".join(pieces) + " " + ", ".join(terms)
    assert found(longest_first(terms), text) == found(flat(terms), text)
    assert tagging._prose_pattern().pattern == r"(?<![\w.])(" + longest_first(terms) + r")(?![\w])"


def test_the_country_pattern_matches_like_the_flat_one_on_real_news():
    folder = require("corpora/bbc-news-2225")
    texts = [path.read_text(errors="replace") for path in sorted(folder.rglob("*.txt"))[:300]]
    assert len(texts) >= 100
    terms = country_terms()
    fast, slow = longest_first(terms), flat(terms)
    hits = 0
    for text in texts:
        expected = found(slow, text)
        assert found(fast, text) == expected
        hits += len(expected)
    assert hits > 100  # the comparison saw real country mentions
