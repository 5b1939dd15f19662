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

    # More articles than the statistics sample (planner.SAMPLE_ROWS).
    count, _ = load_corpus(generate_records(1200, 3, Vocabulary(3)))
    assert count == 1200
    canonical, variant = Article.objects.order_by("pk")[:2]
    Article.objects.filter(pk=variant.pk).update(canonical=canonical)

    found = canonical.variants.published()
    assert list(found) == [variant]
    used = plan(found)
    # Before: SEARCH ... USING INDEX articles_ar_status_... (status=?), every published row.
    assert "article_variant_of" in used, used
    assert Article.objects.filter(status=Status.PUBLISHED).count() == 1200
