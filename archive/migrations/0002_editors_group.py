"""The "Editors" group: exactly the permissions correcting articles and curating entities needs.

Editors view and correct articles (never delete them), manage which officials an article names and
with what title, add and correct countries, localities and officials, and delete an official (the
merge action deletes the duplicate). They see an article's money figures (read-only in the admin)
and nothing of user management.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Editors"
EDITOR_PERMISSIONS = {
    "article": ("view", "change"),
    "articleofficial": ("add", "change", "delete", "view"),
    "country": ("add", "change", "view"),
    "locality": ("add", "change", "view"),
    "official": ("add", "change", "delete", "view"),
    "moneyfigure": ("view",),
}


def codenames():
    return sorted(
        f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions
    )


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); make sure they exist.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    permissions = Permission.objects.filter(
        content_type__app_label="archive", codename__in=codenames()
    )
    group.permissions.set(permissions)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
