"""The hostile strings the XSS sweep stores and searches for, and their families.

Both lists are read at run time from ../shared (never copied into the repo):
the payloadbox XSS list (one payload a line) and the Big List of Naughty
Strings (comment blocks name its sections). Families let a small, fixed
sample still exercise every kind of attack.
"""

import re
from dataclasses import dataclass
from pathlib import Path

XSS_LIST = Path("corpora/xss/payloadbox/xss-payload-list.txt")
BLNS_LIST = Path("corpora/naughty/blns.txt")

# One payload may belong to several families; each family gets its own
# share of the sample. Checked on the lower-cased payload.
XSS_FAMILIES = {
    "script-element": re.compile(r"<\s*/?\s*script"),
    "event-handler": re.compile(r"\bon[a-z]+\s*="),
    "javascript-url": re.compile(r"j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:|(vb|live)script:"),
    "data-url": re.compile(r"data\s*:"),
    "svg-math": re.compile(r"<\s*(svg|math)"),
    "frame-object-embed": re.compile(r"<\s*(iframe|frame|frameset|object|embed|applet)"),
    "style-expression": re.compile(r"style|expression\s*\(|-moz-binding|behavior\s*:"),
    "encoded": re.compile(r"&#|%[0-9a-f]{2}|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}|&[a-z]+;"),
    "meta-base-link-form": re.compile(r"<\s*(meta|base|link|form|input|button|isindex)"),
    "media-img": re.compile(r"<\s*(img|image|video|audio|source|body|bgsound|table|td|div)"),
    "broken-markup": re.compile(r"<[^>]*$|<<|\"\s*>|'\s*>"),
}


@dataclass(frozen=True)
class Payload:
    index: int  # position in the sweep, stable for one run
    source: str  # "xss" or "blns"
    line: int  # line number in its file
    text: str
    families: tuple


def classify(text):
    lowered = text.lower()
    families = tuple(name for name, pattern in XSS_FAMILIES.items() if pattern.search(lowered))
    return families or ("other",)


def read_xss(path):
    payloads = []
    with open(path, encoding="utf-8", errors="surrogateescape") as handle:
        for number, raw in enumerate(handle, start=1):
            text = raw.rstrip("\r\n")
            if text.strip():
                payloads.append(("xss", number, text, classify(text)))
    return payloads


def read_blns(path):
    """Strings of the BLNS text file; the first line of each comment block is its section."""
    payloads = []
    section = "start"
    in_comment = False
    with open(path, encoding="utf-8", errors="surrogateescape") as handle:
        for number, raw in enumerate(handle, start=1):
            text = raw.rstrip("\n")
            if text.startswith("#"):
                if not in_comment:
                    section = text.lstrip("#").strip() or section
                in_comment = True
                continue
            in_comment = False
            if text == "":
                continue
            payloads.append(("blns", number, text, (f"blns:{section}",)))
    return payloads


def load(shared_dir):
    """Every payload of both lists, numbered in file order (xss first)."""
    shared_dir = Path(shared_dir)
    rows = read_xss(shared_dir / XSS_LIST) + read_blns(shared_dir / BLNS_LIST)
    return [Payload(i, *row) for i, row in enumerate(rows)]


def stratified_sample(payloads, per_family=3, per_blns_section=1):
    """``per_family`` payloads of every XSS family (``per_blns_section`` of every
    BLNS section), spread evenly over the family's lines.

    Deterministic, so a failure in CI names the same payloads on every run.
    """
    by_family = {}
    for payload in payloads:
        for family in payload.families:
            by_family.setdefault(family, []).append(payload)
    chosen = {}
    for family, members in by_family.items():
        wanted = per_blns_section if family.startswith("blns:") else per_family
        count = min(wanted, len(members))
        step = len(members) / count
        for k in range(count):
            member = members[int(k * step)]
            chosen[member.index] = member
    return [chosen[i] for i in sorted(chosen)]


def families_of(payloads):
    return sorted({family for payload in payloads for family in payload.families})
