"""Rows that nothing reads back, inserted as plain values.

A run of 200 new articles writes some 1,500 small rows besides the
articles: captions, tag links and their evidence, editorial links, index
tasks. ``bulk_create`` made a model instance of each and compiled each of
its values into the statement, which cost as much again as SQLite's own
work; it matters for rows whose ids nobody needs. Here a table's statement
is built once and its rows go with ``executemany``, each value prepared by
its field as ``bulk_create`` would. Like ``bulk_create``, no signals are
sent.
"""

from django.db import connection
from django.utils import timezone


class Rows:
    """Rows of one table gathered for one insert.

    ``fields``: the names of the model fields given for each row, a foreign
    key by the id it holds. The other fields take their defaults (the time
    of the insert for ``auto_now`` and ``auto_now_add``).
    """

    def __init__(self, model, *fields):
        self.model = model
        self.fields = [model._meta.get_field(name) for name in fields]
        self.values = []

    def add(self, *values):
        self.values.append(values)

    def __len__(self):
        return len(self.values)

    def insert(self):
        if not self.values:
            return
        now = timezone.now()
        rest = [
            field
            for field in self.model._meta.concrete_fields
            if not field.primary_key and field not in self.fields
        ]
        defaults = [field.get_db_prep_save(_default(field, now), connection) for field in rest]
        columns = [*self.fields, *rest]
        quote = connection.ops.quote_name
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(self.model._meta.db_table),
            ", ".join(quote(field.column) for field in columns),
            ", ".join(["%s"] * len(columns)),
        )
        given = self.fields
        with connection.cursor() as cursor:
            cursor.executemany(
                sql,
                [
                    [
                        *(
                            field.get_db_prep_save(value, connection)
                            for field, value in zip(given, row, strict=True)
                        ),
                        *defaults,
                    ]
                    for row in self.values
                ],
            )
        self.values = []


def _default(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()
