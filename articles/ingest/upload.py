"""The admin's import form: files checked for size before they are stored for preview."""

from django import forms
from django.template.defaultfilters import filesizeformat

from articles.ingest.detect import FORMAT_LABELS, max_file_bytes


def max_upload_bytes():
    return max_file_bytes()


class ManyFilesInput(forms.FileInput):
    # Tells Django to hand the field every file posted under its name.
    allow_multiple_selected = True


class ManyFilesField(forms.Field):
    widget = ManyFilesInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs["multiple"] = True

    def clean(self, value):
        files = [f for f in (value or []) if f]
        if not files:
            raise forms.ValidationError("Choose at least one file to import.")
        limit = max_upload_bytes()
        errors = [
            f"{f.name} is {filesizeformat(f.size)}; files may be at most {filesizeformat(limit)}."
            for f in files
            if f.size > limit
        ]
        if errors:
            raise forms.ValidationError(errors)
        return files


class ImportForm(forms.Form):
    files = ManyFilesField(
        help_text=(
            "Saved web pages (.html), scraped pages (.txt), JSON Lines (.jsonl), RSS/Atom"
            " feeds (.xml), CSV (.csv), or a .zip of any of them; choose several at once."
        )
    )
    format = forms.ChoiceField(choices=list(FORMAT_LABELS.items()), initial="auto")
