import json

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Caption
from articles.tests.test_page_format import FIXTURES

IMPORT_URL = "/admin/articles/article/import/"


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=["add_article", "change_article", "view_article", "add_caption"],
        )
    )
    return user


@pytest.fixture
def staff_without_rights(db):
    return User.objects.create_user("visitor", password="pw", is_staff=True)


def inline_prefixes(response):
    return {
        admin_formset.formset.model.__name__: admin_formset.formset.prefix
        for admin_formset in response.context["inline_admin_formsets"]
    }


def test_reverse_of_import_url():
    assert reverse("admin:articles_article_import") == IMPORT_URL


def test_add_article_with_an_inline_caption(client, editor):
    client.force_login(editor)
    add_url = reverse("admin:articles_article_add")
    prefixes = inline_prefixes(client.get(add_url))
    data = {
        "headline": "Hand-written story",
        "slug": "hand-written-story",
        "status": "published",
        "published_0": "2020-02-03",
        "published_1": "09:15:00",
        "body": '<p>Kind words.</p><script>alert("x")</script><a href="javascript:x()">y</a>',
        "is_demo": "",
    }
    for model_name, prefix in prefixes.items():
        data[f"{prefix}-TOTAL_FORMS"] = "1" if model_name == "Caption" else "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    caption = prefixes["Caption"]
    data.update({f"{caption}-0-text": "A quiet street.", f"{caption}-0-credit": "Staff"})
    data[f"{caption}-0-order"] = "0"

    response = client.post(add_url, data)

    assert response.status_code == 302, response.context and response.context.get("errors")
    article = Article.objects.get()
    assert article.body == "<p>Kind words.</p><a>y</a>"
    assert [(c.text, c.credit) for c in Caption.objects.filter(article=article)] == [
        ("A quiet street.", "Staff")
    ]
    assert article.content_hash


def test_changelist_links_to_the_import_page(client, editor):
    client.force_login(editor)

    response = client.get(reverse("admin:articles_article_changelist"))

    assert IMPORT_URL in response.content.decode()


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_without_permission_is_forbidden(client, staff_without_rights):
    client.force_login(staff_without_rights)

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"format": "auto"}).status_code == 403


def test_import_page_needs_a_csrf_token(editor):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)

    assert strict.post(IMPORT_URL, {"format": "auto"}).status_code == 403


def test_uploading_several_files_imports_them_and_shows_the_report(client, editor):
    client.force_login(editor)
    page = SimpleUploadedFile("coastal.txt", (FIXTURES / "coastal_page.txt").read_bytes())
    good = {"headline": "From the feed", "published": "2021-01-02T03:04:05+05:00"}
    feed = SimpleUploadedFile("feed.jsonl", (json.dumps(good) + "\n{broken\n").encode("utf-8"))

    response = client.post(IMPORT_URL, {"files": [page, feed], "format": "auto"})

    assert response.status_code == 200
    html = response.content.decode()
    assert Article.objects.count() == 2
    assert "coastal.txt" in html and "feed.jsonl" in html
    assert "feed.jsonl:2" in html and "not valid JSON" in html
    assert "2 created, 0 updated, 0 skipped as duplicate, 1 failed" in html
    assert "Flood barriers to be raised" in html


def test_an_oversized_file_is_refused_with_a_clear_error(client, editor, settings):
    settings.NEWSARCHIVE = {**settings.NEWSARCHIVE, "IMPORT_MAX_FILE_BYTES": 100}
    client.force_login(editor)
    big = SimpleUploadedFile("big.txt", b"x" * 101)

    response = client.post(IMPORT_URL, {"files": [big], "format": "auto"})

    assert response.status_code == 200
    assert "big.txt is 101" in response.content.decode()
    assert "at most 100" in response.content.decode()
    assert not Article.objects.exists()


def test_posting_no_files_asks_for_one(client, editor):
    client.force_login(editor)

    response = client.post(IMPORT_URL, {"format": "auto"})

    assert "Choose at least one file" in response.content.decode()


def test_every_admin_page_renders_for_a_superuser(client, db):
    from articles.tests import factories

    article = factories.article("Shown in admin", topics=["Defence"], countries=["PK"])
    editorial = factories.editorial("Beside it", articles=[article])
    client.force_login(User.objects.create_superuser("root", password="pw"))
    pages = [
        reverse("admin:articles_article_changelist") + "?q=Shown",
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_editorial_change", args=[editorial.pk]),
        reverse("admin:articles_topic_changelist"),
        reverse("admin:articles_country_changelist") + "?q=PK",
        IMPORT_URL,
    ]

    for url in pages:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("admin:articles_country_add")).status_code == 403
