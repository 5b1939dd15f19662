"""Statistics for the database's query planner, refreshed after bulk loads.

Without statistics SQLite guesses which index to use, and it guessed badly on
a large archive: "the variants of article N" read every published row through
the (status, published) index instead of the few rows with that canonical id
(3.6 ms a page at 10,000 articles, ten times that at 100,000). PostgreSQL's
autovacuum analyses tables eventually; after a bulk load it is worth not
waiting for it.
"""

from django.db import connection

from articles.models import Article

# Imports smaller than this leave the statistics as they were: ANALYZE reads
# every index, which costs more than a handful of new rows can change.
BULK_ROWS = 500
# Nor do imports that add less than a tenth to the archive: 3,000 articles
# into 100,000 change no index's selectivity, and reading every index took
# 0.12 s, a tenth of such an import. (A sampled ANALYZE was quicker, but its
# estimates made SQLite read the rebuild's rows by a worse plan: 146 s
# against 106 s for 100,000 articles.)
GROWTH = 10


def refresh_statistics():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def refresh_after(rows):
    """Refresh the statistics if ``rows`` new articles make a bulk load."""
    if rows >= BULK_ROWS and rows * GROWTH >= Article.objects.count():
        refresh_statistics()
