"""Layout in a real Chromium: phone and desktop widths with and without JavaScript, dark
colours from the system setting, and articles on paper."""

import pytest
from playwright.sync_api import expect

from articles.tests.browser_support import (
    WIDTHS,
    horizontal_overflow,
    open_page,
    public_pages,
    shot,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_no_page_scrolls_sideways(browser, live_server, archive, javascript):
    overflowing = {}
    for width in WIDTHS:
        page = open_page(
            browser, viewport={"width": width, "height": 800}, java_script_enabled=javascript
        )
        for name, path in public_pages(archive).items():
            page.goto(live_server.url + path)
            extra = horizontal_overflow(page)
            if extra > 0:
                overflowing[f"{name} at {width}px"] = extra
        page.context.close()
    assert overflowing == {}, "pixels of sideways scroll"


def test_pages_search_filter_and_browse_without_javascript(browser, live_server, archive):
    page = open_page(browser, java_script_enabled=False, viewport={"width": 375, "height": 800})
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox", name="Search the archive").first.fill("training")
    page.get_by_role("searchbox", name="Search the archive").first.press("Enter")
    page.wait_for_url("**/search/?q=training**")
    page.get_by_role("complementary", name="Narrow the results").get_by_role(
        "link", name="Defence"
    ).click()
    expect(page.get_by_role("list", name="Active filters")).to_contain_text("Topic: Defence")
    page.get_by_label("Show").select_option("editorial")
    page.locator(".search-page-form").get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Border calm")).to_be_visible()
    shot(page, "search-phone-no-js")
    # Browse: topics → a timeline → its chart's month → an article.
    page.goto(live_server.url + "/topics/")
    page.get_by_role("link", name="Defence", exact=True).first.click()
    page.locator("figure.chart svg a").first.click()
    page.locator(".timeline .card a").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/articles/" in page.url
    page.context.close()


def test_dark_colours_follow_the_system_setting(browser, live_server, archive):
    colours = {}
    for scheme in ("light", "dark"):
        page = open_page(browser, color_scheme=scheme)
        page.goto(live_server.url + archive["story"].get_absolute_url())
        colours[scheme] = page.evaluate(
            "[getComputedStyle(document.body).backgroundColor,"
            " getComputedStyle(document.body).color,"
            " getComputedStyle(document.querySelector('.story__body a')).color]"
        )
        if scheme == "dark":
            shot(page, "article-dark")
        page.context.close()
    light, dark = colours["light"], colours["dark"]
    assert all(a != b for a, b in zip(light, dark, strict=True)), colours

    def brightness(rgb):
        red, green, blue = (int(part) for part in rgb[rgb.index("(") + 1 : -1].split(",")[:3])
        return (red * 299 + green * 587 + blue * 114) / 1000

    assert brightness(dark[0]) < 60 < 200 < brightness(light[0])
    assert brightness(dark[1]) > 180


def test_articles_print_as_reading_without_the_site_around_them(page, live_server, archive):
    page.goto(live_server.url + archive["story"].get_absolute_url())
    page.emulate_media(media="print")

    def shown(selector):
        return page.locator(selector).first.evaluate("el => getComputedStyle(el).display")

    for chrome in (".site-nav", ".site-header .search-form", ".breadcrumbs", ".skip-link"):
        assert shown(chrome) == "none", chrome
    for chrome in (".site-footer nav", ".story__neighbours"):
        if page.locator(chrome).count():
            assert shown(chrome) == "none", chrome
    assert "serif" in page.evaluate("getComputedStyle(document.querySelector('.prose')).fontFamily")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    link_after = page.evaluate(
        "getComputedStyle(document.querySelector('.story__body a'), '::after').content"
    )
    assert "https://example.org/energy" in link_after
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000


# Characters on a line of the article's text, from its width and its own font's letters.
CHARACTERS_PER_LINE = """() => {
  const p = document.querySelector('.story__body p');
  const style = getComputedStyle(p);
  const context = document.createElement('canvas').getContext('2d');
  context.font = `${style.fontSize} ${style.fontFamily}`;
  const text = p.textContent;
  return p.clientWidth / (context.measureText(text).width / text.length);
}"""


def test_article_lines_are_a_comfortable_length(browser, live_server, archive):
    for width in WIDTHS:
        page = open_page(browser, viewport={"width": width, "height": 800})
        page.goto(live_server.url + archive["story"].get_absolute_url())
        per_line = page.evaluate(CHARACTERS_PER_LINE)
        line_height = page.evaluate(
            "(s => parseFloat(s.lineHeight) / parseFloat(s.fontSize))"
            "(getComputedStyle(document.querySelector('.story__body p')))"
        )
        page.context.close()
        # 60 to 80 on a desktop; a phone gives what it has, but no fewer than a narrow column.
        assert (60 <= per_line <= 80) if width > 800 else (30 <= per_line <= 60), (width, per_line)
        assert 1.5 <= line_height <= 1.8
