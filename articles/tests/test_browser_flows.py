"""What readers and editors do, in a real Chromium: search with filters and facets, the
search box's suggestions, timelines and their chart, the story thread, a bulk import."""

import json
import re

import pytest
from playwright.sync_api import expect

from articles.tests.browser_support import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    axe_both_schemes,
    login,
    report,
    shot,
)

pytestmark = pytest.mark.browser


def test_search_narrowed_by_facets_and_widened_by_removing_chips(page, live_server, archive):
    page.goto(live_server.url + "/search/?q=training")
    results = page.locator(".result-list > li")
    everything = results.count()
    assert everything >= 3
    facets = page.get_by_role("complementary", name="Narrow the results")
    # Each facet link says how many it finds; following it finds exactly that many.
    russia = facets.locator(".facet", has_text="Country").get_by_role("link", name="Russia")
    expected = int(russia.locator("xpath=following-sibling::span").inner_text())
    russia.click()
    page.wait_for_url(re.compile(r"country=ru"))
    assert results.count() == expected < everything
    chips = page.get_by_role("list", name="Active filters")
    expect(chips).to_contain_text("Country: Russia")
    # Then a topic and a start date through the form: chips for each.
    page.get_by_label("From").fill("2015-01-01")
    page.get_by_role("button", name="Search", exact=True).last.click()
    page.wait_for_url(re.compile(r"from=2015-01-01"))
    helicopters = page.get_by_role("link", name="Helicopter deal signed after training talks")
    expect(helicopters).to_be_visible()
    assert page.get_by_role("link", name="Russia offers counter-terrorism training").count() == 0
    shot(page, "flow-search-filtered")
    page.get_by_role("link", name="Remove start date").click()
    page.get_by_role("link", name="Remove country filter Russia").click()
    page.wait_for_load_state()
    assert results.count() == everything
    assert page.get_by_role("list", name="Active filters").count() == 0


def test_search_box_suggestions_follow_the_keyboard(page, live_server, archive):
    page.goto(live_server.url + "/")
    # The header's box (the home page has a second, larger one).
    box = page.get_by_role("combobox", name="Search the archive").first
    box.press_sequentially("helicop", delay=30)
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    option = listbox.get_by_role("option").first
    expect(option).to_contain_text("Helicopter deal signed after training talks")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    expect(option).to_have_attribute("aria-selected", "true")
    shot(page, "flow-autocomplete", full_page=False)
    box.press("Enter")
    page.wait_for_url(f"**{archive['later'].get_absolute_url()}")
    # Escape closes the list and keeps what was typed.
    box = page.get_by_role("combobox", name="Search the archive").first
    box.press_sequentially("pipe", delay=30)
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_visible()
    box.press("Escape")
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_hidden()
    assert box.input_value() == "pipe"


def test_timeline_chart_bars_and_year_links_lead_to_their_months(page, live_server, archive):
    page.goto(live_server.url + "/topics/defence/")
    chart = page.locator("figure.chart")
    svg = chart.locator("svg")
    expect(svg).to_be_visible()
    expect(svg).to_have_accessible_name(re.compile(r"^Coverage of Defence\b"))
    bars = chart.locator("svg a")
    assert bars.count() >= 5
    label = bars.first.get_attribute("aria-label")
    bars.first.click()
    page.wait_for_url(re.compile(r"#m\d{4}-\d{2}$"))
    anchor = page.url.rsplit("#", 1)[1]
    heading = page.locator(f"[id='{anchor}']")
    expect(heading).to_be_in_viewport()
    assert label.split(":")[0] in heading.inner_text()
    # The numbers behind the chart, for those who do not read bars.
    chart.get_by_text("The numbers behind this chart").click()
    expect(chart.get_by_role("table")).to_be_visible()
    # Jump to a year, then narrow by country and compare with another topic.
    page.get_by_role("navigation", name="Jump to year").get_by_role("link", name="2016").click()
    expect(page.locator("[id='y2016'], h2:has-text('2016')").first).to_be_in_viewport()
    page.get_by_label("Compare with").select_option("economy")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"compare=economy"))
    expect(page.locator(".chart__key")).to_have_count(2)
    shot(page, "flow-timeline-compare")


def test_reading_an_article_and_following_its_story_thread(page, live_server, archive):
    story, later = archive["story"], archive["later"]
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(story.headline)
    expect(page.locator("figcaption")).to_contain_text("Photo: AFP")
    thread = page.get_by_role("region", name="The story thread")
    # It points here, and it ran beside the same editorial: listed under both.
    expect(thread.get_by_role("link", name=later.headline)).to_have_count(2)
    thread.get_by_role("link", name=later.headline).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(later.headline)
    page.get_by_role("complementary", name="Also read").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(story.headline)
    editorials = page.get_by_role("complementary", name="Editorials published alongside")
    editorials.get_by_role("link", name="Border calm").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Border calm")
    expect(page.get_by_role("link", name=later.headline).first).to_be_visible()


def _jsonl(*records):
    return ("\n".join(json.dumps(record) for record in records) + "\n").encode()


PAGE_TEXT = """Harbour dredging begins at Gwadar

Published March 3, 2019 07:40pm
Dredgers at work in the harbour.—Staff

GWADAR: Work to deepen the harbour began on Sunday, officials said.

The dredging should end by June.
"""


def test_bulk_import_preview_confirm_and_report(page, live_server, search_index, django_user_model):
    django_user_model.objects.create_superuser(ADMIN_USER, "editor@example.org", ADMIN_PASSWORD)
    login(page, live_server.url)
    page.goto(live_server.url + "/admin/articles/article/import/")
    good = _jsonl(
        {
            "headline": "Saffron harvest begins in Herat",
            "published": "2019-10-01T08:00:00+04:30",
            "body_text": "HERAT: Pickers were out at dawn.",
            "captions": [{"text": "Pickers at dawn", "credit": "AFP"}],
            "countries": ["af"],
        },
        {"headline": "No date on this one", "body_text": "It cannot be placed in time."},
    )
    page.locator("input[type=file]").set_input_files(
        [
            {"name": "saffron.jsonl", "mimeType": "application/json", "buffer": good},
            {"name": "gwadar.txt", "mimeType": "text/plain", "buffer": PAGE_TEXT.encode()},
            {"name": "empty.jsonl", "mimeType": "application/json", "buffer": b""},
        ]
    )
    page.get_by_role("button", name="Preview import").click()
    preview = page.locator("#preview-table")
    heading = page.get_by_role("heading", name="Preview: nothing has been imported yet")
    expect(heading).to_be_visible()
    expect(preview).to_contain_text("Saffron harvest begins in Herat")
    expect(preview).to_contain_text("Harbour dredging begins at Gwadar")
    expect(page.locator(".import-counts")).to_contain_text("2 would be created")
    found = axe_both_schemes(page, "admin-import-preview")
    shot(page, "flow-import-preview")

    from articles.models import Article

    assert not Article.objects.filter(headline__startswith="Saffron").exists()
    page.get_by_role("button", name="Confirm import").click()
    expect(page.get_by_role("heading", name="Import report")).to_be_visible(timeout=30_000)
    report_table = page.locator("#report-table")
    expect(report_table).to_contain_text("Saffron harvest begins in Herat")
    expect(report_table).to_contain_text("saffron.jsonl:2")
    expect(page.locator(".import-totals")).to_contain_text("2 created")
    found.update(axe_both_schemes(page, "admin-import-report"))
    shot(page, "flow-import-report")
    assert found == {}, report(found)
    assert Article.objects.get(headline="Saffron harvest begins in Herat").captions.count() == 1
    page.goto(live_server.url + "/search/?q=saffron")
    expect(page.get_by_role("link", name="Saffron harvest begins in Herat")).to_be_visible()
