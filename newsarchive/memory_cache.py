"""Django's local-memory cache with a budget in bytes as well as in entries.

Entries here differ a hundredfold in size: a content counter is a few bytes,
a page of search results with its facets about 45 KB. Bounded by count alone
(``MAX_ENTRIES``), the cache of each gunicorn worker grew by 66 MB over 1,200
requests at 100,000 articles, a third of the worker's memory. Here the
pickled entries are counted too; past ``MAX_BYTES`` the least recently used
go first. A value larger than the whole budget is not kept.
"""

import pickle

from django.core.cache.backends.locmem import LocMemCache

DEFAULT_MAX_BYTES = 16 * 2**20

# Per cache name, like Django's own module-level stores: every thread's
# backend instance for one name shares the entries, so it shares their total.
_totals = {}


class BoundedLocMemCache(LocMemCache):
    def __init__(self, name, params):
        super().__init__(name, params)
        options = params.get("OPTIONS", {})
        self._max_bytes = int(options.get("MAX_BYTES", DEFAULT_MAX_BYTES))
        self._total = _totals.setdefault(name, [0])  # a shared, mutable count

    @property
    def bytes_held(self):
        return self._total[0]

    # The methods below run with ``self._lock`` held, as in LocMemCache.

    def _set(self, key, value, timeout=None):
        self._delete(key)
        if len(value) > self._max_bytes:
            return
        super()._set(key, value, timeout)
        self._total[0] += len(value)
        while self._total[0] > self._max_bytes:
            self._drop_least_recent()

    def _drop_least_recent(self):
        # LocMemCache moves what is read or written to the front.
        key, value = self._cache.popitem()
        del self._expire_info[key]
        self._total[0] -= len(value)

    def _cull(self):
        if self._cull_frequency == 0:
            self._cache.clear()
            self._expire_info.clear()
            self._total[0] = 0
            return
        for _ in range(len(self._cache) // self._cull_frequency):
            self._drop_least_recent()

    def _delete(self, key):
        value = self._cache.get(key)
        if not super()._delete(key):
            return False
        self._total[0] -= len(value)
        return True

    def incr(self, key, delta=1, version=None):
        # LocMemCache.incr replaces the entry without _set; the same steps,
        # with the change in size counted.
        full_key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(full_key):
                self._delete(full_key)
                raise ValueError(f"Key '{key}' not found")
            old = self._cache[full_key]
            new_value = pickle.loads(old) + delta
            pickled = pickle.dumps(new_value, self.pickle_protocol)
            self._cache[full_key] = pickled
            self._cache.move_to_end(full_key, last=False)
            self._total[0] += len(pickled) - len(old)
        return new_value

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._total[0] = 0
