"""Put the service definitions published before the commons existed into it.

Follows `services.definitions._share` as it was when written: one asset per code, owned
by the first published version's owner, and a published asset version for each
published definition version. Does nothing on an empty database.
"""

from django.db import migrations
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator, slugify


def share(apps, schema_editor):
    ServiceDefinition = apps.get_model("services", "ServiceDefinition")
    Asset = apps.get_model("commons", "Asset")
    AssetVersion = apps.get_model("commons", "AssetVersion")
    published = ServiceDefinition.objects.filter(status="published").order_by("code", "version")
    for row in published.iterator():
        asset = Asset.objects.filter(service_code=row.code).first()
        if asset is None:
            description = " ".join(str(row.document.get("description", "")).split())
            summary = Truncator(description).chars(300)
            slug, n = slugify(row.code)[:90], 1
            while Asset.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{slugify(row.code)[:90]}-{n}"
            asset = Asset.objects.create(
                kind="service-definition", service_code=row.code, slug=slug,
                title=row.name, summary=summary or row.name, description=description,
                description_html=f"<p>{escape(description)}</p>" if description else "",
                owner_organisation_id=row.owner_id,
                licence="MIT" if row.owner_id is None else "OGL-UK-3.0",
                lgsl=sorted(set(row.lgsl)), functions=[row.function],
                stage="live", visibility="public",
            )
        if not AssetVersion.objects.filter(asset=asset, number=str(row.version)).exists():
            AssetVersion.objects.create(
                asset=asset, number=str(row.version), sequence=row.version * 1_000_000,
                document=row.document, service_definition_id=row.pk, published=True,
                released_on=timezone.localdate(row.published_at or timezone.now()),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0002_servicedefinition_serviceoffering_and_more"),
        ("commons", "0001_initial"),
    ]

    operations = [migrations.RunPython(share, migrations.RunPython.noop)]
