"""Bringing articles into the archive: scraped pages and JSONL, in and out.

``importer.import_records`` is the one way records become articles; the other
modules read a format into records (``page_format``, ``jsonl``) or check them
(``validation``).
"""
