"""How well saved HTML pages are read: body text and metadata against real pages.

    .venv/bin/python bench/extraction_bench.py [--modes recall,default,precision,justext]

Body: word-level precision, recall and F1 over the 181 Zyte article-extraction
benchmark pages (``ground-truth.json``), per page then averaged, for the body
text exactly as the importer stores it.  Metadata: exact-match rates for
title, byline and publication date on the mozilla/readability and newspaper4k
fixtures, through the importer's own ``parse_html_page``.  The pages are read
from ../shared/corpora at run time (NEWSARCHIVE_SHARED_DIR overrides).
"""

import argparse
import gzip
import json
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings.dev")
_WORD = re.compile(r"\w+")


def fixtures_dir():
    shared = Path(os.environ.get("NEWSARCHIVE_SHARED_DIR") or REPO.parent / "shared")
    return shared / "corpora" / "html-article-fixtures"


def words(text):
    return _WORD.findall(unicodedata.normalize("NFKC", text or "").casefold())


def prf(predicted, expected):
    got, want = Counter(words(predicted)), Counter(words(expected))
    common = sum((got & want).values())
    precision = common / sum(got.values()) if got else 0.0
    recall = common / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def body_with(mode):
    """A function page HTML → body text for one extraction setting."""
    import trafilatura

    from articles.ingest import html_page

    if mode == "importer":
        return html_page.stored_body_text
    if mode == "justext":
        import justext

        def read(page):
            paragraphs = justext.justext(page.encode("utf-8"), justext.get_stoplist("English"))
            return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

        return read
    options = {"default": {}, "recall": {"favor_recall": True}}[mode]
    return lambda page: trafilatura.extract(page, include_comments=False, **options) or ""


def bench_bodies(mode):
    folder = fixtures_dir() / "zyte-article-extraction-benchmark"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    read = body_with(mode)
    scores, started = [], time.perf_counter()
    for page_id, expected in sorted(truth.items()):
        page = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        scores.append(prf(read(page.decode("utf-8", "replace")), expected["articleBody"]))
    elapsed = time.perf_counter() - started
    n = len(scores)
    p, r, f = (sum(s[i] for s in scores) / n for i in range(3))
    print(
        f"body [{mode:9}] pages={n}  precision={p:.3f}  recall={r:.3f}  F1={f:.3f}"
        f"  ({elapsed / n * 1000:.0f} ms/page)"
    )
    return f


def _norm(text):
    return " ".join(unicodedata.normalize("NFKC", text or "").split()).casefold()


def _names(text):
    # "By A and B", "A, B": the same people however they are joined.
    text = re.sub(r"^by\s+", "", _norm(text))
    return frozenset(n.strip() for n in re.split(r",|;|\band\b", text) if n.strip())


def metadata_cases():
    base = fixtures_dir()
    for folder in sorted((base / "mozilla-readability").iterdir()):
        if (folder / "source.html").exists():
            meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
            yield (
                f"readability/{folder.name}",
                (folder / "source.html").read_bytes(),
                meta.get("title"),
                meta.get("byline"),
                meta.get("publishedTime"),
            )
    for path in sorted((base / "newspaper4k" / "html").glob("*.html")):
        meta_path = base / "newspaper4k" / "metadata" / f"{path.stem}.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        authors = meta.get("authors") or []
        yield (
            f"newspaper4k/{path.stem}",
            path.read_bytes(),
            meta.get("title"),
            ", ".join(authors) if authors else None,
            meta.get("publish_date"),
        )


def bench_metadata(verbose):
    import django

    django.setup()
    from articles.ingest.detect import decode_html
    from articles.ingest.html_page import HtmlError, parse_html_page

    hits = {"title": [0, 0], "byline": [0, 0], "date": [0, 0]}
    for name, data, title, byline, published in metadata_cases():
        try:
            record = parse_html_page(decode_html(data), name)
        except HtmlError as error:
            record = {}
            if verbose:
                print(f"  {name}: {error}")
        checks = {
            "title": (title, _norm(record.get("headline")) == _norm(title)),
            "byline": (byline, _names(record.get("byline")) == _names(byline)),
            "date": (published, (record.get("published") or "")[:10] == (published or "")[:10]),
        }
        for field, (expected, ok) in checks.items():
            if expected:
                hits[field][1] += 1
                hits[field][0] += ok
                if verbose and not ok:
                    got = {"title": "headline", "byline": "byline", "date": "published"}[field]
                    print(f"  {name} {field}: want {expected!r} got {record.get(got)!r}")
    for field, (good, total) in hits.items():
        rate = good / total if total else 0.0
        print(f"{field:6} exact match: {good}/{total} = {rate:.2f}  (readability + newspaper4k)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--modes",
        default="importer",
        help="comma-separated: importer (trafilatura, precision mode: what the importer"
        " uses), default, recall, justext",
    )
    parser.add_argument("--verbose", action="store_true", help="show each metadata miss")
    args = parser.parse_args()
    if not fixtures_dir().exists():
        sys.exit(f"missing {fixtures_dir()} (set NEWSARCHIVE_SHARED_DIR)")
    import django

    django.setup()
    for mode in args.modes.split(","):
        bench_bodies(mode.strip())
    bench_metadata(args.verbose)


if __name__ == "__main__":
    main()
