"""Rows inserted as plain values read back as ``bulk_create`` would have written them."""

import datetime

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from articles.models import Caption, IndexTask, TagEvidence, TagVerdict
from articles.rows import Rows
from articles.tests import factories

pytestmark = pytest.mark.django_db


def as_written(row, *leave_out):
    values = model_to_dict(row)
    for name in ("id", *leave_out):
        values.pop(name, None)  # model_to_dict leaves out what is not editable
    return values


def test_given_values_and_defaults_match_bulk_create():
    article, other = factories.article(), factories.article()
    topic = factories.topic("Floods")
    before = timezone.now()

    rows = Rows(TagEvidence, "article", "topic", "sentence", "matched", "confidence")
    rows.add(article.pk, topic.pk, "Rain fell for a week.", "rain", 0.75)
    rows.insert()
    TagEvidence.objects.bulk_create(
        [
            TagEvidence(
                article=other,
                topic=topic,
                sentence="Rain fell for a week.",
                matched="rain",
                confidence=0.75,
            )
        ]
    )

    plain, made = TagEvidence.objects.order_by("id")
    assert as_written(plain, "article") == as_written(made, "article")
    assert (plain.article, made.article) == (article, other)
    assert plain.verdict == TagVerdict.AUTO
    assert plain.country_id is None
    assert before <= plain.modified <= timezone.now()  # auto_now, as a save would set it


def test_dates_empty_files_and_null_columns_round_trip():
    article = factories.article()
    captions = Rows(Caption, "article", "text", "credit", "photo_date", "order")
    captions.add(article.pk, "Boats on the river.", "AFP", datetime.date(2021, 3, 14), 0)
    captions.add(article.pk, "A dry bank.", "", None, 1)
    captions.insert()

    first, second = article.captions.order_by("order")
    assert (first.text, first.credit, first.photo_date) == (
        "Boats on the river.",
        "AFP",
        datetime.date(2021, 3, 14),
    )
    assert (second.credit, second.photo_date, second.image.name) == ("", None, "")
    assert len(captions) == 0  # sent, and emptied for the next rows


def test_index_tasks_come_out_pending():
    rows = Rows(IndexTask, "model_label", "object_id")
    rows.add("articles.article", 7)
    rows.insert()

    task = IndexTask.objects.get()
    assert (task.model_label, task.object_id, task.attempts, task.last_error) == (
        "articles.article",
        7,
        0,
        "",
    )
    assert task.done_at is None and task.created is not None
    assert IndexTask.objects.pending().count() == 1
