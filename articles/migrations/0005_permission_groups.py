"""Two permission groups, so giving someone a role is one click in the admin.

Editors keep the archive's content: articles with their captions and links,
editorials, topics, country names, and the verdicts on automatic tags.
Importers upload files on the admin's import page. Importing creates
articles, so the page asks for the "add article" permission (see
ArticleAdmin._check_import_permission); importers also see what is there
and the batches they ran.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "Editors": {
        "article": ["add", "change", "view"],
        "caption": ["add", "change", "delete", "view"],
        "alsoreadlink": ["add", "change", "delete", "view"],
        "editorial": ["add", "change", "view"],
        "topic": ["add", "change", "view"],
        "country": ["change", "view"],
        "tagevidence": ["change", "view"],
        "importbatch": ["view"],
    },
    "Importers": {
        "article": ["add", "view"],
        "editorial": ["view"],
        "importbatch": ["view"],
    },
}


def create_groups(apps, schema_editor):
    alias = schema_editor.connection.alias
    # Django creates permissions after the last migration (post_migrate); on a
    # fresh database they do not exist yet, so make this app's now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=alias, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, models in GROUPS.items():
        group, _ = Group.objects.using(alias).get_or_create(name=name)
        codenames = [f"{action}_{model}" for model, actions in models.items() for action in actions]
        permissions = Permission.objects.using(alias).filter(
            content_type__app_label="articles", codename__in=codenames
        )
        found = set(permissions.values_list("codename", flat=True))
        missing = sorted(set(codenames) - found)
        if missing:
            raise RuntimeError(f"Group {name}: no permissions {missing}")
        group.permissions.add(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0004_import_batches_variants_tag_evidence"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # Leaving the groups in place on the way back is harmless; deleting them
    # would silently take roles away from people.
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
