"""Addresses reversed once, for links that every list repeats.

Each article card links its topics and countries, and ``reverse()`` costs
about 50 µs for a tag's timeline: a sixth of a timeline page of 25 cards.
What ``reverse()`` returns depends only on its arguments, the URL
configuration and the script prefix, so it is kept per those (and forgotten
when a test swaps the URL configuration).
"""

import functools

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse


@functools.lru_cache(maxsize=4096)
def _reversed(urlconf, prefix, name, kwargs):
    return reverse(name, urlconf=urlconf, kwargs=dict(kwargs))


def reverse_once(name, **kwargs):
    """``reverse(name, kwargs=kwargs)``, remembered."""
    return _reversed(get_urlconf(), get_script_prefix(), name, tuple(sorted(kwargs.items())))


def _forget(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()


def connect():
    """Forget what was reversed when a test swaps the URL configuration (from ready())."""
    setting_changed.connect(_forget, dispatch_uid="articles.links.forget")
