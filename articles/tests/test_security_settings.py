"""Production settings locked down: CSP, framing, TLS behind a proxy, CSRF, login throttling."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client, RequestFactory

from articles.tests import factories as f
from articles.tests.shared_data import REPO
from articles.tests.test_settings import run_django
from newsarchive.client_ip import client_ip

PROD_ENV = {
    "DJANGO_SECRET_KEY": "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2,
    "DJANGO_ALLOWED_HOSTS": "archive.example.org",
}


def csp_directives(response):
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/search/?q=x", "/admin/login/", "/topics/"])
def test_every_page_sends_a_csp_without_inline_scripts(client, path):
    response = client.get(path)
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_article_page_sends_the_csp(client):
    article = f.article("Saffron harvest begins")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_no_template_has_inline_script_or_handlers():
    # Anything inline would need 'unsafe-inline' (or a nonce) to run under our CSP.
    for path in (REPO / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert not re.search(r"\son[a-z]+\s*=", text, re.IGNORECASE), path
        assert "javascript:" not in text.lower(), path
        assert "<style" not in text and " style=" not in text, path


def test_every_post_form_in_our_templates_carries_a_csrf_token():
    forms = 0
    for path in (REPO / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for form in re.finditer(r"<form\b[^>]*>.*?</form>", text, re.DOTALL | re.IGNORECASE):
            if re.search(r'method="post"', form.group(0), re.IGNORECASE):
                forms += 1
                assert "{% csrf_token %}" in form.group(0), path
    assert forms >= 2


def test_prod_behind_a_tls_proxy(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.X_FRAME_OPTIONS, s.DEBUG)"
    )
    result = run_django(
        "newsarchive.settings.prod",
        "shell",
        "-c",
        code,
        NEWSARCHIVE_DATA_DIR=str(tmp_path),
        NEWSARCHIVE_BEHIND_TLS_PROXY="1",
        **PROD_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert "('HTTP_X_FORWARDED_PROTO', 'https') True True 31536000 DENY False" in result.stdout
    deploy = run_django(
        "newsarchive.settings.prod",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        NEWSARCHIVE_DATA_DIR=str(tmp_path),
        NEWSARCHIVE_BEHIND_TLS_PROXY="1",
        **PROD_ENV,
    )
    assert deploy.returncode == 0, deploy.stderr + deploy.stdout


def test_prod_not_behind_a_proxy_trusts_no_forwarded_header(tmp_path):
    result = run_django(
        "newsarchive.settings.prod",
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER)",
        NEWSARCHIVE_DATA_DIR=str(tmp_path),
        **PROD_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("None")


def test_client_address_behind_the_proxy_is_the_hop_it_appended(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    settings.BEHIND_TLS_PROXY = False
    assert client_ip(request) == "10.0.0.2"
    settings.BEHIND_TLS_PROXY = True
    # The first entry is whatever the client sent; only the proxy's own is trusted.
    assert client_ip(request) == "203.0.113.9"


# --- CSRF and who may import -------------------------------------------------


def _staff(username, groups=()):
    user = User.objects.create_user(username, password="pw-" + username, is_staff=True)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


@pytest.mark.django_db
def test_import_post_without_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    client.force_login(_staff("importer", ["Importers"]))
    page = client.get("/admin/articles/article/import/")
    assert page.status_code == 200
    assert b"csrfmiddlewaretoken" in page.content
    response = client.post("/admin/articles/article/import/", {"format": "auto"})
    assert response.status_code == 403
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1)
    with_token = client.post(
        "/admin/articles/article/import/",
        {"format": "auto", "csrfmiddlewaretoken": token.decode()},
    )
    # Past the CSRF check: the form itself answers (no file chosen).
    assert with_token.status_code == 200


@pytest.mark.django_db
def test_permission_groups_come_from_the_migration():
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    importers = set(
        Group.objects.get(name="Importers").permissions.values_list("codename", flat=True)
    )
    assert {"add_article", "change_article", "view_article", "change_caption"} <= editors
    assert {"add_editorial", "change_editorial", "change_topic", "change_tagevidence"} <= editors
    assert not any(code.startswith("delete_article") for code in editors)
    # The import page asks for "add article": importing creates articles.
    assert importers == {"add_article", "view_article", "view_editorial", "view_importbatch"}


@pytest.mark.django_db
def test_only_importers_open_the_import_page(client):
    url = "/admin/articles/article/import/"
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith("/admin/login/")
    client.force_login(_staff("plain"))
    assert client.get(url).status_code == 403
    client.force_login(_staff("importer", ["Importers"]))
    assert client.get(url).status_code == 200
    client.force_login(_staff("editor", ["Editors"]))
    assert client.get(url).status_code == 200
    # Importers may not edit articles by hand.
    article = f.article("Saffron harvest begins")
    client.force_login(User.objects.get(username="importer"))
    change = client.post(f"/admin/articles/article/{article.pk}/change/", {"headline": "x"})
    assert change.status_code == 403


# --- login throttling -------------------------------------------------------

LOGIN = "/admin/login/?next=/admin/"


def _login(client, password):
    return client.post(LOGIN, {"username": "boss", "password": password})


@pytest.mark.django_db
def test_five_wrong_passwords_lock_out_the_sixth_try_even_with_the_right_one():
    User.objects.create_superuser("boss", "boss@example.org", "right-pass-word")
    client = Client()
    for _ in range(4):
        assert _login(client, "wrong").status_code == 200  # the form again, with an error
    # The fifth failure reaches the limit: its answer is already the lockout.
    assert _login(client, "wrong").status_code == 429
    locked = _login(client, "right-pass-word")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another client (as another worker process would be) sees the same lockout:
    # the attempts are rows in the database, not memory of one process.
    assert _login(Client(), "right-pass-word").status_code == 429
    # Another address may still log in.
    other = Client(REMOTE_ADDR="192.0.2.44")
    assert _login(other, "right-pass-word").status_code == 302


def test_lockout_holds_in_another_process(transactional_db):
    from axes.models import AccessAttempt

    User.objects.create_superuser("boss", "boss@example.org", "right-pass-word")
    for _ in range(5):
        _login(Client(), "wrong")
    assert AccessAttempt.objects.get(username="boss").failures_since_start == 5
    script = (
        "import django; django.setup(); "
        "from django.test.utils import setup_test_environment; setup_test_environment(); "
        "from django.test import Client; "
        f"r = Client().post({LOGIN!r}, {{'username': 'boss', 'password': 'right-pass-word'}}); "
        "print('status', r.status_code)"
    )
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="newsarchive.settings.test",
        NEWSARCHIVE_TEST_DATA_DIR=str(settings.DATA_DIR),
        NEWSARCHIVE_CONNECT_TEST_DB="1",
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "status 429" in result.stdout, result.stderr[-2000:]


def test_throttling_settings():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
