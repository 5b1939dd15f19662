"""Generate demo articles as importer records.  Pure: no database, no I/O.

``generate_records(count, seed)`` yields ``(location, record)`` pairs in the
importer's JSONL schema, oldest article first.  The same seed always gives the
same records; different seeds give different archives.
"""

import bisect
import random
from datetime import date, datetime, timedelta, timezone

from django.utils.text import slugify

from articles.demo import vocabulary as v

#: The archive's local offset (Asia/Karachi has no daylight saving).
OFFSET = timezone(timedelta(hours=5))
FIRST_DAY = date(2013, 1, 1)
LAST_DAY = date(2024, 12, 31)
EDITORIAL_POOL_SIZE = 60
DEFAULT_COUNT = 300
DEFAULT_SEED = 2024

#: Topic rows for the loader: name, slug, description and keyword rules.
DEMO_TOPICS = [
    {
        "name": t["name"],
        "slug": t["slug"],
        "description": t["description"],
        "keywords": "\n".join(t["keywords"]),
    }
    for t in v.TOPICS
]

_TOPICS_BY_SLUG = {t["slug"]: t for t in v.TOPICS}
_COUNTRY_CODES = {c[0]: c for c in v.COUNTRIES}


class _Deck:
    """Deal items in shuffled rounds, so every item turns up before any repeats."""

    def __init__(self, rng, items):
        self.rng = rng
        self.items = list(items)
        self.hand = []

    def deal(self):
        if not self.hand:
            self.hand = self.items[:]
            self.rng.shuffle(self.hand)
        return self.hand.pop()


def _word_count(text):
    return len(text.split())


def _cap(text):
    return text[:1].upper() + text[1:]


def _spread_datetimes(rng, count, first=FIRST_DAY, last=LAST_DAY):
    """``count`` sorted datetimes spread evenly (with jitter) from ``first`` to ``last``."""
    start = datetime.combine(first, datetime.min.time(), OFFSET)
    span = (last - first).days + 1
    out = []
    for i in range(count):
        day = int(span * (i + rng.random()) / count)
        minutes = rng.randint(7 * 60, 22 * 60)
        out.append(start + timedelta(days=day, minutes=minutes))
    return out


def _amount(rng):
    if rng.random() < 0.75:
        return f"${rng.randint(12, 950)} million"
    return f"${rng.randint(1, 9)}.{rng.randint(1, 9)} billion"


def _person(rng):
    return f"{rng.choice(v.FIRST_NAMES)} {rng.choice(v.SURNAMES)}"


def _country_slots(country, prefix="country"):
    _code, name, demonym, capital = country
    if prefix == "country":
        return {"country": name, "demonym": demonym, "capital": capital}
    return {prefix: name, f"{prefix}_demonym": demonym, f"{prefix}_capital": capital}


def _slots(rng, topic, country, partner, when):
    role = rng.choice(topic["roles"])
    name = _person(rng)
    notable, notable_role = v.NOTABLES[topic["slug"]]
    news_day = when - timedelta(days=rng.choice((0, 1, 1)))
    slots = {
        **_country_slots(country),
        **_country_slots(partner, "partner"),
        "official": f"{role} {name}",
        "official_name": name,
        "official_surname": name.split()[-1],
        "official_role": role.lower() if not role[0].islower() else role,
        "notable": notable,
        "notable_surname": notable.split()[-1],
        "notable_role": notable_role,
        "org": rng.choice(topic["orgs"]),
        "thing": rng.choice(topic["things"]),
        "num": rng.randint(3, 40),
        "num_word": rng.choice(v.NUM_WORDS),
        "ordinal": rng.choice(v.ORDINALS),
        "big": f"{rng.randint(12, 980) * 100:,}",
        "pct": f"{rng.randint(1, 17)}.{rng.randint(1, 9)}",
        "small_pct": f"{rng.randint(0, 3)}.{rng.randint(1, 9)}",
        "amount": _amount(rng),
        "year": when.year,
        "prev_year": when.year - rng.randint(1, 6),
        "next_year": when.year + 1,
        "month": v.MONTHS[when.month - 1],
        "weekday": v.WEEKDAYS[news_day.weekday()],
        "region": rng.choice(v.REGIONS),
    }
    slots["attribution"] = rng.choice(v.ATTRIBUTION).format(**slots)
    return slots


class _Sentences:
    """Draw formatted sentences from named pools without repeating one in an article."""

    def __init__(self, rng, topic, slots):
        self.rng = rng
        self.slots = slots
        self.pools = {
            "details": list(topic["details"]),
            "quotes": list(topic["quotes"]),
            "background": list(topic["background"]),
            "reaction": list(v.GENERIC_REACTION),
            "context": list(v.GENERIC_CONTEXT),
            "outlook": list(v.GENERIC_OUTLOOK),
        }
        for pool in self.pools.values():
            rng.shuffle(pool)

    def fmt(self, template):
        return _cap(template.format(**self.slots))

    def take(self, kind, max_words=None):
        pool = self.pools[kind]
        for i, template in enumerate(pool):
            text = self.fmt(template)
            if max_words is None or _word_count(text) <= max_words:
                del pool[i]
                return text
        return None

    def take_any(self):
        for kind in _ANY:
            text = self.take(kind)
            if text:
                return text
        raise ValueError("ran out of sentences")  # pragma: no cover - pools are large


_ANY = ("details", "background", "context", "reaction", "outlook", "quotes")
_FILLERS = {"details": 5, "background": 3, "context": 1.5, "reaction": 1.5}


def _paragraph(sentences, first, rng, min_words=40, max_words=90):
    parts = [first]
    words = _word_count(first)
    target = rng.randint(min_words + 5, 68)
    while words < target:
        # Mostly the topic's own sentences; generic ones now and then.
        kinds = sorted(_FILLERS, key=lambda k: rng.random() * _FILLERS[k], reverse=True)
        for kind in kinds:
            text = sentences.take(kind, max_words - words)
            if text:
                break
        else:
            break
        parts.append(text)
        words += _word_count(text)
    return " ".join(parts)


def _body(rng, topic, lead_template, slots):
    sentences = _Sentences(rng, topic, slots)
    n = rng.choice((4, 4, 5, 5, 5, 6, 6, 7, 8))
    middle = ["details", "quotes", "background", "reaction", "details", "context"]
    rng.shuffle(middle)
    # Journalists quote someone early: put a quote second or third.
    middle.remove("quotes")
    middle.insert(rng.randint(0, 1), "quotes")
    kinds = middle[: n - 2] + ["outlook"]
    lead = f"{slots['capital'].upper()}: " + sentences.fmt(lead_template)
    paragraphs = [_paragraph(sentences, lead, rng)]
    for kind in kinds:
        first = sentences.take(kind) or sentences.take_any()
        paragraphs.append(_paragraph(sentences, first, rng))
    return paragraphs


def _captions(rng, slots, published):
    captions = []
    for order in range(rng.choice((1, 1, 1, 2))):
        photo_day = published.date() - timedelta(days=rng.choice((1, 1, 1, 2, 0)))
        if order == 0 and rng.random() < 0.4:
            stamp = f"{photo_day:%b} {photo_day.day}, {photo_day.year}"
            scene = rng.choice(v.CAPTION_SCENES).format(**slots)
            text = f"Photo from {stamp}, shows {scene}."
        else:
            text = _cap(rng.choice(v.CAPTIONS).format(**slots))
        captions.append(
            {
                "text": text,
                "credit": rng.choice(v.PHOTO_CREDITS),
                "photo_date": photo_day.isoformat(),
            }
        )
    return captions


def _editorial_pool(rng):
    """About sixty opinion pieces, oldest first, spread a little wider than the articles."""
    titles = [(slug, title) for slug, group in v.EDITORIAL_TITLES.items() for title in group]
    rng.shuffle(titles)
    titles = titles[:EDITORIAL_POOL_SIZE]
    when = _spread_datetimes(rng, len(titles), FIRST_DAY - timedelta(days=90), LAST_DAY)
    pool = []
    for (slug, title), moment in zip(titles, when, strict=True):
        country = rng.choice(v.COUNTRIES)
        partner = rng.choice([c for c in v.COUNTRIES if c != country])
        slots = _slots(rng, _TOPICS_BY_SLUG[slug], country, partner, moment)
        first, rest = rng.choice(v.EDITORIAL_TEASERS).format(**slots).split(" ", 1)
        pool.append(
            {
                "title": title,
                "date": moment.date().isoformat(),
                "updated": rng.random() < 0.3,
                "teaser": f"{first.upper()} {rest}...",
                "url": None,
            }
        )
    return pool


def _pick_editorials(rng, pool, pool_dates, published):
    k = rng.randint(3, 6)
    end = max(bisect.bisect_right(pool_dates, published.date().isoformat()), k)
    return [dict(e) for e in reversed(pool[end - k : end])]


def _external_link(rng, slots):
    title = _cap(rng.choice(v.EXTERNAL_LINK_TITLES).format(**slots))
    return {"title": title, "url": f"https://example.org/features/{slugify(title)}"}


def _also_read(rng, slots, topic_slug, earlier):
    links = []
    for _ in range(rng.choice((0, 1, 1, 1, 2, 2))):
        if earlier and rng.random() < 0.85:
            recent = earlier[-80:]
            same = [r for r in recent if r[1] == topic_slug]
            title = rng.choice(same or recent)[0]
            link = {"title": title, "url": None}
        else:
            link = _external_link(rng, slots)
        if all(link["title"] != other["title"] for other in links):
            links.append(link)
    return links


def _countries_in(text, *countries):
    return [c[0] for c in countries if c[1] in text or c[2] in text or c[3] in text]


def generate_records(count=DEFAULT_COUNT, seed=DEFAULT_SEED):
    """Yield ``count`` demo ``(location, record)`` pairs, deterministic for ``seed``."""
    rng = random.Random(seed)
    topics = _Deck(rng, v.TOPICS)
    countries = _Deck(rng, v.COUNTRIES)
    bylines = v.REPORTERS + v.DESK_BYLINES[:2]
    pool = _editorial_pool(rng)
    pool_dates = [e["date"] for e in pool]
    seen = set()
    earlier = []  # (headline, topic slug) of records already yielded
    for i, published in enumerate(_spread_datetimes(rng, count)):
        topic = topics.deal()
        country = countries.deal()
        for _attempt in range(50):
            partner = rng.choice([c for c in v.COUNTRIES if c != country])
            story = rng.choice(topic["stories"])
            slots = _slots(rng, topic, country, partner, published)
            variant = rng.randrange(len(story["headlines"]))
            headline = _cap(story["headlines"][variant].format(**slots))
            if headline not in seen:
                break
        else:  # pragma: no cover - the template space is far larger than any demo
            headline = f"{headline} ({i + 1})"
        seen.add(headline)
        paragraphs = _body(rng, topic, story["leads"][variant], slots)
        body = "\n\n".join(paragraphs)
        updated = None
        if rng.random() < 0.2:
            updated = (published + timedelta(hours=rng.randint(1, 30))).isoformat()
        byline = rng.choice(bylines)
        if rng.random() < 0.15:
            byline = rng.choice(v.DESK_BYLINES)
        record = {
            "headline": headline,
            "published": published.isoformat(),
            "updated": updated,
            "url": None,
            "source": rng.choice(v.SOURCES),
            "section": topic["section"],
            "dateline": country[3].upper(),
            "byline": byline,
            "summary": _cap(story["summary"].format(**slots)),
            "body_text": body,
            "captions": _captions(rng, slots, published),
            "also_read": _also_read(rng, slots, topic["slug"], earlier),
            "editorials": _pick_editorials(rng, pool, pool_dates, published),
            "topics": [topic["slug"]],
            "countries": _countries_in(f"{headline}\n{body}", country, partner),
        }
        earlier.append((headline, topic["slug"]))
        yield f"demo:{seed}:{i + 1}", record
