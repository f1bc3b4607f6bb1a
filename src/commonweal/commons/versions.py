"""Asset versions: releasing them, and recording a service definition's from `services`.

A version's number is tidied and turned into one sortable integer (`validation.
version_sequence`); a new number must come after every version the asset already has,
and a published version never changes. `services` calls `record_definition_version`
when it publishes a definition; commons knows its code and its document, nothing more.
"""

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from commonweal.commons import notices, permissions
from commonweal.commons.functions import NOT_YOURS, free_slug, owner_name, refuse_unseen
from commonweal.commons.markdown import render_markdown
from commonweal.commons.models import Asset, AssetVersion, Kind, Stage, Visibility
from commonweal.commons.validation import (
    Conflict,
    NotAllowed,
    clean_asset_fields,
    version_sequence,
)
from commonweal.organisations.models import Organisation


def latest_version(asset: Asset, *, published_only: bool = True) -> AssetVersion | None:
    versions = asset.versions.all()
    if published_only:
        versions = versions.filter(published=True)
    return versions.order_by("-sequence").first()


def _next_version(
    asset: Asset, *, number: str, existing_refusal: str
) -> tuple[str, int, AssetVersion | None]:
    """The number tidied and its sequence, and the draft of that number if there is one.

    Refuses a number already published, or one at or below the latest version's.
    """
    number, sequence = version_sequence(number)
    same = asset.versions.filter(number=number).first()
    if same is not None and same.published:
        raise Conflict(existing_refusal.format(number=number, title=asset.title))
    if same is None:
        latest = asset.versions.order_by("-sequence").first()
        if latest is not None and sequence <= latest.sequence:
            how = "is the same as" if sequence == latest.sequence else "comes before"
            raise Conflict(
                f"Version {number} {how} version {latest.number} of {asset.title}. "
                f"Number the new version after {latest.number}."
            )
    return number, sequence, same


@transaction.atomic
def release_version(
    *,
    asset: Asset,
    actor,
    number: str,
    release_notes: str = "",
    released_on: date | None = None,
    document: dict | None = None,
    publish: bool = True,
) -> AssetVersion:
    """Add a version (or change a draft of the same number); published, it never changes.

    Service definitions are refused: their versions come from publishing the definition.
    """
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    refuse_unseen(actor, asset)
    if not permissions.can_edit_asset(actor, asset):
        raise NotAllowed(NOT_YOURS.format(owner=owner_name(asset), title=asset.title))
    if asset.kind == Kind.SERVICE_DEFINITION:
        raise Conflict(
            "Versions of a service definition are released by publishing the definition "
            "on your service pages."
        )
    number, sequence, draft = _next_version(
        asset,
        number=number,
        existing_refusal="Version {number} of {title} is published and cannot change. "
        "Release your changes as a new version.",
    )
    version = draft or AssetVersion(asset=asset, number=number, sequence=sequence)
    version.release_notes = release_notes.strip()
    version.document = document
    version.released_by = actor
    if publish:
        version.published = True
        version.released_on = released_on or timezone.localdate()
    elif released_on is not None:
        version.released_on = released_on
    version.save()
    Asset.objects.filter(pk=asset.pk).update(updated_at=timezone.now())
    if publish:
        notices.tell_adopters(version=version)
    return version


@transaction.atomic
def record_definition_version(
    *,
    service_code: str,
    owner_organisation: Organisation | None,
    number: str,
    title: str,
    description: str,
    lgsl: Sequence[int],
    functions: Sequence[str],
    document: dict,
    service_definition_id: int,
    licence: str,
    released_on: date | None = None,
    released_by=None,
    release_notes: str = "",
) -> AssetVersion:
    """Record a just-published service definition version as a published asset version.

    Called by `services` when it publishes; it has already decided that the publisher may
    publish, so there is no actor here. The first version makes the asset (owned by the
    definition's owner, live, public, under `licence`, its summary the start of the
    definition's description); later ones refresh its title, LGSL codes and functions,
    which the definition states. A standard asset (no owner) takes versions from any
    publisher, as `services` numbers a code's versions as one line; an owned one refuses
    versions from anyone but its owner (or, for a partnership, a lead organisation).
    """
    asset = Asset.objects.select_for_update().filter(service_code=service_code).first()
    description = " ".join(description.split())
    facts = clean_asset_fields({"title": title, "lgsl": lgsl, "functions": functions})
    if asset is None:
        asset = Asset.objects.create(
            kind=Kind.SERVICE_DEFINITION,
            service_code=service_code,
            slug=free_slug(service_code),
            summary=Truncator(description).chars(300) or facts["title"],
            description=description,
            description_html=render_markdown(description),
            owner_organisation=owner_organisation,
            created_by=released_by,
            licence=str(clean_asset_fields({"licence": licence})["licence"]),
            stage=Stage.LIVE,
            visibility=Visibility.PUBLIC,
            **facts,
        )
    else:
        if not asset.is_standard and not _publisher_owns(asset, owner_organisation):
            raise NotAllowed(
                f"The service code {service_code} belongs to {owner_name(asset)}. Fork their "
                "definition to publish your own version under a code of your own."
            )
        asset.title, asset.lgsl, asset.functions = facts["title"], facts["lgsl"], facts["functions"]
        asset.save(update_fields=["title", "lgsl", "functions", "updated_at"])
    number, sequence, _ = _next_version(
        asset,
        number=number,
        existing_refusal="Version {number} of {title} is already in the commons.",
    )
    version = AssetVersion.objects.create(
        asset=asset,
        number=number,
        sequence=sequence,
        document=document,
        service_definition_id=service_definition_id,
        release_notes=release_notes,
        published=True,
        released_on=released_on or timezone.localdate(),
        released_by=released_by,
    )
    notices.tell_adopters(version=version)
    return version


def _publisher_owns(asset: Asset, organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    if asset.owner_organisation_id is not None:
        return asset.owner_organisation_id == organisation.pk
    leads = permissions.lead_organisations(asset.owner_partnership)
    return organisation.pk in {lead.pk for lead in leads}
