"""Pages in a real Chromium (Debian's, driven by Playwright) against a live server."""

import pytest
from playwright.sync_api import expect

from articles.tests import factories as f
from articles.tests.browser_support import shot

pytestmark = pytest.mark.browser


@pytest.fixture
def story(search_index):
    older = f.article(
        "Pipeline talks resume in Ashgabat",
        body="<p>ASHGABAT: Negotiators met again.</p>",
        topics=["Energy"],
        countries=["TM", "PK"],
        published=f.when(2013, 5, 2),
    )
    article = f.article(
        "Russia offers counter-terrorism training",
        body="<p>ISLAMABAD: Defence Minister Sergei Shoigu visited.</p><p>Talks went on.</p>",
        dateline="ISLAMABAD",
        topics=["Defence"],
        countries=["PK", "RU"],
        captions=["The minister arrives at Nur Khan airbase"],
        published=f.when(2014, 11, 21),
    )
    article.captions.update(credit="AFP")
    article.also_read_links.create(title=older.headline, target=older)
    f.editorial("Border calm", teaser="<p>Quiet frontiers help trade.</p>", articles=[article])
    return article


def test_search_from_the_header_and_read_the_article(live_server, page, story):
    page.goto(live_server.url + "/")
    page.get_by_label("Search the archive").first.fill("Shoigu")
    page.get_by_label("Search the archive").first.press("Enter")
    page.wait_for_url("**/search/?q=Shoigu**")
    result = page.get_by_role("link", name="Russia offers counter-terrorism training")
    assert page.locator("mark").first.inner_text() == "Shoigu"
    shot(page, "search")
    result.click()
    assert page.get_by_role("heading", level=1).inner_text() == story.headline
    assert "AFP" in page.content()
    assert page.get_by_text("The minister arrives at Nur Khan airbase").is_visible()
    shot(page, "article")
    also_read = page.get_by_role("complementary", name="Also read")
    also_read.get_by_role("link", name="Pipeline talks resume in Ashgabat").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Pipeline talks resume in Ashgabat"


def test_country_timeline_narrowed_by_topic(live_server, page, story):
    page.goto(live_server.url + "/countries/pk/")
    assert page.get_by_text("Russia offers counter-terrorism training").is_visible()
    assert page.get_by_text("Pipeline talks resume in Ashgabat").is_visible()
    shot(page, "country-timeline")
    page.goto(live_server.url + "/countries/pk/?topic=energy")
    assert page.get_by_text("Pipeline talks resume in Ashgabat").is_visible()
    assert page.get_by_text("Russia offers counter-terrorism training").count() == 0


def test_pages_work_without_javascript_on_a_phone(browser, live_server, story):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/search/?q=training&country=ru")
    assert page.get_by_role("link", name="Russia offers counter-terrorism training").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    shot(page, "search-phone")
    context.close()


def test_staff_adds_an_article_with_a_caption(live_server, page, search_index, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "s3cret-pass-word")
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "s3cret-pass-word")
    page.click("input[type=submit]")
    page.fill("#id_headline", "Browser-made article about saffron")
    page.fill("#id_slug", "browser-made-article-about-saffron")
    page.fill("#id_body", "Saffron harvest <script>alert(1)</script> begins.")
    page.locator("textarea[name='captions-0-text']").fill("Pickers at dawn")
    page.locator("input[name='captions-0-credit']").fill("Staff")
    shot(page, "admin-add")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    from articles.models import Article

    article = Article.objects.get(headline="Browser-made article about saffron")
    assert article.captions.get().credit == "Staff"
    assert "script" not in article.body
    page.goto(live_server.url + "/search/?q=saffron")
    assert page.get_by_role("link", name="Browser-made article about saffron").is_visible()
