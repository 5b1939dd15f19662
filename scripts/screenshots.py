"""Take the README's screenshots (docs/screenshots/*.png) from a running archive.

    make run                                   # in one terminal: the demo archive on :8000
    .venv/bin/python scripts/screenshots.py    # in another

Options: --base-url (default http://127.0.0.1:8000), --out (default docs/screenshots).
Debian's Chromium (/usr/bin/chromium) takes the pictures; each is reduced to a 256-colour
palette so the set stays small enough to keep in git. The browser tests write their own,
full-page screenshots of every flow to test-artifacts/screenshots/ (not committed).
"""

import argparse
import json
import shutil
import sys
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 375, "height": 760}


def get_json(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def a_rich_article(base):
    """The newest article with photo captions and an 'Also read' link: it shows the most."""
    listing = get_json(f"{base}/api/v1/articles/?per_page=50")
    for summary in listing["results"]:
        detail = get_json(summary["api_url"])
        if detail["captions"] and detail["also_read"]:
            return summary["url"]
    return listing["results"][0]["url"]


def busiest(base, kind):
    rows = get_json(f"{base}/api/v1/{kind}/")["results"]
    return max(rows, key=lambda row: row["article_count"])


def shots(base):
    """(file name, path, viewport, colour scheme, element to scroll to or None) per picture."""
    article = a_rich_article(base).removeprefix(base)
    topic = busiest(base, "topics")
    country = busiest(base, "countries")
    # The longest word of a headline from the busiest country: it finds something there.
    code = country["code"].lower()
    headline = get_json(f"{base}/api/v1/articles/?country={code}&per_page=1")["results"][0]
    word = max((w for w in headline["headline"].split() if w.isalpha()), key=len).lower()
    return [
        ("home.png", "/", DESKTOP, "light", None),
        ("search.png", f"/search/?q={word}&country={code}", DESKTOP, "light", ".filter-chips"),
        ("timeline.png", f"/topics/{topic['slug']}/", DESKTOP, "light", "figure.chart"),
        ("article.png", article, DESKTOP, "light", None),
        ("countries-dark.png", "/countries/", DESKTOP, "dark", "figure.world-map"),
        ("article-phone.png", article, PHONE, "light", None),
        ("search-phone-dark.png", f"/search/?q={word}", PHONE, "dark", ".search-results"),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args(argv)
    base = args.base_url.rstrip("/")
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, path, viewport, scheme, scroll_to in shots(base):
            context = browser.new_context(viewport=viewport, color_scheme=scheme)
            page = context.new_page()
            page.goto(base + path)
            if scroll_to:
                page.locator(scroll_to).first.evaluate(
                    "el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 16)"
                )
            target = args.out / name
            page.screenshot(path=str(target))
            context.close()
            # A palette keeps text crisp at a third of the size of full colour.
            Image.open(target).convert("RGB").quantize(colors=256).save(target, optimize=True)
            total += target.stat().st_size
            print(f"{target.relative_to(REPO)}  {viewport['width']}px {scheme}  {path}")
        browser.close()
    print(f"{total / 1024:.0f} KiB in all")


if __name__ == "__main__":
    sys.exit(main())
