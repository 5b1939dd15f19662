"""Production: every secret and host comes from the environment, or start-up fails."""

from .base import *  # noqa: F403
from .base import DATABASES, MIDDLEWARE, env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the host names this site serves.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Behind a TLS-terminating proxy (NEWSARCHIVE_BEHIND_TLS_PROXY=1, set in base.py)
# Django reads the scheme from X-Forwarded-Proto; the older name still works.
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    BEHIND_TLS_PROXY = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
# `make serve` and the benchmark run this configuration over plain HTTP on
# 127.0.0.1, where HTTPS redirects, secure-only cookies and HSTS would lock the
# browser out. Only they set this; a real deployment never should.
LOCAL_HTTP = env_bool("NEWSARCHIVE_LOCAL_HTTP", False)
if LOCAL_HTTP:
    SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
    SECURE_HSTS_SECONDS = 0
    SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008", "security.W012", "security.W016"]
else:
    SILENCED_SYSTEM_CHECKS = []
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
if not SECURE_HSTS_PRELOAD:
    # Opting out of the preload list is a deliberate choice, not a warning.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# WhiteNoise serves the collected static files straight from the app server.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
