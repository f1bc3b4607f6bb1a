"""The commons' rules for assets: publishing, editing, handing over, forking.

Each function takes the acting person, asks `commons.permissions`, checks every value and
then writes in one transaction; a refusal (`CommonsRefusal`: `NotAllowed`, `AssetInvalid`
or `Conflict`, all importable from here) leaves everything as it was. Versions are in
`commons.versions`, adoptions and interest in `commons.adoptions`, partnerships in
`commons.partnerships`.
"""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from commonweal.commons import permissions
from commonweal.commons.licences import allows_copies
from commonweal.commons.markdown import render_markdown
from commonweal.commons.models import Asset, AssetVersion, Kind, Partnership, Stage, Visibility
from commonweal.commons.validation import (
    AssetInvalid,
    CommonsRefusal,
    Conflict,
    NotAllowed,
    clean_asset_fields,
)
from commonweal.organisations.models import Organisation

__all__ = [
    "AssetInvalid",
    "CommonsRefusal",
    "Conflict",
    "NotAllowed",
    "edit_asset",
    "fork",
    "publish_asset",
    "transfer_asset",
]

NOT_YOURS = (
    "Only service owners and administrators of {owner} can change {title}. "
    "Ask them, or fork it to make a copy of your own."
)
MEMBERS_ONLY = (
    "This asset is shared only with the platform's members. Sign in with an account of an "
    "organisation on the platform, or ask its owner to share it publicly."
)
DEFINITION_FIELDS = {"title", "lgsl", "functions"}


def refuse_unseen(actor, asset: Asset) -> None:
    """Outsiders are told a members-only asset is not theirs to see, before anything else."""
    if not permissions.can_view_asset(actor, asset):
        raise NotAllowed(MEMBERS_ONLY)


def owner_name(asset: Asset) -> str:
    return str(asset.owner) if asset.owner else "the platform's standard definitions"


# Addresses under /commons/ that pages already use: no asset may take them as its slug.
RESERVED_SLUGS = frozenset({"publish", "mine", "partnerships", "reuse", "catalogue"})


def free_slug(base: str) -> str:
    """`base` as a slug, with -2, -3… added if another asset has it (or a page uses it)."""
    stem = slugify(base)[:90].strip("-") or "asset"
    slug, n = stem, 1
    while slug in RESERVED_SLUGS or Asset.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{stem}-{n}"
    return slug


def _slug_for(slug: str, title: str) -> str:
    if not slug:
        return free_slug(title)
    slug = str(clean_asset_fields({"slug": slug})["slug"])
    if slug in RESERVED_SLUGS:
        raise AssetInvalid({"slug": f"“{slug}” is the name of a page: choose another short name."})
    if Asset.objects.filter(slug=slug).exists():
        raise AssetInvalid({"slug": f"Another asset already uses the short name “{slug}”."})
    return slug


@transaction.atomic
def publish_asset(
    *,
    actor,
    kind: str,
    title: str,
    summary: str,
    licence: str,
    owner_organisation: Organisation | None = None,
    owner_partnership: Partnership | None = None,
    description: str = "",
    slug: str = "",
    lgsl: Sequence[int] = (),
    functions: Sequence[str] = (),
    tags: Sequence[str] = (),
    stage: str = Stage.IDEA,
    visibility: str = Visibility.PUBLIC,
    code_url: str = "",
    docs_url: str = "",
    contact_url: str = "",
) -> Asset:
    """Put a new asset in the commons, owned by one organisation or one partnership."""
    if (owner_organisation is None) == (owner_partnership is None):
        raise AssetInvalid({"owner": "Choose the organisation or the partnership that owns it."})
    if kind == Kind.SERVICE_DEFINITION:
        raise Conflict(
            "Service definitions join the commons when you publish them on your service pages."
        )
    if not permissions.can_publish_asset(
        actor, kind=kind, organisation=owner_organisation, partnership=owner_partnership
    ):
        owner = owner_organisation or owner_partnership
        raise NotAllowed(
            f"Only service owners and administrators of {owner} can publish its assets."
        )
    fields = clean_asset_fields(
        {
            "kind": kind, "title": title, "summary": summary, "description": description,
            "licence": licence, "lgsl": lgsl, "functions": functions, "tags": tags,
            "stage": stage, "visibility": visibility, "code_url": code_url,
            "docs_url": docs_url, "contact_url": contact_url,
        }
    )  # fmt: skip
    return Asset.objects.create(
        **fields,
        slug=_slug_for(slug, str(fields["title"])),
        description_html=render_markdown(str(fields["description"])),
        owner_organisation=owner_organisation,
        owner_partnership=owner_partnership,
        created_by=actor,
    )


@transaction.atomic
def edit_asset(
    *,
    asset: Asset,
    actor,
    title: str | None = None,
    summary: str | None = None,
    description: str | None = None,
    licence: str | None = None,
    lgsl: Sequence[int] | None = None,
    functions: Sequence[str] | None = None,
    tags: Sequence[str] | None = None,
    stage: str | None = None,
    visibility: str | None = None,
    code_url: str | None = None,
    docs_url: str | None = None,
    contact_url: str | None = None,
) -> Asset:
    """Change the details given (None leaves a field as it is). Owner, kind and slug stay."""
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    refuse_unseen(actor, asset)
    if not permissions.can_edit_asset(actor, asset):
        raise NotAllowed(NOT_YOURS.format(owner=owner_name(asset), title=asset.title))
    given = {
        name: value
        for name, value in {
            "title": title, "summary": summary, "description": description,
            "licence": licence, "lgsl": lgsl, "functions": functions, "tags": tags,
            "stage": stage, "visibility": visibility, "code_url": code_url,
            "docs_url": docs_url, "contact_url": contact_url,
        }.items()
        if value is not None
    }  # fmt: skip
    if asset.kind == Kind.SERVICE_DEFINITION and DEFINITION_FIELDS & set(given):
        raise AssetInvalid(
            {
                name: f"The {name} comes from the service definition: publish a new version "
                "of the definition to change it."
                for name in sorted(DEFINITION_FIELDS & set(given))
            }
        )
    fields = clean_asset_fields(given)
    for name, value in fields.items():
        setattr(asset, name, value)
    if "description" in fields:
        asset.description_html = render_markdown(asset.description)
    asset.save()
    return asset


@transaction.atomic
def transfer_asset(
    *,
    asset: Asset,
    actor,
    organisation: Organisation | None = None,
    partnership: Partnership | None = None,
) -> Asset:
    """Hand the asset to one new owner, such as a partnership its owner has joined.

    The person must manage the asset now and be able to publish for the new owner.
    """
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    if (organisation is None) == (partnership is None):
        raise AssetInvalid({"owner": "Choose the organisation or the partnership that owns it."})
    if not permissions.can_edit_asset(actor, asset):
        raise NotAllowed(NOT_YOURS.format(owner=owner_name(asset), title=asset.title))
    if not permissions.can_publish_asset(
        actor, kind=asset.kind, organisation=organisation, partnership=partnership
    ):
        raise NotAllowed(
            f"Only service owners and administrators of {organisation or partnership} can "
            "take on its assets."
        )
    asset.owner_organisation, asset.owner_partnership = organisation, partnership
    asset.save(update_fields=["owner_organisation", "owner_partnership", "updated_at"])
    return asset


@transaction.atomic
def fork(
    *,
    asset: Asset,
    organisation: Organisation,
    actor,
    title: str = "",
    slug: str = "",
    service_code: str = "",
) -> Asset:
    """A copy of the asset owned by `organisation`, linked to its origin.

    The copy keeps the origin's details, licence and visibility, and its stage unless the
    origin is retiring or retired (a revived copy starts again at alpha). Its first
    version is a copy of the origin's latest published one. A service definition's copy
    needs a code of its own; `services.definitions.fork_definition` makes its definition.
    A proprietary asset cannot be forked: its licence does not allow copies.
    """
    refuse_unseen(actor, asset)
    if not permissions.can_fork(actor, organisation, asset):
        raise NotAllowed(
            f"Only service owners and administrators of {organisation} can fork assets for it."
        )
    if asset.owner_organisation_id == organisation.pk:
        raise Conflict(f"{organisation} already owns {asset.title}: release a new version instead.")
    if not allows_copies(asset.licence):
        raise Conflict(
            f"{asset.title} is proprietary: its licence does not allow copies. "
            "Ask its owner about adopting it instead."
        )
    if (asset.kind == Kind.SERVICE_DEFINITION) != bool(service_code):
        message = (
            "Give your copy of the definition a service code of its own."
            if asset.kind == Kind.SERVICE_DEFINITION
            else "Only service definitions have a service code."
        )
        raise AssetInvalid({"service_code": message})
    values = {"title": title or f"{asset.title} ({organisation.name})"[:200]}
    if service_code:
        values["service_code"] = service_code
    fields = clean_asset_fields(values)
    if service_code and Asset.objects.filter(service_code=fields["service_code"]).exists():
        raise AssetInvalid({"service_code": f"The service code {service_code} is taken."})
    stage = Stage.ALPHA if asset.stage in (Stage.RETIRING, Stage.RETIRED) else asset.stage
    copy = Asset.objects.create(
        kind=asset.kind,
        title=fields["title"],
        slug=_slug_for(slug, f"{asset.slug}-{organisation.slug}"),
        summary=asset.summary,
        description=asset.description,
        description_html=asset.description_html,
        owner_organisation=organisation,
        licence=asset.licence,
        lgsl=asset.lgsl,
        functions=asset.functions,
        tags=asset.tags,
        stage=stage,
        visibility=asset.visibility,
        code_url=asset.code_url,
        docs_url=asset.docs_url,
        contact_url=asset.contact_url,
        forked_from=asset,
        service_code=fields.get("service_code", ""),
        created_by=actor,
    )
    origin = asset.versions.filter(published=True).order_by("-sequence").first()
    if origin is not None and asset.kind != Kind.SERVICE_DEFINITION:
        AssetVersion.objects.create(
            asset=copy,
            number=origin.number,
            sequence=origin.sequence,
            release_notes=f"Copied from {asset.title} version {origin.number}.",
            document=origin.document,
            published=True,
            released_on=timezone.localdate(),
            released_by=actor,
        )
    return copy
