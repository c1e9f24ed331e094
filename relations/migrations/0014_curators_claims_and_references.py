"""The Curators group: what curation needs on claims and shared references, no more.

Claims are edited inline on their event; the evidence rows are written by the
event's form, so a curator needs no permission of their own on them. Outside
references, once kept per event, are shared records now.
"""

from django.db import migrations

GRANTED = {
    "claim": ("add", "change", "delete", "view"),
    "reference": ("add", "change", "delete", "view"),
}
WITHDRAWN = {"externalreference": ("add", "change", "delete", "view")}


def grant_curators(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("relations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Curators")

    def permissions(table):
        codenames = [f"{action}_{model}" for model, actions in table.items() for action in actions]
        return Permission.objects.filter(
            content_type__app_label="relations", codename__in=codenames
        )

    group.permissions.add(*permissions(GRANTED))
    group.permissions.remove(*permissions(WITHDRAWN))


class Migration(migrations.Migration):
    dependencies = [("relations", "0013_claims_evidence_references")]

    operations = [migrations.RunPython(grant_curators, migrations.RunPython.noop)]
