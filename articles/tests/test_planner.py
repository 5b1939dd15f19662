"""The database's query planner finds an article's variants through their own index."""

import pytest
from django.db import connection

from articles.corpus.generator import generate_records
from articles.corpus.words import Vocabulary
from articles.models import Article
from articles.models.status import Status

pytestmark = pytest.mark.django_db


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="checks SQLite's planner (PostgreSQL plans from its own statistics)",
)
def test_a_bulk_load_leaves_the_planner_using_the_variants_index():
    from articles.corpus.loader import load_corpus

    count, _ = load_corpus(generate_records(600, 3, Vocabulary(3)))
    assert count == 600
    canonical, variant = Article.objects.order_by("pk")[:2]
    Article.objects.filter(pk=variant.pk).update(canonical=canonical)

    found = canonical.variants.published()
    assert list(found) == [variant]
    used = plan(found)
    # Before: SEARCH ... USING INDEX articles_ar_status_... (status=?), every published row.
    assert "article_variant_of" in used, used
    assert Article.objects.filter(status=Status.PUBLISHED).count() == 600


def test_only_loads_that_grow_the_archive_by_a_tenth_refresh_the_statistics(monkeypatch):
    from articles import planner
    from articles.tests import factories

    refreshed = []
    monkeypatch.setattr(planner, "refresh_statistics", lambda: refreshed.append(True))
    monkeypatch.setattr(planner, "BULK_ROWS", 5)
    for _ in range(60):
        factories.article()

    planner.refresh_after(4)  # not a bulk load
    planner.refresh_after(5)  # 5 of 60: too little to change the statistics
    assert refreshed == []
    planner.refresh_after(6)  # a tenth of the archive
    assert refreshed == [True]
