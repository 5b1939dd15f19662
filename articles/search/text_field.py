"""The index's text fields, analysed without a token object per word.

Whoosh's ``TEXT`` field runs its ``StemmingAnalyzer`` over every value: a
token object per word, four generator stages, a dictionary of positions. That
was a fifth of a rebuild. ``StemmedText`` keeps the analyzer (queries,
highlighting and "more like this" still use it) and indexes with
``stems.stem_positions``, which gives the same words, positions and weights;
tests compare the two on real and hostile text.
"""

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import TEXT

from articles.search import stems


class StemmedText(TEXT):
    def __init__(self, **kwargs):
        super().__init__(analyzer=StemmingAnalyzer(), **kwargs)

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        boost = self.format.field_boost
        encode = self.format.encode
        for stem, positions in stems.stem_positions(value).items():
            yield stem.encode("utf-8"), len(positions), len(positions) * boost, encode(positions)

    def spellable_words(self, value):
        if not isinstance(value, str):
            return super().spellable_words(value)
        return iter(sorted(stems.kept_words(value)))
