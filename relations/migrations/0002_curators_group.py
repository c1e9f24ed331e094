"""The Curators group, with exactly the permissions curation needs."""

from django.db import migrations

# model → actions a curator may take on it. Passages and date mentions come
# from the articles and are never edited by hand; users, groups and
# permissions are for administrators only.
CURATOR_PERMISSIONS = {
    "source": ("add", "change", "view"),
    "passage": ("view",),
    "datemention": ("view",),
    "actor": ("add", "change", "delete", "view"),
    "event": ("add", "change", "delete", "view"),
    "eventactor": ("add", "change", "delete", "view"),
    "eventredirect": ("view",),
    "citation": ("add", "change", "delete", "view"),
    "notanevent": ("add", "change", "delete", "view"),
    "externalreference": ("add", "change", "delete", "view"),
    "period": ("add", "change", "delete", "view"),
}


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("relations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Curators")
    codenames = [f"{action}_{model}" for model, actions in CURATOR_PERMISSIONS.items() for action in actions]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="relations", codename__in=codenames)
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Curators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("relations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
