"""Files uploaded through the admin's import page: checked, then imported as one run."""

from itertools import chain

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from articles.ingest.detect import records_from_bytes
from articles.ingest.importer import import_records

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_upload_bytes():
    return settings.NEWSARCHIVE.get("IMPORT_MAX_FILE_BYTES", DEFAULT_MAX_BYTES)


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
        help_text="Scraped pages (.txt) and JSON Lines files (.jsonl); choose several at once."
    )
    format = forms.ChoiceField(
        choices=[
            ("auto", "Detect from each file"),
            ("page", "Scraped news page"),
            ("jsonl", "JSON Lines"),
        ],
        initial="auto",
    )


def import_uploads(files, fmt="auto"):
    """Import uploaded files in one run; the report's locations are the file names."""
    records = chain.from_iterable(records_from_bytes(f.name, f.read(), fmt) for f in files)
    return import_records(records, source_name=", ".join(f.name for f in files))
