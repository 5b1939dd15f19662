"""The admin's two-box tag pickers, written without a template per option.

Django renders each ``<option>`` of a select through two templates; the
change form of an article lists all 249 countries and every topic that way,
which made it the heaviest page of the load scenario (76 ms at the median,
most of it those options). ``QuickFilteredSelectMultiple`` writes the same
HTML with ``format_html``, from option lists built without Django's
per-option dictionaries; a test holds it equal to Django's own.
"""

from django.contrib.admin.widgets import FilteredSelectMultiple
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class QuickFilteredSelectMultiple(FilteredSelectMultiple):
    def optgroups(self, name, value, attrs=None):
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().optgroups(name, value, attrs)  # named groups: Django's way
        chosen = set(value)
        options = []
        for option_value, label in choices:
            text = "" if option_value is None else str(option_value)
            options.append(
                {
                    "value": text,
                    "label": label,
                    "attrs": {"selected": True} if text in chosen else {},
                }
            )
        return [(None, options, 0)]

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _ in widget["optgroups"]:
            items = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (option["value"], flatatt(option["attrs"]), option["label"])
                    for option in options
                ),
            )
            parts.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, items)
                if group_name
                else items
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            format_html_join("", "{}", ((part,) for part in parts)),
        )


class QuickTagPickersMixin:
    """``filter_horizontal`` and ``filter_vertical`` fields get the quick widget."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        pickers = [*self.filter_horizontal, *self.filter_vertical]
        if "widget" not in kwargs and db_field.name in pickers:
            stacked = db_field.name in self.filter_vertical
            kwargs["widget"] = QuickFilteredSelectMultiple(db_field.verbose_name, stacked)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
