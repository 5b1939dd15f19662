"""A fix for Whoosh 2.7.4's block-quality skipping, applied once on import.

``UnionMatcher.skip_to_quality`` (an OR, and every word searched over several
fields) loops while ``aq + bq <= minquality``, asking the weaker side to skip
to ``minquality - bq``. Floating point can make both hold at once:
``1.955 > 4.321 - 2.366`` and yet ``1.955 + 2.366 <= 4.321``. The child then has
nothing to skip, returns 0 without moving, and the loop never ends (open
upstream as whoosh-community/whoosh#446). We met it after concurrent updates
and deletes and had turned the optimisation off, which made every search score
every matching document.

Skipping is only an optimisation: stopping early leaves the matcher on a
document the collector scores and discards. So the loop below is Whoosh's,
with one change: it stops when a round skips nothing.
"""

from whoosh.matching import mcore
from whoosh.matching.binary import UnionMatcher


def _union_skip_to_quality(self, minquality):
    self._id = None
    a, b = self.a, self.b
    if not (a.is_active() or b.is_active()):
        raise mcore.ReadTooFar
    if not a.is_active():
        return b.skip_to_quality(minquality)
    if not b.is_active():
        return a.skip_to_quality(minquality)

    skipped = 0
    aq, bq = a.block_quality(), b.block_quality()
    while a.is_active() and b.is_active() and aq + bq <= minquality:
        if aq < bq:
            step = a.skip_to_quality(minquality - bq)
            aq = a.block_quality()
        else:
            step = b.skip_to_quality(minquality - aq)
            bq = b.block_quality()
        if not step:
            break  # no progress: let the collector score this document
        skipped += step
    return skipped


def apply():
    UnionMatcher.skip_to_quality = _union_skip_to_quality


apply()
