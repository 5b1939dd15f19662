import json

import pytest
from django.core.management import CommandError, call_command

from articles.ingest.importer import Outcome, import_files, import_records
from articles.models import AlsoReadLink, Article, Caption, Editorial, Topic
from articles.tests import factories
from articles.tests.test_page_format import FIXTURES, seed_path


def record(**overrides):
    data = {
        "headline": "Harbour cranes arrive for the new container terminal",
        "published": "2019-05-02T10:30:00+05:00",
        "url": "https://news.example.org/2019/05/harbour-cranes",
        "dateline": "GWADAR",
        "body_text": "Four cranes arrived on Thursday.\n\nThey will be working by August.",
        "captions": [{"text": "A crane on the dock.", "credit": "Staff", "photo_date": None}],
        "also_read": [],
        "editorials": [],
        "topics": [],
        "countries": [],
    }
    data.update(overrides)
    return data


def run(*records):
    return import_records([(f"test.jsonl:{n}", r) for n, r in enumerate(records, start=1)])


def outcomes(report):
    return [item.outcome for item in report.outcomes]


@pytest.mark.django_db
def test_new_record_is_created_with_its_parts():
    report = run(record())

    assert outcomes(report) == [Outcome.CREATED]
    article = Article.objects.get()
    assert article.slug == "harbour-cranes-arrive-for-the-new-container-terminal"
    assert (
        article.body
        == "<p>Four cranes arrived on Thursday.</p><p>They will be working by August.</p>"
    )
    assert [(c.text, c.credit) for c in article.captions.all()] == [
        ("A crane on the dock.", "Staff")
    ]
    assert article.content_hash
    assert "PK" in set(article.countries.values_list("code", flat=True))  # from the dateline
    assert report.outcomes[0].article_id == article.pk


@pytest.mark.django_db
def test_identical_reimport_is_a_duplicate_and_changed_one_an_update():
    run(record())
    again = run(record())
    changed = run(record(body_text="Five cranes arrived on Thursday."))

    assert outcomes(again) == [Outcome.DUPLICATE]
    assert outcomes(changed) == [Outcome.UPDATED]
    assert Article.objects.count() == 1
    assert Article.objects.get().body == "<p>Five cranes arrived on Thursday.</p>"
    assert Caption.objects.count() == 1


@pytest.mark.django_db
def test_without_url_the_same_words_are_a_duplicate_whatever_their_spacing_or_case():
    run(record(url=None))
    report = run(
        record(
            url=None,
            headline="HARBOUR  cranes arrive for the new container terminal ",
            body_html=(
                "<p>Four cranes arrived   on Thursday.</p>\n<p>They will be working by August.</p>"
            ),
        )
    )

    assert outcomes(report) == [Outcome.DUPLICATE]
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_url_is_matched_in_canonical_form():
    run(record())
    report = run(record(url="HTTPS://NEWS.EXAMPLE.ORG/2019/05/harbour-cranes?utm_source=x#top"))

    assert outcomes(report) == [Outcome.DUPLICATE]


@pytest.mark.django_db
def test_a_bad_record_fails_alone_and_leaves_nothing_behind():
    report = run(
        record(url="https://news.example.org/a", headline="First good one"),
        record(url="https://news.example.org/b", headline="Bad one", countries=["Atlantis"]),
        record(url="https://news.example.org/c", headline="Second good one"),
    )

    assert outcomes(report) == [Outcome.CREATED, Outcome.FAILED, Outcome.CREATED]
    assert "Atlantis" in report.failed[0].reason
    assert report.failed[0].location == "test.jsonl:2"
    assert not Article.objects.filter(headline="Bad one").exists()
    assert Caption.objects.count() == 2


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"headline": None}, "headline is missing"),
        ({"headline": "   "}, "headline is empty"),
        ({"headline": 42}, "headline must be a string, not int"),
        ({"headline": "x" * 501}, "the limit is 500"),
        ({"published": "next Tuesday"}, "published 'next Tuesday' is not an ISO 8601"),
        ({"published": None}, "published is missing"),
        ({"body_text": "evil\x00byte"}, "body_text contains a NUL byte"),
        ({"captions": "a caption"}, "captions must be a list"),
        ({"captions": [{"credit": "AFP"}]}, "captions[1].text is missing"),
        ({"editorials": [{"title": "T", "date": "soon"}]}, "editorials[1].date 'soon'"),
        ({"url": "javascript:alert(1)"}, "is not an http(s) URL"),
        ({"status": "secret"}, "status must be one of"),
        ({"topics": [3]}, "topics[1] must be a non-empty string"),
    ],
)
@pytest.mark.django_db
def test_validation_messages(bad, message):
    report = run(record(**bad))

    assert outcomes(report) == [Outcome.FAILED]
    assert message in report.failed[0].reason
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_record_that_is_not_an_object_fails():
    report = import_records([("x.jsonl:1", ["not", "a", "record"])])

    assert "must be a JSON object" in report.failed[0].reason


@pytest.mark.django_db
def test_hostile_html_in_the_body_is_sanitized():
    run(
        record(
            body_html=(
                '<p onclick="steal()">Cranes<script>alert("x")</script></p>'
                '<img src="x" onerror="alert(1)">'
                '<a href="javascript:alert(2)">link</a>'
                '<a href="https://example.org/ok">fine</a>'
            )
        )
    )
    body = Article.objects.get().body

    assert "script" not in body
    assert "alert" not in body
    assert "onerror" not in body and "onclick" not in body
    assert "javascript:" not in body
    assert '<a href="https://example.org/ok">fine</a>' in body


@pytest.mark.django_db
def test_body_text_that_looks_like_markup_is_escaped_not_interpreted():
    run(record(body_text="Use <script>alert(1)</script> carefully"))

    assert Article.objects.get().body == (
        "<p>Use &lt;script&gt;alert(1)&lt;/script&gt; carefully</p>"
    )


@pytest.mark.django_db
def test_editorial_is_stored_once_and_linked_to_every_article_beside_it():
    beside = {"title": "Dry taps", "date": "2019-03-02", "updated": True, "teaser": "The board…"}
    run(
        record(url="https://news.example.org/one", headline="One", editorials=[beside]),
        record(url="https://news.example.org/two", headline="Two", editorials=[dict(beside)]),
    )

    editorial = Editorial.objects.get()
    assert editorial.date_is_updated
    assert sorted(editorial.articles.values_list("headline", flat=True)) == ["One", "Two"]


@pytest.mark.django_db
def test_also_read_resolves_to_an_article_already_held():
    run(record(headline="Monsoon rains leave coastal towns without power"))
    run(
        record(
            url="https://news.example.org/later",
            headline="Later story",
            also_read=[{"title": "monsoon rains  leave Coastal towns without power"}],
        )
    )

    link = AlsoReadLink.objects.get()
    assert link.target.headline == "Monsoon rains leave coastal towns without power"


@pytest.mark.django_db
def test_earlier_also_read_link_resolves_when_its_article_arrives():
    run(
        record(
            url="https://news.example.org/first",
            headline="First story",
            also_read=[
                {"title": "By title only"},
                {"title": "Different words", "url": "https://news.example.org/by-url"},
            ],
        )
    )
    assert not AlsoReadLink.objects.filter(target__isnull=False).exists()

    run(
        record(url="https://news.example.org/other", headline="BY TITLE ONLY"),
        record(url="https://news.example.org/by-url", headline="Another headline"),
    )

    targets = {link.title: link.target.headline for link in AlsoReadLink.objects.all()}
    assert targets == {"By title only": "BY TITLE ONLY", "Different words": "Another headline"}


@pytest.mark.django_db
def test_topics_and_countries_from_slugs_names_and_codes():
    factories.topic("Defence")
    run(record(topics=["DEFENCE", "climate-change", "Water Supply"], countries=["ir", "Russia"]))
    article = Article.objects.get()

    assert sorted(article.topics.values_list("slug", flat=True)) == [
        "climate-change",
        "defence",
        "water-supply",
    ]
    assert Topic.objects.get(slug="climate-change").name == "Climate change"
    assert {"IR", "RU"} <= set(article.countries.values_list("code", flat=True))


@pytest.mark.django_db
def test_an_import_records_one_index_task_per_document_and_an_update_keeps_its_tags():
    from articles.models import IndexTask

    factories.topic("Shipping", keywords="container terminal")
    run(record(topics=["ports"], editorials=[{"title": "Cranes and costs", "date": "2019-05-02"}]))
    article = Article.objects.get()
    editorial = Editorial.objects.get()
    tasks = sorted(IndexTask.objects.values_list("model_label", "object_id"))
    assert tasks == [("articles.article", article.pk), ("articles.editorial", editorial.pk)]
    assert sorted(article.topics.values_list("slug", flat=True)) == ["ports", "shipping"]
    assert "PK" in set(article.countries.values_list("code", flat=True))

    # An editor's tag stays; the update adds what the record names, once.
    article.topics.add(factories.topic("Economy"))
    IndexTask.objects.all().delete()
    report = run(record(body_text="Four new cranes arrived.", topics=["ports", "trade"]))
    assert outcomes(report) == [Outcome.UPDATED]
    assert sorted(article.topics.values_list("slug", flat=True)) == [
        "economy",
        "ports",
        "shipping",
        "trade",
    ]
    assert list(IndexTask.objects.values_list("object_id", flat=True)) == [article.pk]


@pytest.mark.django_db
def test_topics_are_added_by_their_keywords():
    factories.topic("Shipping", keywords="container terminal\nfreight")
    factories.topic("Farming", keywords="harvest")
    run(record())

    assert list(Article.objects.get().topics.values_list("slug", flat=True)) == ["shipping"]


@pytest.mark.django_db
def test_slug_is_unique_per_publication_day():
    run(
        record(url="https://news.example.org/1", body_text="one"),
        record(url="https://news.example.org/2", body_text="two"),
        record(url="https://news.example.org/3", body_text="three", published="2019-05-09"),
    )

    slugs = list(Article.objects.order_by("id").values_list("slug", flat=True))
    base = "harbour-cranes-arrive-for-the-new-container-terminal"
    assert slugs == [base, f"{base}-2", base]


@pytest.mark.django_db
def test_zoneless_times_are_read_in_the_page_zone():
    run(record(published="2019-05-02T23:30:00"))

    published = Article.objects.get().published
    assert published.isoformat() == "2019-05-02T18:30:00+00:00"


@pytest.mark.django_db
def test_reimporting_a_file_creates_no_duplicates(tmp_path):
    path = tmp_path / "two.jsonl"
    lines = [
        record(url="https://news.example.org/x", headline="X"),
        record(url=None, headline="Y", body_text="Words of Y."),
    ]
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")

    first = import_files([path])
    second = import_files([path])

    assert first.counts[Outcome.CREATED] == 2
    assert second.counts[Outcome.DUPLICATE] == 2
    assert Article.objects.count() == 2
    assert [item.location for item in second.outcomes] == [f"{path}:1", f"{path}:2"]


@pytest.mark.django_db
def test_files_of_both_formats_and_bad_lines_in_one_run(tmp_path):
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text(
        json.dumps(record()) + "\n\n{not json\n" + json.dumps(record(headline="")) + "\n",
        encoding="utf-8",
    )
    report = import_files([FIXTURES / "coastal_page.txt", jsonl, tmp_path / "missing.txt"])

    by_location = {item.location: item for item in report.outcomes}
    assert by_location[str(FIXTURES / "coastal_page.txt")].outcome == Outcome.CREATED
    assert by_location[f"{jsonl}:1"].outcome == Outcome.CREATED
    assert "not valid JSON" in by_location[f"{jsonl}:3"].reason
    assert "headline is empty" in by_location[f"{jsonl}:4"].reason
    assert "cannot read the file" in by_location[str(tmp_path / "missing.txt")].reason
    assert report.counts == {
        Outcome.CREATED: 2,
        Outcome.UPDATED: 0,
        Outcome.DUPLICATE: 0,
        Outcome.FAILED: 3,
    }
    summary = report.summary()
    assert f"{jsonl}:3: failed" in summary
    assert "Total: 2 created, 0 updated, 0 skipped as duplicate, 3 failed" in summary


@pytest.mark.django_db
def test_page_parse_error_is_reported_with_its_line(tmp_path):
    page = tmp_path / "broken.txt"
    page.write_text("Headline only\n\nno date here\n", encoding="utf-8")

    report = import_files([page])

    assert report.failed[0].location == f"{page}:1"
    assert "Published" in report.failed[0].reason


@pytest.mark.django_db
def test_command_reports_failures_with_a_nonzero_exit_but_imports_the_rest(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")

    with pytest.raises(CommandError, match="1 record"):
        call_command("import_articles", str(FIXTURES / "coastal_page.txt"), str(bad))

    out = capsys.readouterr().out
    assert f"{bad}:1: failed" in out
    assert "1 created" in out
    assert Article.objects.filter(headline__startswith="Flood barriers").exists()


@pytest.mark.django_db
def test_command_forced_format(tmp_path, capsys):
    page = tmp_path / "page.jsonl"
    page.write_text((FIXTURES / "coastal_page.txt").read_text(encoding="utf-8"), encoding="utf-8")

    call_command("import_articles", str(page), "--format", "page")

    assert Article.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_seed_page_through_the_command_is_tagged_and_searchable(search_index, capsys):
    from haystack.query import SearchQuerySet

    call_command("import_articles", str(seed_path()))
    article = Article.objects.get()

    codes = set(article.countries.values_list("code", flat=True))
    assert {"PK", "RU", "IN", "AF"} <= codes
    assert article.editorials.count() == 6
    assert article.captions.get().credit == "AFP"

    hits = SearchQuerySet().auto_query("Shoigu")
    assert [int(hit.pk) for hit in hits if hit.model is Article] == [article.pk]

    call_command("import_articles", str(seed_path()))
    assert "1 skipped as duplicate" in capsys.readouterr().out
    assert Article.objects.count() == 1
    assert Editorial.objects.count() == 6
