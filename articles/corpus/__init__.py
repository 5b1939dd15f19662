"""Synthetic archives of any size for benchmarks (10k, 100k, 1M articles).

``words`` makes a large pronounceable vocabulary with a Zipf frequency curve,
``generator`` streams importer records from it, and ``loader`` writes them
straight into the database in bulk. Nothing here is copied text: every word
past the English function words is invented from syllables.
"""
