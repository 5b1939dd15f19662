"""Addresses reversed once are the addresses reverse() gives, whatever the prefix."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from articles.links import reverse_once


@pytest.fixture
def prefix():
    yield set_script_prefix
    clear_script_prefix()


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("articles:topic-timeline", {"slug": "floods"}),
        ("articles:country-timeline", {"code": "pk"}),
    ],
)
def test_reverse_once_follows_the_script_prefix(prefix, name, kwargs):
    assert reverse_once(name, **kwargs) == reverse(name, kwargs=kwargs)
    prefix("/archive/")
    assert reverse_once(name, **kwargs) == reverse(name, kwargs=kwargs)
    assert reverse_once(name, **kwargs).startswith("/archive/")
