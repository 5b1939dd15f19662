"""The Content-Security-Policy in a real Chromium: no page we serve breaks it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from articles.ingest import batches
from articles.models import BatchStatus
from articles.tests import factories as f

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def staff_page(live_server, browser, search_index, django_user_model):  # noqa: F811
    user = django_user_model.objects.create_superuser("csp", "csp@example.org", "pw-csp-12345")
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    problems = []
    page.on("console", lambda m: "Content Security Policy" in m.text and problems.append(m.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    yield user, page, problems
    context.close()


def _violations(page):
    return page.evaluate("window.__cspViolations")


def test_pages_and_admin_break_no_policy(live_server, staff_page):
    user, page, problems = staff_page
    article = f.article(
        "Saffron harvest begins",
        topics=["Agriculture"],
        countries=["PK"],
        captions=["Pickers at dawn"],
    )
    editorial = f.editorial("Saffron prices", articles=[article])
    day = article.published
    upload = SimpleUploadedFile(
        "one.jsonl",
        b'{"headline": "Imported saffron story", "published": "2014-11-21T09:00:00+05:00",'
        b' "body_text": "Words."}\n',
    )
    preview = batches.store_uploads([upload], "jsonl", user)
    batches.preview(preview)
    running = batches.new_batch(["x.jsonl"], "jsonl", user=user, status=BatchStatus.RUNNING)
    paths = [
        "/",
        article.get_absolute_url(),
        editorial.get_absolute_url(),
        "/search/?q=saffron",
        "/search/help/",
        "/topics/",
        "/topics/agriculture/",
        "/countries/",
        "/countries/pk/",
        f"/archive/{day.year}/",
        f"/archive/{day.year}/{day.month:02d}/",
        "/editorials/",
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/articles/editorial/add/",
        "/admin/articles/article/import/",
        f"/admin/articles/article/import/{preview.pk}/",
        f"/admin/articles/article/import/{running.pk}/",
    ]
    for path in paths:
        response = page.goto(live_server.url + path, wait_until="load")
        assert response.status == 200, path
        assert _violations(page) == [], path
    assert problems == []


def test_admin_scripts_still_run_under_the_policy(live_server, staff_page):
    # The admin's own JavaScript (prepopulated slug) is a static file, so it runs.
    _, page, problems = staff_page
    page.goto(live_server.url + "/admin/articles/article/add/", wait_until="load")
    page.fill("#id_headline", "Saffron harvest begins")
    page.locator("#id_headline").blur()
    assert page.input_value("#id_slug") == "saffron-harvest-begins"
    assert _violations(page) == []
    assert problems == []


def test_an_inline_script_would_be_refused(live_server, staff_page):
    # The policy is really enforced: a script injected into the page does not run.
    _, page, _ = staff_page
    page.goto(live_server.url + "/", wait_until="load")
    page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.textContent = "window.__ran = true";
          document.body.appendChild(s);
        }"""
    )
    page.wait_for_timeout(100)
    assert page.evaluate("window.__ran === undefined")
    assert any(v.startswith("script-src") for v in _violations(page))
