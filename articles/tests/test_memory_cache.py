"""The in-process cache keeps to its budget in bytes, dropping the least recently used."""

import itertools
import pickle
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsarchive.env import cache_config
from newsarchive.memory_cache import DEFAULT_MAX_BYTES, BoundedLocMemCache

_names = itertools.count()


def bounded(max_bytes, max_entries=1000):
    params = {"OPTIONS": {"MAX_BYTES": max_bytes, "MAX_ENTRIES": max_entries}, "TIMEOUT": 300}
    return BoundedLocMemCache(f"test-bounded-{next(_names)}", params)


def size(value):
    return len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def held(cache):
    """The bytes really held, to check the running total against."""
    return sum(len(value) for value in cache._cache.values())


def test_past_the_budget_the_least_recently_used_go_first():
    entry = "x" * 1000
    cache = bounded(max_bytes=size(entry) * 3)
    for key in "abc":
        cache.set(key, entry)
    assert cache.get("a") == entry  # now the most recently used
    cache.set("d", entry)
    assert [key for key in "abcd" if cache.get(key) is not None] == ["a", "c", "d"]
    assert cache.bytes_held == held(cache) <= size(entry) * 3


def test_replacing_deleting_incrementing_and_clearing_keep_the_count_exact():
    cache = bounded(max_bytes=10_000)
    cache.set("page", "y" * 3000)
    cache.set("page", "y" * 100)  # replaced: the old size is given back
    cache.add("page", "z" * 5000)  # not added: the key is held
    cache.set("counter", 1)
    assert cache.incr("counter", 2**70) == 2**70 + 1  # a longer pickle than 1
    assert cache.bytes_held == held(cache)
    cache.delete("page")
    assert cache.bytes_held == held(cache) == size(2**70 + 1)
    with pytest.raises(ValueError):
        cache.incr("missing")
    cache.clear()
    assert cache.bytes_held == 0 and cache.get("counter") is None


def test_a_value_larger_than_the_budget_is_not_kept_and_drops_its_old_value():
    cache = bounded(max_bytes=2000)
    cache.set("big", "small")
    cache.set("big", "b" * 5000)
    assert cache.get("big") is None
    assert cache.bytes_held == 0


def test_the_entry_bound_still_holds_and_culls_with_the_count_right():
    cache = bounded(max_bytes=10**9, max_entries=10)
    for n in range(25):
        cache.set(f"k{n}", n)
    assert len(cache._cache) <= 10
    assert cache.bytes_held == held(cache)


def test_threads_sharing_the_cache_share_one_total():
    name = f"test-bounded-shared-{next(_names)}"
    params = {"OPTIONS": {"MAX_BYTES": 50_000}, "TIMEOUT": 300}

    def work(n):
        cache = BoundedLocMemCache(name, params)  # Django builds one per thread
        for i in range(200):
            cache.set(f"{n}-{i % 40}", "v" * (i * 7 % 900))
            cache.get(f"{(n + 1) % 4}-{i % 40}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cache = BoundedLocMemCache(name, params)
    assert cache.bytes_held == held(cache) <= 50_000


def test_the_default_cache_is_bounded_in_bytes_from_the_setting():
    config = cache_config(None, memory_mb=8)
    assert config["BACKEND"] == "newsarchive.memory_cache.BoundedLocMemCache"
    assert config["OPTIONS"]["MAX_BYTES"] == 8 * 2**20
    assert cache_config("locmem://")["BACKEND"] == config["BACKEND"]
    # Unset, the backend's own default; text from the environment is read as a number.
    assert "MAX_BYTES" not in cache_config(None)["OPTIONS"]
    assert bounded_default().bytes_held == 0 and bounded_default()._max_bytes == DEFAULT_MAX_BYTES
    assert cache_config(None, memory_mb="0.5")["OPTIONS"]["MAX_BYTES"] == 2**19
    for bad in ("lots", "0", "-3"):
        with pytest.raises(ImproperlyConfigured, match="NEWSARCHIVE_CACHE_MB"):
            cache_config(None, memory_mb=bad)


def bounded_default():
    return BoundedLocMemCache(f"test-bounded-{next(_names)}", {"OPTIONS": {}})


NUMBER_SETTINGS = [
    # reader, variable, malformed values, a good value and what it reads as
    ("env_int", "NEWSARCHIVE_PAGE_CACHE_SECONDS", ["ten", "-1", "1.5"], "0", 0),
    ("env_seconds", "NEWSARCHIVE_BURST_SECONDS", ["soon", "0", "-0.5", "nan", "inf"], "0.25", 0.25),
]


@pytest.mark.parametrize(
    "reader, variable, value",
    [(reader, variable, bad) for reader, variable, bads, *_ in NUMBER_SETTINGS for bad in bads],
)
def test_a_malformed_number_setting_names_its_variable(monkeypatch, reader, variable, value):
    from newsarchive import env

    monkeypatch.setenv(variable, value)
    with pytest.raises(ImproperlyConfigured, match=variable):
        getattr(env, reader)(variable, 300)


@pytest.mark.parametrize("reader, variable, bads, good, read", NUMBER_SETTINGS)
def test_a_number_setting_reads_its_value_or_the_default(
    monkeypatch, reader, variable, bads, good, read
):
    from newsarchive import env

    monkeypatch.setenv(variable, good)
    assert getattr(env, reader)(variable, 300) == read
    monkeypatch.delenv(variable)
    assert getattr(env, reader)(variable, 300) == 300
