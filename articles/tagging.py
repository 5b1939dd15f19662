"""Automatic tags: which countries and topics a piece of text talks about.

Country names are matched case-sensitively on word boundaries, so "turkey"
the bird or "chad" in lower case never tag a country.  The lookup joins
pycountry's names with countryinfo's demonyms, capitals and spellings; words
that name several countries or are mostly something else are left out or
need a second, confirming mention.
"""

import functools
import re

import countryinfo
import pycountry

# Phrases that contain a country word but are about something else: the
# longest-match scan consumes them, and a None code means "no country".
_NOT_A_COUNTRY = {
    "Latin America": None,
    "South America": None,
    "North America": None,
    "Central America": None,
    "Latin American": None,
    "South American": None,
    "North American": None,
    "Central American": None,
    "Indian Ocean": None,
    "West Indian": None,
    "New Mexico": None,
    "New Jersey": None,
    "New Guinea": None,
    "New South Wales": None,
    "Guinea pig": None,
    "Turkey Day": None,
    "Jordan River": None,
    "English": None,
}

# Everyday names the packages spell differently or not at all.
_EXTRA_NAMES = {
    "US": "US",
    "U.S.": "US",
    "USA": "US",
    "U.S.A.": "US",
    "America": "US",
    "United States": "US",
    "UK": "GB",
    "U.K.": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "UAE": "AE",
    "Emirati": "AE",
    "DRC": "CD",
    "DR Congo": "CD",
    "Niger Delta": "NG",
    "Turkey": "TR",
    "Turkish": "TR",
    "Russia": "RU",
    "Kremlin": "RU",
    "Indian": "IN",
    "Chinese": "CN",
    "French": "FR",
    "American": "US",
    "Norwegian": "NO",
    "Kyiv": "UA",
    "Kiev": "UA",
    "Afghan": "AF",
    "Holland": "NL",
    "Burma": "MM",
    "Ivory Coast": "CI",
    "Palestine": "PS",
    "Palestinian": "PS",
    "Vatican": "VA",
    "Saudi": "SA",
    "Emirates": "AE",
}

# Spellings in the packages that are ordinary English words or first names.
_NOT_NAMES = frozenset({"Island", "Mann", "Sofia", "Prathet", "Mexicanos", "Portuguesa"})

# Abbreviations that are ordinary words in all-caps text ("LET US PRAY").
_ABBREVIATIONS = frozenset({"US", "UK", "USA", "UAE", "DRC"})

# Also first names or surnames: not counted beside another capitalised word
# ("Michael Jordan", "Chad Smith").
_PERSON_NAMES = frozenset({"Jordan", "Chad"})
# Also a US state: counted only when something else in the text (the
# capital, another country's name for it) confirms the country.
_NEEDS_CONFIRMATION = frozenset({"Georgia", "Georgian"})

# Capitals that are also common place or person names elsewhere; they still
# count in a dateline, where the paper means the capital.
_AMBIGUOUS_CAPITALS = frozenset(
    {
        "Douglas",
        "Hamilton",
        "Kingston",
        "Victoria",
        "Stanley",
        "Plymouth",
        "Jamestown",
        "George Town",
        "Georgetown",
        "San Juan",
        "Saint-Denis",
        "Santiago",
        "Sucre",
        "The Valley",
        "West Island",
        "Nassau",
        "Jerusalem",
        "Washington D.C.",
        "Roseau",
        "Luxembourg",
        "Monaco",
        "Singapore",
        "Djibouti",
        "Gibraltar",
        "Edinburgh",
    }
)

# Cities that head news datelines without being capitals.
_DATELINE_CITIES = {
    "KARACHI": "PK",
    "LAHORE": "PK",
    "PESHAWAR": "PK",
    "QUETTA": "PK",
    "RAWALPINDI": "PK",
    "MULTAN": "PK",
    "FAISALABAD": "PK",
    "HYDERABAD": "PK",
    "GWADAR": "PK",
    "SUKKUR": "PK",
    "MUZAFFARABAD": "PK",
    "GILGIT": "PK",
    "MUMBAI": "IN",
    "SRINAGAR": "IN",
    "KOLKATA": "IN",
    "WASHINGTON": "US",
    "NEW YORK": "US",
    "UNITED NATIONS": "",
    "GENEVA": "CH",
    "DUBAI": "AE",
    "JEDDAH": "SA",
    "ISTANBUL": "TR",
    "KANDAHAR": "AF",
    "JALALABAD": "AF",
    "ST PETERSBURG": "RU",
    "SHANGHAI": "CN",
    "SYDNEY": "AU",
    "TORONTO": "CA",
    "JERUSALEM": "IL",
    "GAZA": "PS",
    "GAZA CITY": "PS",
    "HONG KONG": "HK",
}

_WORD_BEFORE = re.compile(r"([A-Za-z][\w'’.-]*)\s+$")
_WORD_AFTER = re.compile(r"^\s+([A-Za-z][\w'’.-]*)")
# Words that may stand before a country name without making it a person's name.
_TITLE_WORDS = frozenset({"The", "In", "From", "To", "And", "Of", "For", "With", "At", "By"})


def _capitals(info):
    try:
        capital = info.capital()
    except (KeyError, AttributeError):
        return []
    if isinstance(capital, list):
        return [c for c in capital if c]
    return [capital] if capital else []


def _safe(method):
    try:
        return method() or None
    except (KeyError, AttributeError):
        return None


def _usable_name(name):
    # "Korea, Republic of" is an index form nobody writes in prose; short
    # all-caps spellings are ISO codes that collide with words ("IN", "AF").
    return (
        bool(name)
        and "," not in name
        and name not in _NOT_NAMES
        and not (name.isupper() and len(name) <= 3)
    )


@functools.cache
def _lookups():
    """(name → code for prose, NAME → code for datelines), built once."""
    known = {c.alpha_2 for c in pycountry.countries}
    candidates = {}

    def add(term, code):
        if _usable_name(term) and code in known:
            candidates.setdefault(term, set()).add(code)

    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            add(getattr(country, attr, None), country.alpha_2)
    capitals = {}
    for info in countryinfo.all_countries():
        code = _safe(lambda info=info: info.iso(2))
        if code not in known:
            continue
        add(_safe(info.name), code)
        add(_safe(info.demonym), code)
        for spelling in _safe(info.alt_spellings) or ():
            if spelling.isascii():
                add(spelling, code)
        for capital in _capitals(info):
            capitals.setdefault(capital, set()).add(code)

    prose = {term: codes.pop() for term, codes in candidates.items() if len(codes) == 1}
    dateline = {}
    for capital, codes in capitals.items():
        if len(codes) != 1:
            continue
        code = next(iter(codes))
        dateline[capital.upper()] = code
        if capital not in _AMBIGUOUS_CAPITALS and capital not in _NOT_NAMES:
            prose.setdefault(capital, code)
    prose.update(_EXTRA_NAMES)
    prose.update(_NOT_A_COUNTRY)
    for term, code in prose.items():
        if code and term not in _ABBREVIATIONS:
            dateline.setdefault(term.upper(), code)
    dateline.update({city: code for city, code in _DATELINE_CITIES.items() if code})
    dateline.update({"WASHINGTON DC": "US", "WASHINGTON D.C.": "US", "KIEV": "UA"})
    return prose, dateline


@functools.cache
def _prose_pattern():
    prose, _ = _lookups()
    # Longest first, so "Papua New Guinea" wins over "Guinea" at the same spot.
    terms = sorted(prose, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(t) for t in terms) + r")(?![\w])")


def _is_all_caps_context(text, start, end):
    before = _WORD_BEFORE.search(text[:start])
    after = _WORD_AFTER.search(text[end:])
    return any(m and m.group(1).isupper() and len(m.group(1)) > 1 for m in (before, after))


def _is_person_name(text, start, end):
    # "Michael Jordan", "Jordan Peterson": a capitalised word touching the name.
    before = _WORD_BEFORE.search(text[:start])
    if before:
        word = before.group(1)
        # A word ending a sentence ("Amman. Jordan …") is no first name.
        if word[0].isupper() and word not in _TITLE_WORDS and not word.endswith((".", ":")):
            return True
    after = _WORD_AFTER.search(text[end:])
    return bool(after and after.group(1)[0].isupper())


def _dateline_countries(dateline):
    _, lookup = _lookups()
    found = set()
    for part in re.split(r"[/,&]|\band\b", dateline.upper()):
        name = " ".join(part.replace(":", " ").split())
        if name in lookup:
            found.add(lookup[name])
    return found


@functools.cache
def _names_any_case():
    prose, dateline = _lookups()
    names = {term.casefold(): code for term, code in prose.items() if code}
    names.update({term.casefold(): code for term, code in dateline.items()})
    return names


def country_code_for(name):
    """The alpha-2 code for a country name, code or common name in any case, or None."""
    value = " ".join(name.split())
    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        return _names_any_case().get(value.casefold())


def countries_in(text, dateline=""):
    """ISO alpha-2 codes of the countries that ``text`` (and its dateline) mention."""
    prose, _ = _lookups()
    found = set()
    tentative = set()
    for match in _prose_pattern().finditer(text or ""):
        term = match.group(1)
        code = prose[term]
        if not code:
            continue
        if term in _ABBREVIATIONS and _is_all_caps_context(text, match.start(), match.end()):
            continue
        if term in _PERSON_NAMES | _NEEDS_CONFIRMATION and _is_person_name(
            text, match.start(), match.end()
        ):
            continue
        if term in _NEEDS_CONFIRMATION:
            tentative.add(code)
            continue
        found.add(code)
    from_dateline = _dateline_countries(dateline) if dateline else set()
    confirmed = found | from_dateline
    return confirmed | (tentative & confirmed)


def topics_in(text, topics):
    """The topics among ``topics`` whose keywords occur in ``text`` (case-insensitive).

    A list in the given order: unsaved topics cannot go in a set.
    """
    text = text or ""
    matched = []
    for topic in topics:
        keywords = topic.keyword_list()
        if not keywords:
            continue
        pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(k) for k in keywords) + r")(?!\w)",
            re.IGNORECASE,
        )
        if pattern.search(text):
            matched.append(topic)
    return matched
