"""Small repairs to the Django admin's own markup, so its pages pass WCAG 2.1 AA too.

Django's split date/time widget prints "Date:" and "Time:" as bare text, so its two
inputs have no accessible name; the two-box tag picker (filter_horizontal) draws a
tooltip icon as a <span> with an aria-label but no role. The first is fixed on the
server; the second is drawn by the picker's script, so static/js/admin_a11y.js
gives those spans a role after it runs, and names the boxes the autocomplete
widget (select2) draws in place of a labelled <select>.
"""

from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models
from django.utils.text import capfirst


class AccessibleAdminMixin:
    class Media:
        js = ["js/admin_a11y.js"]
        css = {"all": ["css/admin_a11y.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and field is not None:
            widget = getattr(field.widget, "widget", field.widget)  # unwrap the related wrapper
            if isinstance(widget, AdminSplitDateTime):
                name = str(db_field.verbose_name).capitalize()
                date_input, time_input = widget.widgets
                date_input.attrs["aria-label"] = f"{name}: date"
                time_input.attrs["aria-label"] = f"{name}: time"
        return field


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs carry their column's name.

    The table's header names each column, but Django renders the inputs in the rows
    without a label, so a screen reader announces bare fields; an aria-label fixes it.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            widget = getattr(field.widget, "widget", field.widget)  # unwrap the related wrapper
            widget.attrs.setdefault("aria-label", capfirst(db_field.verbose_name))
        return field

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs["aria-label"] = "Delete"

        return LabelledFormSet
