"""The admin's quick tag pickers write the HTML Django's own widget writes."""

import pytest
from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple

from articles.admin_widgets import QuickFilteredSelectMultiple
from articles.models import Country, Topic
from articles.tests import factories as f
from articles.tests.html_events import parsed


@pytest.mark.django_db
@pytest.mark.parametrize("stacked", [False, True])
def test_quick_picker_equals_djangos_widget(stacked):
    f.country("PK")
    picked = [f.topic('Arms & "supply"'), f.topic("<script>alert(1)</script>")]
    f.topic("Économie")
    for model, chosen in ((Topic, [t.pk for t in picked]), (Country, [f.country("PK").pk])):
        choices = forms.ModelMultipleChoiceField(model.objects.all()).choices
        ours = QuickFilteredSelectMultiple("tags", stacked)
        theirs = FilteredSelectMultiple("tags", stacked)
        ours.choices = theirs.choices = choices
        html = ours.render("tags", chosen, {"id": "id_tags"})
        assert parsed(html) == parsed(theirs.render("tags", chosen, {"id": "id_tags"}))
        assert html.count(" selected") == len(chosen)
        assert "<script>" not in html


def test_the_article_form_uses_the_quick_pickers(admin_client, db):
    story = f.article("Picked", topics=["Defence"], countries=["PK"])
    response = admin_client.get(f"/admin/articles/article/{story.pk}/change/")
    form = response.context["adminform"].form
    for name in ("topics", "countries"):
        assert isinstance(form.fields[name].widget.widget, QuickFilteredSelectMultiple)
    assert '<option value="{}" selected>Pakistan</option>'.format(f.country("PK").pk) in (
        response.content.decode()
    )


def test_quick_picker_keeps_djangos_way_for_named_groups():
    choices = [("Asia", [(1, "Pakistan"), (2, "India & Co")]), (3, "France")]
    ours = QuickFilteredSelectMultiple("tags", False, choices=choices)
    theirs = FilteredSelectMultiple("tags", False, choices=choices)
    html = ours.render("tags", [2], {"id": "id_tags"})
    assert parsed(html) == parsed(theirs.render("tags", [2], {"id": "id_tags"}))
    assert '<optgroup label="Asia">' in html
    assert html.count(" selected") == 1
