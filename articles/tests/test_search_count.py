"""A result count is the number of matching documents, before any page is read."""

from haystack.query import SearchQuerySet

from articles.tests import factories as f


def test_count_on_a_fresh_query_counts_every_match(search_index):
    for number in range(150):
        f.article(f"Sorghum harvest report {number}", body="<p>Sorghum prices rose.</p>")
    f.article("Wheat report", body="<p>Wheat prices fell.</p>")

    assert SearchQuerySet().auto_query("sorghum").count() == 150
    results = SearchQuerySet().auto_query("sorghum")
    assert len(list(results[:20])) == 20
    assert results.count() == 150
