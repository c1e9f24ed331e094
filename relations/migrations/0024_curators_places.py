"""The Curators group: what curation needs on places and events' places, no more."""

from django.db import migrations

GRANTED = {
    "place": ("add", "change", "delete", "view"),
    "eventplace": ("add", "change", "delete", "view"),
}


def grant_curators(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("relations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Curators")
    codenames = [f"{action}_{model}" for model, actions in GRANTED.items() for action in actions]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="relations", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [("relations", "0023_places")]

    operations = [migrations.RunPython(grant_curators, migrations.RunPython.noop)]
