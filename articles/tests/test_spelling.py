"""Name variants and "Did you mean"."""

import pytest
from django.urls import reverse

from articles.search.indexing import deferred
from articles.tests import factories as f


@pytest.fixture
def corpus(search_index):
    with deferred():
        shoigu = [
            f.article(
                f"Shoigu visit {n}", body=f"<p>Defence Minister Sergei Shoigu spoke ({n}).</p>"
            )
            for n in range(4)
        ]
        election = f.article("Election day", body="<p>Voters queued for the election.</p>")
    return {"shoigu": set(shoigu), "election": election}


def get(client, q):
    response = client.get(reverse("articles:search"), {"q": q})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("variant", ["Shoygu", "Shoigou", "shoigu~"])
def test_name_variants_find_the_usual_spelling(corpus, client, variant):
    response = get(client, variant)
    outcome = response.context["outcome"]
    assert {hit.object for hit in outcome.hits} == corpus["shoigu"]
    if "~" not in variant:
        assert outcome.variants == [(variant.lower(), ["shoigu"])]
        assert "Close spellings were searched too" in response.content.decode()
    # The snippet marks the spelling that was found.
    assert '<mark class="match term0">Shoigu</mark>' in str(outcome.hits[0].snippet)


def test_common_words_are_not_expanded(corpus, client):
    outcome = get(client, "Shoigu").context["outcome"]
    assert outcome.variants == []
    assert len(outcome.hits) == 4


def test_did_you_mean_when_little_is_found(corpus, client):
    # Fewer than three results: the page also offers the usual spelling.
    response = get(client, "electon day")
    outcome = response.context["outcome"]
    assert outcome.suggestion["query"] == "election day"
    assert "Did you mean" in response.content.decode()
    corrected = client.get(reverse("articles:search") + outcome.suggestion["href"])
    assert [hit.object for hit in corrected.context["outcome"].hits] == [corpus["election"]]


def test_no_suggestion_when_results_are_plenty(corpus, client):
    assert get(client, "shoigu").context["outcome"].suggestion is None


def test_api_reports_variants_and_suggestion(corpus, client):
    data = client.get(reverse("articles:api-search"), {"q": "electon"}).json()
    assert data["did_you_mean"] == "election"
    data = client.get(reverse("articles:api-search"), {"q": "shoygu"}).json()
    assert data["variants"] == [{"word": "shoygu", "spellings": ["shoigu"]}]
    assert data["count"] == 4


def test_close_spellings_are_searched_as_plain_words(corpus):
    # A fuzzy term would have Whoosh walk the lexicon again in every field.
    from haystack import connections

    from articles.search import spelling, syntax

    tree = syntax.parse("Shoygu visit").tree
    reader = connections["default"].get_backend().searcher().reader()

    assert spelling.expand_rare_terms(tree, reader) == [("shoygu", ["shoigu"])]
    rendered = syntax.render(tree)
    assert "(shoygu OR shoigu)" in rendered
    assert "~" not in rendered


def test_only_words_of_letters_are_searched_and_named(search_index, client):
    # "kh4rkiv" is held, but a word with a digit is not written into a query.
    with deferred():
        for n in range(4):
            f.article(f"Report {n}", body="<p>Shelling near kh4rkiv again.</p>")
    outcome = get(client, "kharkiv").context["outcome"]
    assert outcome.variants == []
    assert outcome.hits == []
