"""Accessibility in a real Chromium: axe-core on every page type, in light and dark colours,
and the keyboard (skip link, visible focus, every control reachable)."""

import pytest

from articles.tests.browser_support import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    admin_pages,
    axe_both_schemes,
    login,
    open_page,
    public_pages,
    report,
    shot,
)

pytestmark = pytest.mark.browser


def test_every_public_page_type_has_no_axe_violations(browser, live_server, archive):
    pages = public_pages(archive)
    found = {}
    # At phone width, so the narrow layout (stacked facets, wrapped nav) is what is checked.
    page = open_page(browser, viewport={"width": 375, "height": 800})
    for name, path in pages.items():
        page.goto(live_server.url + path)
        found.update(axe_both_schemes(page, name))
        shot(page, f"page-{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    for name in ("home", "search-filtered", "topic-compare", "article"):
        page.goto(live_server.url + pages[name])
        found.update(axe_both_schemes(page, f"{name} at 1280px"))
        shot(page, f"page-{name}-1280")
    page.context.close()
    assert len(pages) >= 20
    assert found == {}, report(found)
    assert page.errors == []


def test_admin_pages_have_no_axe_violations(browser, live_server, archive, django_user_model):
    django_user_model.objects.create_superuser(ADMIN_USER, "editor@example.org", ADMIN_PASSWORD)
    page = open_page(browser)
    page.goto(live_server.url + "/admin/login/")
    found = axe_both_schemes(page, "admin-login")
    login(page, live_server.url)
    for name, path in admin_pages(archive).items():
        page.goto(live_server.url + path)
        # The tag picker and the autocomplete boxes draw themselves on the load event, and
        # admin_a11y.js names them just after: wait for it on the pages that have them.
        if "-add-" in name or "-change-" in name:
            page.wait_for_selector("html[data-controls-named]", state="attached")
        found.update(axe_both_schemes(page, name))
        shot(page, f"page-{name}")
    page.context.close()
    assert found == {}, report(found)


# ---- keyboard ----

# Everything a keyboard user should be able to reach, as the browser sees it.
FOCUSABLE = """() => Array.from(document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]'))
  .filter(el => !el.disabled && el.tabIndex >= 0 && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden'
    && !el.closest('[inert], [aria-hidden=true]'))
  .map(el => el.outerHTML.slice(0, 160))"""

FOCUS_STATE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    html: el.outerHTML.slice(0, 160),
    id: el.id,
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== 'none',
  };
}"""


def tab_through(page, limit=400):
    """Press Tab until focus comes back round; the states of each element focused, in order."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state["html"].startswith("<body") or (seen and state["html"] == seen[0]["html"]):
            break
        seen.append(state)
    return seen


def test_skip_link_comes_first_and_moves_focus_to_main(page, live_server, archive):
    page.goto(live_server.url + archive["story"].get_absolute_url())
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to main content"
    box = skip.bounding_box()
    # Hidden off-screen until focused, then shown where a sighted keyboard user can see it.
    assert box and box["y"] >= 0 and box["x"] >= 0 and box["width"] > 20
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab goes on from the main content, past the header's links.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_every_control_is_reached_by_tab_with_a_visible_focus(page, live_server, archive):
    missed, invisible = {}, {}
    for name in ("home", "search-filtered", "topic-compare", "article"):
        page.goto(live_server.url + public_pages(archive)[name])
        # <details> hide their insides; open them so their links count as controls too.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        expected = page.evaluate(FOCUSABLE)
        seen = tab_through(page)
        reached = [state["html"] for state in seen]
        missed[name] = [html for html in expected if html not in reached]
        invisible[name] = [s["html"] for s in seen if not (s["outline"] or s["shadow"])]
        assert len(reached) >= 20, name
    assert missed == dict.fromkeys(missed, []), "not reached by Tab"
    assert invisible == dict.fromkeys(invisible, []), "focused without a visible outline"
