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


# Rows of each index SQLite samples. Reading all of them took 0.12 s at
# 100,000 articles, a tenth of importing a thousand records; a sample is
# enough to tell a selective index from one that is not.
SAMPLE_ROWS = 1000


def refresh_statistics():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={SAMPLE_ROWS}")
        cursor.execute("ANALYZE")


def refresh_after(rows):
    """Refresh the statistics if ``rows`` new rows make a bulk load."""
    if rows >= BULK_ROWS:
        refresh_statistics()
