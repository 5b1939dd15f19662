"""A small relevance set: for each query, the articles that must come first.

Ranking changes (boosts, analysers, the phrase clause) must keep these true,
or change them here on purpose.
"""

import pytest
from django.urls import reverse

from articles.search.indexing import deferred
from articles.tests import factories as f

FILLER = " ".join(["Officials met in the capital and issued a statement."] * 3)


@pytest.fixture
def corpus(search_index):
    with deferred():
        docs = {
            "headline_floods": f.article(
                "Floods sweep Sindh villages", body=f"<p>{FILLER} Rescue teams arrived.</p>"
            ),
            "body_floods": f.article(
                "Provincial budget passed", body=f"<p>{FILLER} Floods were mentioned once.</p>"
            ),
            "phrase": f.article(
                "Talks in Moscow", body=f"<p>{FILLER} The arms supply agreement was signed.</p>"
            ),
            "scattered": f.article(
                "Talks in Delhi",
                body=f"<p>Arms were discussed. {FILLER} Fuel supply was also raised.</p>",
            ),
            "stem": f.article(
                "Election commission meets", body=f"<p>{FILLER} Electoral rolls checked.</p>"
            ),
            "old_tie": f.article(
                "Harvest festival", body="<p>Wheat harvest.</p>", published=f.when(2010, 5, 1)
            ),
            "new_tie": f.article(
                "Harvest festival", body="<p>Wheat harvest.</p>", published=f.when(2020, 5, 1)
            ),
        }
    return docs


def ranked(client, q, **params):
    response = client.get(reverse("articles:search"), {"q": q, **params})
    return [hit.object for hit in response.context["outcome"].hits]


@pytest.mark.parametrize(
    ("query", "first", "also"),
    [
        # A headline match outranks a body match.
        ("floods", ["headline_floods"], ["body_floods"]),
        # The exact phrase outranks the same words scattered.
        ("arms supply", ["phrase"], ["scattered"]),
        ('"arms supply"', ["phrase"], []),
        # English stemming: "elections" finds "election".
        ("elections", ["stem"], []),
        ("flooding", ["headline_floods"], ["body_floods"]),
    ],
)
def test_expected_results_come_first(corpus, client, query, first, also):
    results = ranked(client, query)
    expected_first = [corpus[name] for name in first]
    assert results[: len(first)] == expected_first
    assert set(results) == set(expected_first) | {corpus[name] for name in also}


def test_recency_breaks_ties_only_when_asked(corpus, client):
    newest_first = ranked(client, "harvest", sort="relevance_recent")
    assert newest_first == [corpus["new_tie"], corpus["old_tie"]]
    oldest_first = ranked(client, "harvest", sort="oldest")
    assert oldest_first == [corpus["old_tie"], corpus["new_tie"]]


def test_recency_does_not_override_relevance(corpus, client):
    # body_floods is newer than nothing here, so make the weaker match newer.
    corpus["body_floods"].published = f.when(2030, 1, 1)
    corpus["body_floods"].save()
    results = ranked(client, "floods", sort="relevance_recent")
    assert results == [corpus["headline_floods"], corpus["body_floods"]]
