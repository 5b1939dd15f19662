"""Stream a synthetic archive as importer records (the JSONL schema), any size.

``generate_records(count, seed)`` yields ``(location, record)`` pairs oldest
first, one at a time, so a million articles never sit in memory. The same
seed and count always give the same records.

Shape, chosen to resemble a national daily over 30 years: headlines of 6-14
words, bodies of about 400 words in 4-9 paragraphs, one or two photo captions
with a credit, one to three of 40 topics, one or two of ~250 countries (a few
far more often than the rest), and opinion pieces each shared by many articles.
"""

import math
import random
from datetime import UTC, date, datetime, timedelta

from django.utils.text import slugify

from articles.corpus.words import Vocabulary
from articles.countries import iso_countries
from articles.demo import vocabulary as demo

FIRST_DAY = date(1995, 1, 1)
YEARS = 30
DEFAULT_SEED = 1
# Raised whenever the records a seed gives change, so a benchmark directory
# built by an older generator is not reused as if it were the same corpus.
CORPUS_VERSION = 2
# One opinion piece for every this many articles; each article shows 0-3.
ARTICLES_PER_EDITORIAL = 40

TOPIC_NAMES = [
    "Agriculture", "Arts", "Aviation", "Banking", "Books", "Climate", "Courts",
    "Cricket", "Defence", "Diplomacy", "Education", "Elections", "Energy",
    "Environment", "Fashion", "Film", "Fisheries", "Football", "Health",
    "Housing", "Industry", "Labour", "Local government", "Markets", "Media",
    "Migration", "Mining", "Music", "Parliament", "Police", "Religion",
    "Science", "Shipping", "Space", "Technology", "Tourism", "Trade",
    "Transport", "Water", "Weather",
]  # fmt: skip
SOURCES = demo.SOURCES
CREDITS = sorted(set(demo.PHOTO_CREDITS)) + ["Staff", "Handout", "Pool"]


def topic_rows():
    return [{"name": name, "slug": slugify(name)} for name in TOPIC_NAMES]


def country_codes():
    return [code for code, _ in iso_countries()]


class _Weighted:
    """Pick from ``items`` with Zipf weights over a seeded shuffle of them."""

    def __init__(self, rng, items, exponent):
        self.items = list(items)
        rng.shuffle(self.items)
        total, self.cum = 0.0, []
        for rank in range(len(self.items)):
            total += 1 / (rank + 1) ** exponent
            self.cum.append(total)

    def pick(self, rng, k=1):
        chosen = []
        while len(chosen) < k:
            item = rng.choices(self.items, cum_weights=self.cum)[0]
            if item not in chosen:
                chosen.append(item)
        return chosen


def _sentence(rng, vocab, length, extras=()):
    words = vocab.words.sample(rng, length)
    for extra in extras:
        words[rng.randrange(len(words))] = extra
    text = " ".join(words)
    return text[:1].upper() + text[1:] + "."


def _paragraphs(rng, vocab, total_words, names):
    # One draw for the whole body, then cut into sentences and paragraphs.
    words = vocab.words.sample(rng, total_words)
    paragraphs, sentences, start = [], [], 0
    per_paragraph = rng.randint(2, 4)
    while start < len(words):
        length = rng.randint(10, 28)
        chunk = words[start : start + length]
        start += length
        if names and rng.random() < 0.3:
            chunk[rng.randrange(len(chunk))] = rng.choice(names)
        text = " ".join(chunk)
        sentences.append(text[:1].upper() + text[1:] + ".")
        if len(sentences) == per_paragraph:
            paragraphs.append(" ".join(sentences))
            sentences, per_paragraph = [], rng.randint(2, 4)
    if sentences:
        paragraphs.append(" ".join(sentences))
    return paragraphs


def _person(rng, vocab):
    return f"{rng.choice(vocab.first_names)} {rng.choice(vocab.surnames)}"


def _headline(rng, vocab, country):
    words = vocab.headline_words.sample(rng, rng.randint(6, 14))
    if rng.random() < 0.5:
        words[rng.randrange(len(words))] = country
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _moment(index, count, rng):
    """Spread ``count`` articles evenly over the 30 years, in order, with jitter."""
    span = YEARS * 365.25 * 86400
    offset = span * (index + rng.random()) / count
    return datetime.combine(FIRST_DAY, datetime.min.time(), UTC) + timedelta(seconds=offset)


def editorial_count(count):
    return max(10, math.ceil(count / ARTICLES_PER_EDITORIAL))


def _editorial(seed, number, total, vocab):
    # Each opinion piece comes from its own seeded generator, so any article
    # can name it without the whole pool being kept in memory.
    rng = random.Random(f"editorial:{seed}:{number}")
    when = _moment(number, total, rng).date()
    title = " ".join(vocab.headline_words.sample(rng, rng.randint(3, 8)))
    return {
        "title": title[:1].upper() + title[1:],
        "date": when.isoformat(),
        "updated": rng.random() < 0.2,
        "teaser": _sentence(rng, vocab, rng.randint(20, 35)),
        "url": None,
    }


def generate_records(count, seed=DEFAULT_SEED, vocab=None):
    """Yield ``count`` ``(location, record)`` pairs, deterministic for ``(count, seed)``."""
    vocab = vocab or Vocabulary(seed)
    rng = random.Random(f"articles:{seed}")
    topics = _Weighted(rng, [t["slug"] for t in topic_rows()], exponent=0.7)
    codes = _Weighted(rng, country_codes(), exponent=1.1)
    names_of = dict(iso_countries())
    editorials = editorial_count(count)
    bylines = [_person(rng, vocab) for _ in range(400)]
    for index in range(count):
        published = _moment(index, count, rng)
        countries = codes.pick(rng, 1 if rng.random() < 0.7 else 2)
        country = names_of[countries[0]]
        people = [_person(rng, vocab) for _ in range(rng.randint(1, 3))]
        mentions = people + [country, rng.choice(vocab.places)]
        paragraphs = _paragraphs(rng, vocab, max(100, int(rng.gauss(400, 90))), mentions)
        nearest = index * editorials // count
        shown = sorted(
            {
                min(editorials - 1, max(0, nearest - rng.randint(0, 4)))
                for _ in range(rng.choice((0, 1, 1, 2, 2, 3)))
            }
        )
        captions = [
            {
                "text": _sentence(rng, vocab, rng.randint(8, 22), [rng.choice(people)]),
                "credit": rng.choice(CREDITS),
                "photo_date": (published.date() - timedelta(days=rng.randint(0, 2))).isoformat(),
            }
            for _ in range(1 if rng.random() < 0.7 else 2)
        ]
        yield (
            f"corpus:{seed}:{index + 1}",
            {
                "headline": _headline(rng, vocab, country),
                "published": published.isoformat(),
                "updated": None,
                "url": None,
                "source": rng.choice(SOURCES),
                "section": "",
                "dateline": rng.choice(vocab.places).upper(),
                "byline": rng.choice(bylines),
                "summary": _sentence(rng, vocab, rng.randint(18, 30)),
                "body_html": "".join(f"<p>{p}</p>" for p in paragraphs),
                "captions": captions,
                "also_read": [],
                "editorials": [_editorial(seed, n, editorials, vocab) for n in shown],
                "topics": topics.pick(rng, rng.choice((1, 1, 2, 2, 3))),
                "countries": countries,
            },
        )
