"""Store hostile strings everywhere a reader's page shows text, then look at every page.

Each payload is stored as an article's headline, body and photo caption and
as the teaser of an editorial beside it, half of them through the admin's
add forms (as an editor would type them) and half through a JSON Lines
import (as a scraped file would bring them), and it is searched for. Then
every kind of page is opened in a real Chromium and checked:

- no JavaScript dialog opened;
- no script element, ``on…`` attribute, ``javascript:``/``vbscript:``/
  ``data:text/html`` address, frame/object/embed/base element, refresh
  ``meta`` or scripted style in the DOM that the same page without payloads
  does not have (the baseline);
- no response of 500 or more, for the page or anything it loaded;
- feeds are well-formed XML and the API well-formed JSON, and the HTML they
  carry (bodies, teasers, snippets) is inert.

It also counts Content-Security-Policy violations the pages reported, and
checks that sanitizing each payload twice gives what sanitizing once gave.

The caller provides a live server, a Chromium page and a Django test
client logged in as a superuser (the pytest test in
articles/tests/test_security_xss.py does, on a throwaway database).
"""

import json
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from articles.sanitize import sanitize_html

FIRST_DAY = date(2001, 1, 1)
TOPIC_SLUG = "xss-sweep"
COUNTRY_CODE = "PK"
URL_PREFIX = "https://sweep.example.org/item/"
PAGE_ZONE = ZoneInfo("Asia/Karachi")

# Attributes that take an address a browser may load or run.
URL_ATTRIBUTES = [
    *("href", "src", "action", "formaction", "data", "srcdoc", "xlink:href", "background"),
    *("poster", "lowsrc", "dynsrc", "codebase", "cite", "longdesc", "usemap", "icon"),
    *("manifest", "ping"),
]
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:text/html")
DANGEROUS_ELEMENTS = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "meta",
    "link",
    "style",
    "svg",
    "math",
    "form",
}

INSPECT_DOM = (Path(__file__).with_name("inspect_dom.js")).read_text(encoding="utf-8")

LISTEN_FOR_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@dataclass
class Finding:
    kind: str  # dialog, dom, server-error, feed, api, navigation, idempotence
    url: str
    detail: str
    payloads: tuple = ()

    def __str__(self):
        where = f" payloads {list(self.payloads)}" if self.payloads else ""
        return f"[{self.kind}] {self.url}: {self.detail}{where}"


@dataclass
class SweepReport:
    payloads: int = 0
    families: int = 0
    stored_admin: int = 0
    stored_import: int = 0
    refused: list = field(default_factory=list)  # (payload index, path, reason)
    batches: list = field(default_factory=list)  # import batch ids
    pages: int = 0  # opened in Chromium
    documents: int = 0  # feeds and JSON fetched and parsed
    dialogs: int = 0
    csp_violations: int = 0
    findings: list = field(default_factory=list)
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)  # step -> [seconds, count]

    def timed(self, step, seconds):
        total = self.timings.setdefault(step, [0.0, 0])
        total[0] += seconds
        total[1] += 1

    @property
    def server_errors(self):
        return sum(1 for f in self.findings if f.kind == "server-error")

    def summary(self):
        return (
            f"{self.payloads} payloads in {self.families} families; stored via admin "
            f"{self.stored_admin}, via import {self.stored_import}, refused {len(self.refused)}; "
            f"{self.pages} pages in Chromium, {self.documents} feeds/JSON documents; "
            f"dialogs {self.dialogs}, CSP violations {self.csp_violations}, "
            f"server errors {self.server_errors}, findings {len(self.findings)}; "
            f"{self.seconds:.1f} s"
        )

    def timing_lines(self):
        return [
            f"{step}: {count} in {seconds:.1f} s ({1000 * seconds / count:.0f} ms each)"
            for step, (seconds, count) in self.timings.items()
        ]


def not_idempotent(payloads):
    """Payloads whose sanitized form changes when sanitized again."""
    bad = []
    for payload in payloads:
        once = sanitize_html(payload.text)
        if sanitize_html(str(once)) != once:  # str(): a marked value is passed through
            bad.append(payload)
    return bad


class _InertCheck(HTMLParser):
    """Python-side twin of INSPECT_DOM, for HTML carried inside feeds and JSON."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_ELEMENTS:
            self.problems.append(f"element {tag}")
        for name, value in attrs:
            name = name.lower()
            compact = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.problems.append(f"handler {tag}.{name}")
            if name in URL_ATTRIBUTES and compact.startswith(DANGEROUS_SCHEMES):
                self.problems.append(f"url {tag}.{name}")
            if name == "style":
                self.problems.append(f"style on {tag}")

    handle_startendtag = handle_starttag


def inert_problems(markup):
    checker = _InertCheck()
    checker.feed(markup or "")
    checker.close()
    return checker.problems


# --- storing the payloads -------------------------------------------------


def day_of(position, per_day):
    return FIRST_DAY + timedelta(days=position // per_day)


def headline_for(payload):
    # The number keeps every headline distinct and non-blank, and says which payload it is.
    return f"Sweep {payload.index}: {payload.text}"[:500]


def _inline_management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def store_via_admin(client, payload, day, topic, country):
    """POST the admin's add forms (article with a caption, then an editorial).

    Returns None, or the reason the form refused the payload.
    """
    data = {
        "headline": headline_for(payload),
        "slug": f"sweep-{payload.index}",
        "status": "published",
        "published_0": day.isoformat(),
        "published_1": "09:00:00",
        "url": f"{URL_PREFIX}{payload.index}",
        "summary": "",
        "body": payload.text,
        "topics": [topic.pk],
        "countries": [country.pk],
        "_save": "Save",
        **_inline_management("captions", 1),
        "captions-0-text": payload.text,
        "captions-0-credit": "Sweep",
        "captions-0-order": "0",
        **_inline_management("also_read_links"),
        **_inline_management("Editorial_articles"),
        **_inline_management("tag_evidence"),
    }
    response = client.post("/admin/articles/article/add/", data)
    if response.status_code >= 500:
        raise AssertionError(f"admin add article answered {response.status_code}")
    if response.status_code != 302:
        return _form_errors(response)
    from articles.models import Article

    article = Article.objects.get(url=data["url"])
    editorial = {
        "title": f"Sweep editorial {payload.index}",
        "slug": f"sweep-editorial-{payload.index}",
        "date": day.isoformat(),
        "teaser": payload.text,
        "status": "published",
        "articles": [article.pk],
        "topics": [topic.pk],
        "_save": "Save",
    }
    response = client.post("/admin/articles/editorial/add/", editorial)
    if response.status_code >= 500:
        raise AssertionError(f"admin add editorial answered {response.status_code}")
    if response.status_code != 302:
        return "editorial: " + _form_errors(response)
    return None


def _form_errors(response):
    context = response.context or {}
    errors = []
    for form in [context.get("adminform") and context["adminform"].form]:
        if form is not None:
            errors.extend(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
    for formset in context.get("inline_admin_formsets", []):
        errors.extend(str(e) for e in formset.formset.errors if e)
    return "; ".join(errors) or f"status {response.status_code}"


def store_via_import(payloads, days):
    """One JSON Lines file through the command line's import path (a recorded batch)."""
    from articles.ingest import batches
    from articles.ingest.importer import Outcome

    lines = []
    for payload, day in zip(payloads, days, strict=True):
        lines.append(
            json.dumps(
                {
                    "headline": headline_for(payload),
                    "published": f"{day.isoformat()}T09:00:00+05:00",
                    "url": f"{URL_PREFIX}{payload.index}",
                    "body_html": payload.text,
                    "captions": [{"text": payload.text, "credit": "Sweep"}],
                    "editorials": [
                        {
                            "title": f"Sweep editorial {payload.index}",
                            "date": day.isoformat(),
                            "teaser": payload.text,
                        }
                    ],
                    "topics": [TOPIC_SLUG],
                    "countries": [COUNTRY_CODE],
                }
            )
        )
    with tempfile.TemporaryDirectory(prefix="xss-sweep-") as folder:
        path = Path(folder) / "sweep.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        batch, report = batches.import_paths([str(path)], "jsonl")
    refused = {item.location: item.reason for item in report.of(Outcome.FAILED)}
    return batch, refused


# --- looking at the pages ---------------------------------------------------


class Browser:
    """One Chromium page that records dialogs, server errors and CSP reports."""

    def __init__(self, page, report):
        self.page = page
        self.report = report
        self.current = ("", ())
        self.errors = []
        page.context.add_init_script(LISTEN_FOR_CSP)
        page.on("dialog", self._dialog)
        page.on("response", self._response)

    def _dialog(self, dialog):
        url, payloads = self.current
        self.report.dialogs += 1
        self.report.findings.append(Finding("dialog", url, dialog.message[:80], payloads))
        dialog.dismiss()

    def _response(self, response):
        if response.status >= 500:
            url, payloads = self.current
            self.report.findings.append(
                Finding("server-error", response.url, f"{response.status} (page {url})", payloads)
            )

    def signatures(self, url, payloads=()):
        """Open ``url``; return the DOM signatures and CSP violations it showed."""
        self.current = (url, tuple(payloads))
        self.report.pages += 1
        try:
            self.page.goto(url, wait_until="domcontentloaded", timeout=30_000)
        except Exception as error:  # a hung or failed page is a finding, not a crash
            self.report.findings.append(Finding("navigation", url, str(error)[:200], payloads))
            return set(), []
        arguments = {"schemes": list(DANGEROUS_SCHEMES), "urlAttrs": URL_ATTRIBUTES}
        signatures = set(self.page.evaluate(INSPECT_DOM, arguments))
        violations = self.page.evaluate("window.__cspViolations || []")
        return signatures, violations

    def fetch(self, url, payloads=()):
        self.report.documents += 1
        response = self.page.request.get(url, timeout=30_000)
        if response.status >= 500:
            self.report.findings.append(
                Finding("server-error", url, str(response.status), tuple(payloads))
            )
        return response


class Sweep:
    def __init__(self, page, base_url, report):
        self.browser = Browser(page, report)
        self.base = base_url.rstrip("/")
        self.report = report
        self.baseline = set()

    def learn_baseline(self, paths):
        for path in paths:
            signatures, _ = self.browser.signatures(self.base + path)
            self.baseline |= signatures

    def page(self, path, payloads=()):
        started = time.monotonic()
        signatures, violations = self.browser.signatures(self.base + path, payloads)
        self.report.timed("page " + path.split("/")[1].split("?")[0], time.monotonic() - started)
        self.report.csp_violations += len(violations)
        for signature in sorted(signatures - self.baseline):
            self.report.findings.append(Finding("dom", path, signature, tuple(payloads)))
        for violation in violations:
            self.report.findings.append(Finding("csp", path, violation, tuple(payloads)))

    def feed(self, path, payloads=()):
        response = self.browser.fetch(self.base + path, payloads)
        if response.status >= 500:
            return
        try:
            root = ET.fromstring(response.body())
        except ET.ParseError as error:
            self.report.findings.append(Finding("feed", path, f"not XML: {error}", payloads))
            return
        for element in root.iter():
            name = element.tag.rsplit("}", 1)[-1]
            if name in {"description", "content", "summary"} and element.text:
                for problem in inert_problems(element.text):
                    self.report.findings.append(Finding("feed", path, problem, payloads))

    def json(self, path, payloads=(), html_keys=("body_html", "teaser", "snippet")):
        started = time.monotonic()
        response = self.browser.fetch(self.base + path, payloads)
        self.report.timed("json " + path.split("?")[0][:12], time.monotonic() - started)
        if response.status >= 500:
            return
        if "json" not in response.headers.get("content-type", ""):
            self.report.findings.append(Finding("api", path, "not served as JSON", payloads))
        try:
            data = json.loads(response.body())
        except ValueError as error:
            self.report.findings.append(Finding("api", path, f"not JSON: {error}", payloads))
            return
        for key, value in _walk(data):
            if key in html_keys and isinstance(value, str):
                for problem in inert_problems(value):
                    self.report.findings.append(Finding("api", path, f"{key}: {problem}", payloads))


def _walk(data):
    if isinstance(data, dict):
        for key, value in data.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(data, list):
        for value in data:
            yield from _walk(value)


def _day_range(day):
    return f"from={day.isoformat()}&to={day.isoformat()}"


def _store_round(report, client, chunk, days, topic, country):
    """Even payloads through the admin's forms, odd ones through one JSONL import."""
    storing = time.monotonic()
    by_admin, by_import = chunk[0::2], chunk[1::2]
    for payload in by_admin:
        reason = store_via_admin(client, payload, days[payload.index], topic, country)
        if reason:
            report.refused.append((payload.index, "admin", reason))
        else:
            report.stored_admin += 1
    report.timed("store via admin", time.monotonic() - storing)
    storing = time.monotonic()
    if by_import:
        batch, refused = store_via_import(by_import, [days[p.index] for p in by_import])
        report.batches.append(batch.pk)
        for location, reason in refused.items():
            report.refused.append((location, "import", reason))
    from articles.search.indexing import drain

    drain()
    report.timed("store via import", time.monotonic() - storing)


def _check_round(sweep, chunk, days):
    from articles.models import Article, Editorial

    report = sweep.report
    urls = [f"{URL_PREFIX}{p.index}" for p in chunk]
    stored = {int(a.url.rsplit("/", 1)[1]): a for a in Article.objects.filter(url__in=urls)}
    report.stored_import += sum(1 for p in chunk[1::2] if p.index in stored)
    titles = [f"Sweep editorial {p.index}" for p in chunk]
    editorials = {
        int(e.title.rsplit(" ", 1)[1]): e for e in Editorial.objects.filter(title__in=titles)
    }

    # Pages of one payload each.
    for payload in chunk:
        own = (payload.index,)
        article = stored.get(payload.index)
        if article is not None:
            sweep.page(article.get_absolute_url(), own)
            sweep.json(f"/api/v1/articles/{article.pk}/", own)
        if payload.index in editorials:
            sweep.page(editorials[payload.index].get_absolute_url(), own)
        query = quote(payload.text, safe="")
        sweep.page(f"/search/?q={query}", own)
        sweep.json(f"/api/search?q={query}", own)
        sweep.json(f"/api/autocomplete?q={query}", own, html_keys=())

    # Pages listing many payloads: one day of them at a time.
    by_day = {}
    for payload in chunk:
        by_day.setdefault(days[payload.index], []).append(payload.index)
    for day, indices in by_day.items():
        ymd = f"{day.year}/{day.month:02d}/{day.day:02d}"
        sweep.page(f"/archive/{ymd}/", indices)
        sweep.page(f"/topics/{TOPIC_SLUG}/?{_day_range(day)}", indices)
        country_path = f"/countries/{COUNTRY_CODE.lower()}/"
        sweep.page(f"{country_path}?topic={TOPIC_SLUG}&{_day_range(day)}", indices)
        sweep.page(
            f"/admin/articles/article/?published__year={day.year}"
            f"&published__month={day.month}&published__day={day.day}",
            indices,
        )
        sweep.json(f"/api/v1/timeline/?topic={TOPIC_SLUG}&{_day_range(day)}&per_page=100", indices)
        sweep.json(f"/search/export.json?q=sweep&{_day_range(day)}", indices)

    # Pages that show the newest (this round's payloads are the newest so far).
    newest = tuple(p.index for p in chunk)
    for path in ["/", "/articles/", "/editorials/", "/topics/", "/countries/", "/archive/"]:
        sweep.page(path, newest)
    if report.batches:
        sweep.page(f"/admin/articles/article/import/{report.batches[-1]}/", newest)
    sweep.page("/admin/articles/article/import/", newest)
    for path in [
        "/feeds/latest.rss",
        "/feeds/latest.atom",
        f"/topics/{TOPIC_SLUG}/feed.rss",
        f"/topics/{TOPIC_SLUG}/feed.atom",
        f"/countries/{COUNTRY_CODE.lower()}/feed.atom",
        "/search/feed.atom?q=sweep",
    ]:
        sweep.feed(path, newest)


def run(payloads, *, page, base_url, client, per_day=25, per_round=100, progress=None):
    """Store ``payloads``, open every page type, and return a SweepReport.

    ``client`` is a Django test client logged in as a superuser; ``page`` a
    Playwright page whose context carries the same session cookie (for the
    admin pages); ``base_url`` the live server. Runs on a throwaway database.
    """
    from articles.countries import ensure_countries
    from articles.models import Article, Country, Editorial, Topic
    from articles.search.indexing import drain

    started = time.monotonic()
    report = SweepReport(payloads=len(payloads))
    report.families = len({f for p in payloads for f in p.families})
    for payload in not_idempotent(payloads):
        report.findings.append(
            Finding("idempotence", "sanitize_html", "twice differs from once", (payload.index,))
        )

    topic, _ = Topic.objects.get_or_create(slug=TOPIC_SLUG, defaults={"name": "XSS sweep"})
    ensure_countries(Country)
    country = Country.objects.get(code=COUNTRY_CODE)
    sweep = Sweep(page, base_url, report)

    # The baseline: the same page types with one harmless article and editorial.
    plain = Article.objects.create(
        headline="Sweep baseline article",
        slug="sweep-baseline",
        published=datetime.combine(FIRST_DAY - timedelta(days=1), dt_time(9), PAGE_ZONE),
        body="<p>Plain words.</p>",
        url=f"{URL_PREFIX}baseline",
    )
    plain.topics.add(topic)
    plain.countries.add(country)
    plain.captions.create(text="A plain caption", order=0)
    plain_editorial = Editorial.objects.create(
        title="Sweep baseline editorial",
        slug="sweep-baseline-editorial",
        date=FIRST_DAY - timedelta(days=1),
        teaser="<p>Plain teaser.</p>",
    )
    plain_editorial.articles.add(plain)
    drain()
    base_day = FIRST_DAY - timedelta(days=1)
    sweep.learn_baseline(
        [
            "/",
            plain.get_absolute_url(),
            plain_editorial.get_absolute_url(),
            "/search/?q=plain",
            f"/archive/{base_day.year}/{base_day.month:02d}/{base_day.day:02d}/",
            f"/topics/{TOPIC_SLUG}/?{_day_range(base_day)}",
            "/admin/articles/article/",
            "/admin/articles/article/import/",
            f"/admin/articles/article/{plain.pk}/change/",
        ]
    )

    # Rounds of a few days' payloads: store them, then open their pages, so an
    # interrupted sweep has fully checked what it reports.
    days = {p.index: day_of(position, per_day) for position, p in enumerate(payloads)}
    rounds = [payloads[i : i + per_round] for i in range(0, len(payloads), per_round)]
    for number, chunk in enumerate(rounds, start=1):
        reported = len(report.findings)
        _store_round(report, client, chunk, days, topic, country)
        _check_round(sweep, chunk, days)
        report.seconds = time.monotonic() - started
        if progress:
            for finding in report.findings[reported:]:
                progress(f"  {finding}")
            done = sum(len(r) for r in rounds[:number])
            progress(f"{done}/{len(payloads)} payloads checked: {report.summary()}")
    report.seconds = time.monotonic() - started
    return report
