import json
from pathlib import Path

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


def batch_url(batch, suffix=""):
    return f"{IMPORT_URL}{batch.pk}/{suffix}"


@pytest.fixture
def queue_in_test(settings):
    # The test's transaction is invisible to another thread: the test drains the
    # queue itself, through the same worker loop the web process runs in a thread.
    settings.NEWSARCHIVE = {**settings.NEWSARCHIVE, "IMPORT_WORKER_IN_PROCESS": False}


def test_upload_shows_a_preview_then_imports_on_confirm_and_reports(
    client, editor, queue_in_test, django_capture_on_commit_callbacks
):
    from articles.ingest import worker
    from articles.models import BatchStatus, ImportBatch

    factories_article = Article.objects.create(
        headline="Already held", slug="already-held", url="https://feed.example.org/held"
    )
    client.force_login(editor)
    page = SimpleUploadedFile("coastal.txt", (FIXTURES / "coastal_page.txt").read_bytes())
    good = {"headline": "From the feed", "published": "2021-01-02T03:04:05+05:00"}
    held = {
        "headline": factories_article.headline,
        "published": "2021-01-02T03:04:05+05:00",
        "url": "https://feed.example.org/held",
    }
    lines = json.dumps(good) + "\n{broken\n" + json.dumps(held) + "\n"
    feed = SimpleUploadedFile("feed.jsonl", lines.encode("utf-8"))

    response = client.post(IMPORT_URL, {"files": [page, feed], "format": "auto"})

    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch_url(batch)
    preview = client.get(batch_url(batch)).content.decode()
    assert "Preview: nothing has been imported yet" in preview
    assert "2 would be created" in preview and "1 updated" in preview and "1 failed" in preview
    assert "feed.jsonl:2" in preview and "not valid JSON" in preview
    assert "already held at this URL; its fields changed" in preview
    assert Article.objects.count() == 1  # the preview changed nothing
    assert batch.status == BatchStatus.PREVIEWED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(batch_url(batch, "confirm/"))
    assert response.status_code == 302
    assert client.get(batch_url(batch, "progress/")).json()["status"] == "queued"
    worker.drain()

    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert (batch.created_count, batch.updated_count, batch.failed_count) == (2, 1, 1)
    assert batch.started_by == "editor" and batch.user == editor
    assert Article.objects.count() == 3
    progress = client.get(batch_url(batch, "progress/")).json()
    assert progress["finished"] and progress["percent"] == 100
    html = client.get(batch_url(batch)).content.decode()
    assert "Import report" in html
    assert "2 created, 1 updated, 0 skipped as duplicate, 1 failed" in html
    assert "Flood barriers to be raised" in html
    assert "feed.jsonl:2" in html
    assert not Path(batch.upload_dir).exists()  # uploads are not kept after the run
    assert f"#{batch.pk}" in client.get(IMPORT_URL).content.decode()


def test_a_batch_cannot_be_confirmed_twice(client, editor, queue_in_test):
    from articles.models import ImportBatch

    client.force_login(editor)
    upload = SimpleUploadedFile("one.jsonl", b'{"headline": "H", "published": "2021-01-02"}\n')
    client.post(IMPORT_URL, {"files": [upload], "format": "auto"})
    batch = ImportBatch.objects.get()
    client.post(batch_url(batch, "confirm/"))

    response = client.post(batch_url(batch, "confirm/"), follow=True)

    assert "waiting to run" in response.content.decode()


def test_another_editors_batch_is_not_shown(client, editor, queue_in_test):
    from articles.models import ImportBatch

    client.force_login(editor)
    upload = SimpleUploadedFile("one.jsonl", b'{"headline": "H", "published": "2021-01-02"}\n')
    client.post(IMPORT_URL, {"files": [upload], "format": "auto"})
    other = User.objects.create_user("other", password="pw", is_staff=True)
    other.user_permissions.add(Permission.objects.get(codename="add_article"))
    client.force_login(other)

    assert client.get(batch_url(ImportBatch.objects.get())).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_confirmed_import_runs_in_the_background_in_the_web_process(client, search_index):
    import time

    from articles.models import BatchStatus, ImportBatch

    user = User.objects.create_superuser("root", password="pw")
    client.force_login(user)
    lines = "".join(
        json.dumps({"headline": f"Background story {n}", "published": "2021-01-02"}) + "\n"
        for n in range(30)
    )
    upload = SimpleUploadedFile("many.jsonl", lines.encode("utf-8"))
    client.post(IMPORT_URL, {"files": [upload], "format": "auto"})
    batch = ImportBatch.objects.get()

    client.post(batch_url(batch, "confirm/"))

    deadline = time.monotonic() + 30
    while (
        time.monotonic() < deadline
        and not client.get(batch_url(batch, "progress/")).json()["finished"]
    ):
        time.sleep(0.1)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert Article.objects.count() == 30, [
        (i.location, i.outcome, i.reason) for i in batch.items.exclude(outcome="created")
    ]


def test_reject_a_tag_in_the_admin_and_it_stays_rejected_on_reimport(client, db):
    from articles.ingest.importer import import_records
    from articles.models import TagEvidence

    record = {
        "headline": "Talks in Kabul",
        "published": "2021-01-02T10:00:00+05:00",
        "url": "https://news.example.org/kabul-talks",
        "body_text": "Envoys met in Kabul on Monday. Officials from Norway attended the talks.",
    }
    import_records([("x.jsonl:1", record)])
    article = Article.objects.get()
    assert set(article.countries.values_list("code", flat=True)) == {"AF", "NO"}
    norway = TagEvidence.objects.get(country__code="NO")
    assert norway.sentence == "Officials from Norway attended the talks."
    assert 0 < norway.confidence < 1
    client.force_login(User.objects.create_superuser("root", password="pw"))

    response = client.post(
        reverse("admin:articles_tagevidence_changelist"),
        {"action": "reject", "_selected_action": [norway.pk]},
    )

    assert response.status_code == 302
    assert set(article.countries.values_list("code", flat=True)) == {"AF"}
    changed = {**record, "body_text": record["body_text"] + " Norway sent a second envoy."}
    import_records([("x.jsonl:1", changed)])
    assert set(article.countries.values_list("code", flat=True)) == {"AF"}
    norway.refresh_from_db()
    assert norway.verdict == "rejected"

    client.post(
        reverse("admin:articles_tagevidence_changelist"),
        {"action": "confirm", "_selected_action": [norway.pk]},
    )
    assert set(article.countries.values_list("code", flat=True)) == {"AF", "NO"}


def test_tag_evidence_is_shown_on_the_article_page_in_the_admin(client, db):
    from articles.ingest.importer import import_records

    import_records(
        [("x:1", {"headline": "Floods", "published": "2021-01-02", "body_text": "Rain in Nepal."})]
    )
    client.force_login(User.objects.create_superuser("root", password="pw"))

    html = client.get(
        reverse("admin:articles_article_change", args=[Article.objects.get().pk])
    ).content.decode()

    assert "Country: Nepal" in html and "Rain in Nepal." in html


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
        reverse("admin:articles_importbatch_changelist"),
        reverse("admin:articles_tagevidence_changelist"),
        IMPORT_URL,
    ]

    for url in pages:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("admin:articles_country_add")).status_code == 403
