import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def last_changed_by_whoever_recorded(apps, schema_editor) -> None:
    """Until now nobody was recorded for changes: start from who recorded each contract."""
    Contract = apps.get_model("commissioning", "Contract")
    Contract.objects.update(updated_by=F("created_by"))


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="contract",
            name="updated_by",
            field=models.ForeignKey(
                blank=True,
                help_text="Who last changed the contract's details.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(last_changed_by_whoever_recorded, migrations.RunPython.noop),
    ]
