"""Statistics for the database's query planner, refreshed after bulk loads.

Without statistics SQLite guesses which index to use, and it guessed badly on
a large archive: "the variants of article N" read every published row through
the (status, published) index instead of the few rows with that canonical id
(3.6 ms a page at 10,000 articles, ten times that at 100,000). PostgreSQL's
autovacuum analyses tables eventually; after a bulk load it is worth not
waiting for it.
"""

from django.db import connection

# Imports smaller than this leave the statistics as they were: ANALYZE reads
# every index, which costs more than a handful of new rows can change.
BULK_ROWS = 500


def refresh_statistics():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def refresh_after(rows):
    """Refresh the statistics if ``rows`` new rows make a bulk load."""
    if rows >= BULK_ROWS:
        refresh_statistics()
