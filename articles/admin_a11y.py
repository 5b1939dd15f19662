"""Small repairs to the Django admin's own markup, so its pages pass WCAG 2.1 AA too.

Django's split date/time widget prints "Date:" and "Time:" as bare text, so its two
inputs have no accessible name; the two-box tag picker (filter_horizontal) draws a
tooltip icon as a <span> with an aria-label but no role. The first is fixed on the
server; the second is drawn by the picker's script, so static/js/admin_a11y.js
gives those spans a role after it runs.
"""

from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models


class AccessibleAdminMixin:
    class Media:
        js = ["js/admin_a11y.js"]

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
