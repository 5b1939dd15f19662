"""Our fast word finder gives the stems the index's own analyzer gives."""

from haystack import connections

from articles.corpus.generator import generate_records
from articles.corpus.words import Vocabulary
from articles.sanitize import sanitized_text
from articles.search.stems import index_words
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
