"""The index's text fields, analysed without a token object per word.

Whoosh's ``TEXT`` field runs its ``StemmingAnalyzer`` over every value: a
token object per word, four generator stages, a dictionary of positions. That
was a fifth of a rebuild. ``StemmedText`` keeps the analyzer (queries,
highlighting and "more like this" still use it) and indexes with
``stems.stem_positions``, which gives the same words, positions and weights;
tests compare the two on real and hostile text.
"""

import operator
from pickle import dumps

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.system import pack_uint

from articles.search import stems

_ONE_POSITION = {}  # position → the encoding of [position]
_ONE_POSITION_LIMIT = 10_000
_last_kept = (None, ())  # the last text indexed, and the words it kept as written


def encode_positions(positions):
    """Whoosh's ``Positions.encode``, byte for byte, without its loop over positions."""
    deltas = [*positions[:1], *map(operator.sub, positions[1:], positions)]
    return pack_uint(len(deltas)) + dumps(deltas, 2)


class StemmedText(TEXT):
    def __init__(self, **kwargs):
        super().__init__(analyzer=StemmingAnalyzer(), **kwargs)

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        boost = self.format.field_boost
        for term, positions, encoded in self._terms(value):
            freq = len(positions)
            yield term, freq, freq * boost, encoded

    def index_into(self, value, postings, docnum):
        """``index()`` for the rebuild's segment builder; returns the field's length.

        Each posting is appended to ``postings[term]`` as three items (the
        document number, weight and value), the builder's own layout, with
        no tuple yielded and unpacked for each term on the way.
        """
        boost = self.format.field_boost
        length = 0
        for term, positions, encoded in self._terms(value):
            freq = len(positions)
            length += freq
            run = postings.get(term)
            if run is None:
                postings[term] = [docnum, freq * boost, encoded]
            else:
                run += (docnum, freq * boost, encoded)
        return length

    def _terms(self, value):
        """[(term, positions, the positions encoded)] of the text ``value``."""
        encode = encode_positions if type(self.format) is Positions else self.format.encode
        single = _ONE_POSITION
        positions_of, kept = stems.analysed(value)
        # Whoosh asks for the spelling words of the same value next: they were
        # found on the way (a second pass over the text was a twentieth of a
        # rebuild). Kept outside the field, which is pickled with the schema;
        # one name, set at once, so threads cannot mix values up.
        global _last_kept
        _last_kept = (value, kept)
        terms = []
        for stem, positions in positions_of.items():
            if len(positions) == 1 and positions[0] < _ONE_POSITION_LIMIT:
                # Most words of a document occur once: their encoding is shared.
                position = positions[0]
                encoded = single.get(position)
                if encoded is None:
                    encoded = single[position] = encode(positions)
            else:
                encoded = encode(positions)
            terms.append((stem.encode("utf-8"), positions, encoded))
        return terms

    def spellable_words(self, value):
        if not isinstance(value, str):
            return super().spellable_words(value)
        last_value, kept = _last_kept
        if last_value is value:
            return iter(sorted({word.lower() for word in kept}))
        return iter(sorted(stems.kept_words(value)))
