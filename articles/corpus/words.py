"""A large invented vocabulary whose word frequencies follow Zipf's law.

Real archives have a few very common words, a long tail of rare ones, and
many names. Search cost depends on exactly that shape (posting-list lengths),
so the benchmark corpus imitates it instead of drawing words uniformly.
"""

import random


def _listed(text):
    return text.split()


# The top of any English frequency list: common enough that the analyzer's
# stop-word handling matters, and they make the prose read like prose.
FUNCTION_WORDS = _listed(
    "the of and to in a is that for on was with he it as at by from his "
    "but be have are which said has an were had not they been its their this "
    "after who would will one more also about over than into two new other "
    "some when could last year people there first may up out against"
)

_ONSETS = _listed(
    "b c d f g h j k l m n p r s t v w z "
    "bl br ch cl cr dr fl fr gl gr kr pl pr sh sl sp st str th tr"
)
_VOWELS = _listed("a e i o u a e i o ai ea ou io")
_CODAS = ["", "", "", "n", "r", "l", "s", "t", "m", "nd", "rt", "st", "ng"]


def _syllable(rng):
    return rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)


def invented_words(rng, count, min_syllables=1, max_syllables=4):
    """``count`` distinct pronounceable words, shorter ones first (they are the commoner)."""
    seen = set(FUNCTION_WORDS)
    words = []
    while len(words) < count:
        # Short words are more frequent in every language: rank by length plus noise.
        n = min(max_syllables, min_syllables + int(rng.expovariate(0.9)))
        word = "".join(_syllable(rng) for _ in range(n))
        if 3 <= len(word) <= 16 and word not in seen:
            seen.add(word)
            words.append((n + rng.random() * 1.5, word))
    words.sort()
    return [word for _, word in words]


class ZipfSampler:
    """Draw words with probability proportional to 1 / (rank + offset) ** exponent.

    Each word fills a share of a long table in proportion to its weight (every
    word at least one slot), so a draw is one uniform index into the table:
    several times faster than weighted ``choices``, which matters at a million
    articles of 400 words.
    """

    TABLE_SIZE = 1 << 21

    def __init__(self, words, exponent=1.0, offset=2.7):
        weights = [1 / (rank + offset) ** exponent for rank in range(len(words))]
        scale = self.TABLE_SIZE / sum(weights)
        self.table = []
        for word, weight in zip(words, weights, strict=True):
            self.table.extend([word] * max(1, round(weight * scale)))

    def sample(self, rng, k):
        return rng.choices(self.table, k=k)


class Vocabulary:
    """Everything the generator draws words from, fixed by one seed."""

    def __init__(self, seed, size=40_000):
        rng = random.Random(f"vocabulary:{seed}")
        invented = invented_words(rng, size)
        self.content = invented  # by rank: index 0 is the commonest content word
        self.words = ZipfSampler(FUNCTION_WORDS + invented)
        # Headlines use content words only, with a flatter curve: newsroom
        # headlines avoid both "the" and the rarest words.
        self.headline_words = ZipfSampler(invented[:20_000], exponent=0.8, offset=20)
        names = invented_words(random.Random(f"names:{seed}"), 6_000, 2, 3)
        self.first_names = [n.capitalize() for n in names[:1_500]]
        self.surnames = [n.capitalize() for n in names[1_500:]]
        self.places = [n.capitalize() for n in invented_words(rng, 3_000, 2, 3)]

    def mid_frequency(self, start=50, stop=2_000):
        """Content words common enough to match many documents, rare enough to select."""
        return self.content[start:stop]
