"""Country tagging measured on Reuters-21578: precision and recall against PLACES.

    .venv/bin/python bench/tagging_bench.py [--limit N] [--misses 20]

Each story's title, dateline and body go through ``articles.tagging.country_evidence``
(what the importer uses); its PLACES field, mapped to ISO codes, is the
ground truth.  Counts are micro-averaged over (story, country) pairs, for
stories with a body and at least one mappable place.  PLACES lists the
countries a story is about, which is not always a country it names, so
recall has a ceiling below 1.  The files are latin-1 SGML, read at run time
from ../shared/corpora/reuters21578 (NEWSARCHIVE_SHARED_DIR overrides).
"""

import argparse
import html
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings.dev")

_STORY = re.compile(r"<REUTERS\b.*?</REUTERS>", re.DOTALL)
_FIELD = {
    name: re.compile(rf"<{name}>(.*?)</{name}>", re.DOTALL)
    for name in ("TITLE", "DATELINE", "BODY", "PLACES")
}
_D = re.compile(r"<D>(.*?)</D>")
_ENTITY_CONTROL = re.compile(r"&#\d+;")
# Reuters' slugs for places that ISO names differently, or that no longer exist
# (mapped to the successor state a reader would tag today).
_PLACE_CODES = {
    "usa": "US",
    "uk": "GB",
    "ussr": "RU",
    "west-germany": "DE",
    "east-germany": "DE",
    "south-korea": "KR",
    "north-korea": "KP",
    "uae": "AE",
    "czechoslovakia": "CZ",
    "yugoslavia": "RS",
    "zaire": "CD",
    "burma": "MM",
    "kampuchea": "KH",
    "ivory-coast": "CI",
    "yemen-arab-republic": "YE",
    "yemen-demo-republic": "YE",
    "western-samoa": "WS",
    "trinidad-tobago": "TT",
    "vatican": "VA",
    "macao": "MO",
    "swaziland": "SZ",
    "congo": "CG",
}


def corpus_dir():
    shared = Path(os.environ.get("NEWSARCHIVE_SHARED_DIR") or REPO.parent / "shared")
    return shared / "corpora" / "reuters21578"


def _text(story, name):
    match = _FIELD[name].search(story)
    return html.unescape(_ENTITY_CONTROL.sub(" ", match.group(1))).strip() if match else ""


def place_code(slug):
    from articles.tagging import country_code_for

    return _PLACE_CODES.get(slug) or country_code_for(slug.replace("-", " "))


def stories(folder):
    for path in sorted(folder.glob("reut2-*.sgm")):
        # latin-1: reut2-017 holds a byte that is not UTF-8.
        raw = path.read_bytes().decode("latin-1")
        for match in _STORY.finditer(raw):
            story = match.group(0)
            body = _text(story, "BODY")
            places = _D.findall(_FIELD["PLACES"].search(story).group(1))
            if body and places:
                yield _text(story, "TITLE"), _text(story, "DATELINE"), body, places


def dateline_place(dateline):
    # "    NEW YORK, Feb 26 - " → "NEW YORK"
    return dateline.split(",")[0].strip(" -")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="stop after this many stories")
    parser.add_argument("--misses", type=int, default=0, help="show the commonest misses")
    args = parser.parse_args()
    folder = corpus_dir()
    if not folder.exists():
        sys.exit(f"missing {folder} (set NEWSARCHIVE_SHARED_DIR)")
    import django

    django.setup()
    from articles.tagging import country_evidence

    true_pos = false_pos = false_neg = n = unmapped = 0
    wrong, missed = Counter(), Counter()
    started = time.perf_counter()
    for title, dateline, body, places in stories(folder):
        truth = set()
        for slug in places:
            code = place_code(slug)
            if code:
                truth.add(code)
            else:
                unmapped += 1
        if not truth:
            continue
        found = set(country_evidence(f"{title}\n\n{body}", dateline_place(dateline)))
        true_pos += len(found & truth)
        false_pos += len(found - truth)
        false_neg += len(truth - found)
        wrong.update(found - truth)
        missed.update(truth - found)
        n += 1
        if args.limit and n >= args.limit:
            break
    elapsed = time.perf_counter() - started
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 0.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"Reuters-21578 country tagging: stories={n}  precision={precision:.3f}"
        f"  recall={recall:.3f}  F1={f1:.3f}  ({elapsed / max(n, 1) * 1000:.1f} ms/story;"
        f" {unmapped} place labels without an ISO code skipped)"
    )
    if args.misses:
        print("most often tagged but not in PLACES:", wrong.most_common(args.misses))
        print("most often in PLACES but not tagged:", missed.most_common(args.misses))


if __name__ == "__main__":
    main()
