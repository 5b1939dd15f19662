"""gunicorn's hooks, for every launcher here (``--config=python:newsarchive.gunicorn_conf``)."""


def post_worker_init(worker):
    from newsarchive.warmup import warm_up

    warm_up(worker.wsgi)
