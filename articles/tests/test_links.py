"""Addresses reversed once are the addresses reverse() gives, whatever the prefix."""

import pytest
from django.urls import clear_script_prefix, include, path, reverse, set_script_prefix

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


# A URL configuration that mounts the app elsewhere, for the test below.
urlpatterns = [path("elsewhere/", include("articles.urls"))]


def test_reverse_once_forgets_when_the_url_configuration_changes(settings):
    before = reverse_once("articles:topic-timeline", slug="floods")
    settings.ROOT_URLCONF = __name__
    assert reverse_once("articles:topic-timeline", slug="floods") == "/elsewhere/topics/floods/"
    assert before == "/topics/floods/"
