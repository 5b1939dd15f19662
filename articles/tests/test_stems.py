"""Our fast word finder gives the stems the index's own analyzer gives."""

import random

from haystack import connections
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import TEXT
from whoosh.formats import Positions

from articles.corpus.generator import generate_records
from articles.corpus.words import Vocabulary
from articles.sanitize import sanitized_text
from articles.search.stems import WORD, index_form, index_words, stem_positions
from articles.search.text_field import StemmedText, encode_positions
from articles.tests.shared_data import require


def analyzer():
    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    return backend.schema["text"].analyzer


def test_index_words_equal_the_text_fields_analyzer():
    analyze = analyzer()
    naughty = require("corpora/naughty/blns.txt").read_text("utf-8").splitlines()
    bodies = [
        sanitized_text(record["body_html"]) for _, record in generate_records(30, 4, Vocabulary(4))
    ]
    samples = [
        "U.S. forces and the U.N.'s envoy met in Kabul at 10.30; it's 3.5% of GDP.",
        "Ünïcödé wörds, CAPITALS, a b c, an_underscore and naïve café",
        *naughty,
        *bodies,
    ]
    differ = [
        text for text in samples if list(index_words(text)) != [t.text for t in analyze(text)]
    ]
    assert not differ, differ[:3]
    assert list(index_words("The floods and the flooding")) == ["flood", "flood"]


def _samples():
    naughty = require("corpora/naughty/blns.txt").read_text("utf-8").splitlines()
    xss = require("corpora/xss/payloadbox/xss-payload-list.txt").read_text("utf-8").splitlines()
    bodies = [
        sanitized_text(record["body_html"]) for _, record in generate_records(20, 5, Vocabulary(5))
    ]
    return [
        "The army and the navy. The army said: U.S.A. 3.14 co-op, I a an.",
        "",
        "the of and",
        "  leading spaces, then the first word is a stop word",
        "\n".join(naughty),
        *naughty,
        *xss[:500],
        *bodies,
    ]


def test_the_quick_text_field_indexes_what_whooshs_text_field_does():
    quick = StemmedText(stored=True, spelling=True, field_boost=1.5)
    plain = TEXT(stored=True, analyzer=StemmingAnalyzer(), spelling=True, field_boost=1.5)
    differ = [
        text
        for text in _samples()
        if sorted(quick.index(text)) != sorted(plain.index(text))
        or list(quick.spellable_words(text)) != list(plain.spellable_words(text))
    ]
    assert not differ, differ[:3]
    # Positions as Whoosh numbers them: the first kept word keeps its place.
    assert stem_positions("the army and the army") == {"armi": [1, 2]}


def test_the_search_index_uses_the_quick_text_field():
    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    for name in ("text", "headline", "caption"):
        assert isinstance(backend.schema[name], StemmedText), name
    assert backend.schema["text"].separate_spelling()  # "Did you mean" keeps its words


def test_index_form_of_each_word_as_written_is_what_the_analyzer_keeps_of_it():
    analyze = analyzer()
    words = {word for text in _samples() for word in WORD.findall(text)}
    words |= {"FLOODING", "Floods", "The", "A", "U.S.A"}
    assert len(words) > 2000
    differ = [
        word
        for word in words
        if index_form(word) != next((token.text for token in analyze(word)), None)
    ]
    assert not differ, differ[:5]
    assert index_form("FLOODING") == "flood"
    assert index_form("The") is None


def test_positions_are_encoded_as_whoosh_encodes_them():
    rng = random.Random(7)
    lists = [[], [0], [5], [70_000], [1, 2, 3]]
    lists += [sorted(rng.sample(range(200_000), rng.randint(2, 60))) for _ in range(2_000)]
    whoosh_encode = Positions().encode
    assert [encode_positions(p) for p in lists] == [whoosh_encode(p) for p in lists]
