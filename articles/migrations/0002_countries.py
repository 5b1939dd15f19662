from django.db import migrations

from articles.countries import ensure_countries


def add_countries(apps, schema_editor):
    ensure_countries(apps.get_model("articles", "Country"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(add_countries, migrations.RunPython.noop)]
