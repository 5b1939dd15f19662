"""Shared parts of the browser tests: Debian's Chromium, axe-core, a small archive, its pages.

The root conftest.py loads this module as a plugin, so the fixtures `browser` (one
Chromium per test module), `page` (a fresh context per test) and `archive` (the
small archive the pages show) reach every
test_browser*.py module; the helpers are imported from here.
"""

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from articles.tests import factories as f
from articles.tests.shared_data import REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
# Installed by `make test` from package.json / package-lock.json (`npm ci`).
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ADMIN_USER, ADMIN_PASSWORD = "editor", "s3cret-pass-word"
WIDTHS = (375, 1280)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("SKIPPED: Debian's chromium is not installed (make test installs it).")
    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # made by fixtures in the same thread are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                # The same glyph widths on every machine: no hinting surprises in layout checks.
                "--font-render-hinting=none",
            ],
        )
        yield browser
        browser.close()


def open_page(browser, **context_options):
    """A page in a fresh context; its JavaScript errors and dialogs are collected in page.errors."""
    context_options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on(
        "dialog", lambda dialog: page.errors.append(f"dialog: {dialog.message}") or dialog.dismiss()
    )
    return page


@pytest.fixture
def page(browser):
    page = open_page(browser)
    yield page
    page.context.close()
    assert page.errors == []


def shot(page, name, full_page=True):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


# ---- axe-core ----


def axe_source():
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` (make test does) to install axe-core.")
    return AXE_JS.read_text()


# Only colours change between light and dark, so the dark pass runs just these rules.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_violations(page, rules=None):
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, as short dicts."""
    if not page.evaluate("typeof window.axe === 'object'"):
        # evaluate() runs through the DevTools protocol, which the page's
        # Content-Security-Policy does not govern (an injected <script> would be refused).
        page.evaluate(axe_source())
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    result = page.evaluate(
        "only => axe.run(document, {runOnly: only, resultTypes: ['violations']})", only
    )
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [
                {"target": node["target"], "why": node["failureSummary"]}
                for node in violation["nodes"][:5]
            ],
        }
        for violation in result["violations"]
    ]


def axe_both_schemes(page, label):
    """Violations in light and then dark colours, keyed "label (scheme)"; the page ends light."""
    found = {}
    for scheme, rules in (("light", None), ("dark", COLOUR_RULES)):
        page.emulate_media(color_scheme=scheme)
        settle(page)
        violations = axe_violations(page, rules)
        if violations:
            found[f"{label} ({scheme})"] = violations
    page.emulate_media(color_scheme="light")
    settle(page)
    return found


def settle(page):
    """Wait out CSS transitions (the admin fades its colours), so contrast is read at the end."""
    # Polled from here: wait_for_function evaluates a string in the page,
    # which the Content-Security-Policy (no 'unsafe-eval') refuses.
    deadline = time.monotonic() + 10
    while page.evaluate(
        "document.getAnimations().some(animation => animation.playState === 'running')"
    ):
        if time.monotonic() > deadline:
            pytest.fail("CSS animations still running after 10 s")
        page.wait_for_timeout(50)


def report(found):
    """A readable dump for an assertion message."""
    return "axe-core found WCAG 2.1 AA violations:\n" + json.dumps(found, indent=1)


# ---- layout ----


def horizontal_overflow(page):
    """How many pixels the document is wider than the viewport (0 when nothing scrolls sideways)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


# ---- data ----


def login(page, base_url, username=ADMIN_USER, password=ADMIN_PASSWORD):
    page.goto(base_url + "/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


@pytest.fixture
def archive(search_index):
    """The small archive every page type is shown with."""
    return build_archive()


def build_archive():
    """A small archive with every feature a page can show: facets, chips, charts, captions,
    also-read links, editorials, a story thread. Returns the rows the tests talk about."""
    defence, energy, economy = f.topic("Defence"), f.topic("Energy"), f.topic("Economy")
    older = f.article(
        "Pipeline talks resume in Ashgabat",
        body="<p>ASHGABAT: Negotiators met again over the gas pipeline.</p>",
        dateline="ASHGABAT",
        topics=[energy],
        countries=["TM", "PK"],
        published=f.when(2013, 5, 2),
    )
    story = f.article(
        "Russia offers counter-terrorism training",
        body=(
            "<p>ISLAMABAD: Defence Minister Sergei Shoigu visited on Thursday and offered "
            "training for the police and the army, officials said after the talks.</p>"
            "<p>The two sides also discussed helicopters, a pipeline and the "
            '<a href="https://example.org/energy">energy corridor</a>, '
            "and agreed to meet again in Moscow next spring.</p>"
            "<blockquote>We want a lasting partnership, the minister said.</blockquote>"
            "<p>Talks went on into the evening.</p>"
        ),
        dateline="ISLAMABAD",
        byline="Staff Reporter",
        source="Daily Example",
        url="https://news.example.org/russia-training",
        topics=[defence, energy],
        countries=["PK", "RU"],
        captions=["The minister arrives at Nur Khan airbase"],
        published=f.when(2014, 11, 21),
    )
    story.captions.update(credit="AFP")
    story.also_read_links.create(title=older.headline, target=older, order=0)
    later = f.article(
        "Helicopter deal signed after training talks",
        body="<p>MOSCOW: The deal follows the November talks on training.</p>",
        topics=[defence],
        countries=["RU", "PK"],
        published=f.when(2015, 2, 10),
    )
    later.also_read_links.create(title=story.headline, target=story, order=0)
    for year, month in [(2013, 8), (2014, 3), (2014, 11), (2015, 6), (2016, 1)]:
        f.article(
            f"Budget talks on defence spending, {year}-{month:02d}",
            body="<p>Parliament debated the budget and the training of troops.</p>",
            topics=[defence, economy],
            countries=["PK"],
            published=f.when(year, month, 14),
        )
    f.article(
        "Textile exports rise",
        body="<p>KARACHI: Mills reported more orders.</p>",
        topics=[economy],
        countries=["PK", "IN"],
        captions=["Looms at a mill in Faisalabad"],
        published=f.when(2014, 11, 21, 15),
    )
    editorial = f.editorial(
        "Border calm",
        teaser="<p>Quiet frontiers help trade, and training helps quiet frontiers.</p>",
        articles=[story, later],
        date=f.when(2014, 11, 22).date(),
    )
    editorial.topics.set([defence])
    return {"story": story, "older": older, "later": later, "editorial": editorial}


def public_pages(data):
    """Every public page type, by name: the path to open with data from build_archive()."""
    story, editorial = data["story"], data["editorial"]
    return {
        "home": "/",
        "search": "/search/?q=training",
        "search-filtered": "/search/?q=training&topic=defence&country=pk&from=2014-01-01",
        "search-no-results": "/search/?q=trainnig+zebra",
        "search-help": "/search/help/",
        "topics": "/topics/",
        "topic-timeline": "/topics/defence/",
        "topic-country-timeline": "/topics/defence/?country=pk",
        "topic-compare": "/topics/defence/?compare=economy",
        "countries": "/countries/",
        "country-timeline": "/countries/pk/",
        "archive": "/archive/",
        "archive-year": "/archive/2014/",
        "archive-month": "/archive/2014/11/",
        "archive-day": "/archive/2014/11/21/",
        "article-list": "/articles/",
        "article": story.get_absolute_url(),
        "editorial-list": "/editorials/",
        "editorial": editorial.get_absolute_url(),
        "not-found": "/no-such-page/",
    }


def admin_pages(data):
    """Admin pages by name; those of ArticleAdmin and EditorialAdmin run static/js/admin_a11y.js."""
    story, editorial = data["story"], data["editorial"]
    return {
        "admin-index": "/admin/",
        "admin-articles": "/admin/articles/article/",
        "admin-add-article": "/admin/articles/article/add/",
        "admin-change-article": f"/admin/articles/article/{story.pk}/change/",
        "admin-add-editorial": "/admin/articles/editorial/add/",
        "admin-change-editorial": f"/admin/articles/editorial/{editorial.pk}/change/",
        "admin-import": "/admin/articles/article/import/",
    }
