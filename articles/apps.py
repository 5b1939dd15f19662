from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "News archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles import (
            checks,  # noqa: F401  (registers the system checks)
            links,
            results_cache,
        )

        results_cache.connect()
        links.connect()
