"""Search-box suggestions."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from articles.tests import factories as f


@pytest.fixture
def tagged(search_index):
    article = f.article(
        "Pakistan floods relief begins",
        topics=["Pakistan politics", "Climate"],
        countries=["PK"],
    )
    f.article("Cricket in Lahore")
    return article


def suggest(client, q):
    response = client.get(reverse("articles:api-autocomplete"), {"q": q})
    assert response.status_code == 200
    return response.json()["suggestions"]


def test_headlines_topics_and_countries(tagged, client):
    found = suggest(client, "pakis")
    kinds = {(s["kind"], s["label"]) for s in found}
    assert ("topic", "Pakistan politics") in kinds
    assert ("country", "Pakistan") in kinds
    assert ("headline", "Pakistan floods relief begins") in kinds
    headline = next(s for s in found if s["kind"] == "headline")
    assert headline["url"] == tagged.get_absolute_url()
    country = next(s for s in found if s["kind"] == "country")
    assert country["url"] == reverse("articles:search") + "?country=pk"


def test_earlier_words_must_match_and_unused_tags_are_left_out(tagged, client):
    assert [s["label"] for s in suggest(client, "floods rel")] == ["Pakistan floods relief begins"]
    # India has no articles: no suggestion that would find nothing.
    assert not [s for s in suggest(client, "indi") if s["kind"] == "country"]


@pytest.mark.parametrize("q", ["", "p", "(((", "*", "AND", "x" * 5000, "\u0000"])
def test_odd_input(tagged, client, q):
    assert isinstance(suggest(client, q), list)


def test_search_boxes_carry_the_combobox_hooks(db, client):
    html = client.get(reverse("articles:home")).content.decode()
    assert f'data-autocomplete-url="{reverse("articles:api-autocomplete")}"' in html
    assert "js/autocomplete.js" in html
    # Without JavaScript the box is a plain GET form to the search page.
    assert f'action="{reverse("articles:search")}"' in html
    script = (Path(settings.BASE_DIR) / "static/js/autocomplete.js").read_text()
    for needle in ('"combobox"', '"listbox"', '"option"', "aria-activedescendant", "aria-expanded"):
        assert needle in script
