"""Whoosh's block-quality skipping terminates (see articles/search/whoosh_fixes.py)."""

import threading

from whoosh.matching import mcore
from whoosh.matching.binary import UnionMatcher

import articles.search.whoosh_fixes  # noqa: F401 - applies the fix


class BlockMatcher(mcore.Matcher):
    """Postings in blocks, each with a fixed quality: a leaf matcher in miniature."""

    def __init__(self, blocks):
        self.blocks = blocks  # [([doc ids], quality)]
        self.block = 0
        self.i = 0

    def is_active(self):
        return self.block < len(self.blocks)

    def id(self):
        return self.blocks[self.block][0][self.i]

    def next(self):
        self.i += 1
        if self.i >= len(self.blocks[self.block][0]):
            self.block, self.i = self.block + 1, 0

    def supports_block_quality(self):
        return True

    def block_quality(self):
        return self.blocks[self.block][1]

    def skip_to_quality(self, minquality):
        skipped = 0
        while self.is_active() and self.block_quality() <= minquality:
            self.block, self.i = self.block + 1, 0
            skipped += 1
        return skipped

    def score(self):
        return self.block_quality()


def test_union_skip_to_quality_stops_when_rounding_leaves_nothing_to_skip():
    # 1.955 > 4.321 - 2.366, yet 1.955 + 2.366 <= 4.321: Whoosh 2.7.4 loops forever here.
    union = UnionMatcher(BlockMatcher([([1, 3], 1.955)]), BlockMatcher([([2, 4], 2.366)]))
    outcome = {}
    worker = threading.Thread(
        target=lambda: outcome.setdefault("skipped", union.skip_to_quality(4.321)), daemon=True
    )
    worker.start()
    worker.join(timeout=5)
    assert not worker.is_alive(), "skip_to_quality did not return"
    assert outcome["skipped"] == 0
    assert union.id() == 1  # left where it was: the collector scores it and moves on


def test_union_still_skips_blocks_that_cannot_compete():
    a = BlockMatcher([([1, 2], 0.5), ([10, 11], 3.0)])
    b = BlockMatcher([([1, 5], 1.0), ([12], 1.0)])
    union = UnionMatcher(a, b)
    assert union.skip_to_quality(2.0) == 1
    assert a.id() == 10  # a's weak first block was passed over
