"""A new gunicorn worker serves its first pages to itself before it takes clients'."""

from types import SimpleNamespace

import pytest
from django.core.handlers.wsgi import WSGIHandler

from articles.tests import factories as f
from newsarchive import gunicorn_conf
from newsarchive.serve import gunicorn_command
from newsarchive.warmup import warm_up


def test_warm_up_gets_the_home_page_an_article_and_a_search(search_index, settings):
    settings.SECURE_SSL_REDIRECT = True  # as in production: plain HTTP would be redirected
    article = f.article("Glaciers retreat across the Karakoram", published=f.when(2020, 5, 1))
    f.article("An older story", published=f.when(2010, 5, 1))
    statuses = warm_up(WSGIHandler())
    assert statuses == {
        "/": 200,
        article.get_absolute_url(): 200,
        "/search/?q=Karakoram": 200,  # its longest word
    }


def test_warm_up_of_an_empty_archive_gets_the_home_page(transactional_db):
    assert warm_up(WSGIHandler()) == {"/": 200}


def test_a_failing_page_does_not_stop_a_worker(search_index, settings):
    f.article("Glaciers retreat across the Karakoram")

    def broken(environ, start_response):
        raise RuntimeError("the page failed")

    assert set(warm_up(broken).values()) == {None}


@pytest.mark.django_db(transaction=True)
def test_gunicorn_runs_the_warm_up_for_each_worker():
    assert "--config=python:newsarchive.gunicorn_conf" in gunicorn_command("127.0.0.1", 8000)
    served = []

    def application(environ, start_response):
        served.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b""]

    gunicorn_conf.post_worker_init(SimpleNamespace(wsgi=application))
    assert served == ["/"]
