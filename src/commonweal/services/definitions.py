"""Service definition versions and the offerings that run them.

A published version never changes: editing makes a new version. Organisations run a
version through a `ServiceOffering`, and move to a newer one when they choose.

Service definitions are assets in the commons. Publishing a version (`publish`, or
`save_version(publish=True)`, which `load_standard_definitions` uses) records it there in
the same transaction, through `commons.versions.record_definition_version`; if the
commons refuses (the code is another organisation's, or the version would go backwards),
nothing is published. The platform's standard definitions have no owner here, and their
assets have none either: the commons allows an ownerless asset only for a service
definition with a code, and only platform administrators manage it. (A partnership
standing for "the platform" was the other choice; it would be an empty group that
pretends to be organisations working together.) Standard definitions are the project's
own files, so their assets are MIT like the project; an organisation's definition is
offered under the Open Government Licence until its owner says otherwise.

`commons` knows nothing of `services`; this module joins them: `adopt_definition`,
`upgrade_offering` and `fork_definition`.
"""

import dataclasses
import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from commonweal.commons import adoptions, versions
from commonweal.commons import functions as commons
from commonweal.commons.models import Adoption, Asset, Kind
from commonweal.organisations.models import Organisation, Team
from commonweal.organisations.permissions import can_manage_services
from commonweal.services import engine
from commonweal.services.models import ServiceDefinition, ServiceOffering

STANDARD_LICENCE = "MIT"
ORGANISATION_LICENCE = "OGL-UK-3.0"


class DefinitionLocked(ValueError):
    """A published version was asked to change."""


class OfferingProblem(ValueError):
    """An offering that cannot be made or changed as asked."""


@lru_cache(maxsize=512)
def _built(pk: int, published_at: datetime) -> engine.Definition:
    """Keyed by publication time too, so a reused primary key never returns a stale version."""
    document = ServiceDefinition.objects.values_list("document", flat=True).get(pk=pk)
    return engine.definition_from_document(document=document)


def engine_definition(row: ServiceDefinition) -> engine.Definition:
    """The engine's view of a stored version (cached per process for published versions)."""
    if row.status == ServiceDefinition.Status.PUBLISHED:
        return _built(row.pk, row.published_at)
    return engine.definition_from_document(document=row.document)


def effective_definition(offering: ServiceOffering) -> engine.Definition:
    """The offering's definition with the organisation's own SLA overrides applied."""
    definition = engine_definition(offering.definition)
    if not offering.sla_overrides:
        return definition
    days = {**definition.sla.working_days, **offering.sla_overrides}
    return dataclasses.replace(
        definition, sla=dataclasses.replace(definition.sla, working_days=days)
    )


def _next_version(code: str) -> int:
    latest = ServiceDefinition.objects.filter(code=code).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


@transaction.atomic
def save_version(
    *,
    text: str,
    owner: Organisation | None,
    actor=None,
    publish: bool = False,
    filename: str = "<definition>",
) -> ServiceDefinition:
    """Check a definition and store it as the next version of its code.

    Raises `engine.DefinitionInvalid` with every error; nothing is stored then.
    """
    definition = engine.load_definition(text=text, filename=filename)
    version = _next_version(definition.code)
    document = {**definition.document, "version": version}
    row = ServiceDefinition.objects.create(
        code=definition.code,
        version=version,
        name=definition.name,
        function=definition.function,
        lgsl=list(definition.lgsl),
        document=document,
        source_text=text,
        owner=owner,
        created_by=actor,
        status=ServiceDefinition.Status.PUBLISHED if publish else ServiceDefinition.Status.DRAFT,
        published_at=timezone.now() if publish else None,
    )
    if publish:
        _share(row)
    return row


def _share(row: ServiceDefinition) -> None:
    """Record the just-published version in the commons, or refuse it with the reason."""
    try:
        versions.record_definition_version(
            service_code=row.code,
            owner_organisation=row.owner,
            number=str(row.version),
            title=row.name,
            description=str(row.document.get("description", "")),
            lgsl=list(row.lgsl),
            functions=[row.function],
            document=row.document,
            service_definition_id=row.pk,
            licence=STANDARD_LICENCE if row.owner is None else ORGANISATION_LICENCE,
            released_on=timezone.localdate(row.published_at),
            released_by=row.created_by,
        )
    except commons.CommonsRefusal as refusal:
        raise DefinitionLocked(str(refusal)) from refusal


@transaction.atomic
def update_draft(*, row: ServiceDefinition, text: str, actor=None) -> ServiceDefinition:
    """Replace a draft's text. A published version is refused: save a new version instead."""
    row = ServiceDefinition.objects.select_for_update().get(pk=row.pk)
    if row.status != ServiceDefinition.Status.DRAFT:
        raise DefinitionLocked(
            f"Version {row.version} of {row.code} is published and cannot change. "
            "Save your edit as a new version."
        )
    definition = engine.load_definition(text=text, filename=f"{row.code} v{row.version}")
    if definition.code != row.code:
        raise engine.DefinitionInvalid(
            [engine.DefinitionError("code", f"a draft of {row.code!r} cannot change its code")]
        )
    row.document = {**definition.document, "version": row.version}
    row.name, row.function, row.lgsl = definition.name, definition.function, list(definition.lgsl)
    row.source_text = text
    row.save()
    return row


@transaction.atomic
def publish(*, row: ServiceDefinition) -> ServiceDefinition:
    row = ServiceDefinition.objects.select_for_update().get(pk=row.pk)
    if row.status == ServiceDefinition.Status.PUBLISHED:
        raise DefinitionLocked(f"Version {row.version} of {row.code} is already published.")
    row.status = ServiceDefinition.Status.PUBLISHED
    row.published_at = timezone.now()
    row.save(update_fields=["status", "published_at"])
    _share(row)
    return row


def latest_published(code: str) -> ServiceDefinition | None:
    return (
        ServiceDefinition.objects.filter(code=code, status=ServiceDefinition.Status.PUBLISHED)
        .order_by("-version")
        .first()
    )


def load_standard_definitions(*, data_dir: Path) -> dict[str, int]:
    """Publish each shipped definition in data/services/ whose text differs from the latest.

    Runs inside the caller's transaction; a second run publishes nothing.
    """
    counts = {"published": 0, "unchanged": 0}
    for path in sorted((data_dir / "services").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        definition = engine.load_definition(text=text, filename=str(path.relative_to(data_dir)))
        latest = latest_published(definition.code)
        if latest is not None and latest.source_text == text:
            counts["unchanged"] += 1
            continue
        save_version(text=text, owner=None, publish=True, filename=path.name)
        counts["published"] += 1
    return counts


@transaction.atomic
def run_offering(
    *,
    organisation: Organisation,
    row: ServiceDefinition,
    team: Team | None = None,
    live: bool | None = None,
) -> ServiceOffering:
    """Make the organisation run `row` (creating its offering, or moving it to this version)."""
    if row.status != ServiceDefinition.Status.PUBLISHED:
        raise OfferingProblem(f"Publish version {row.version} of {row.code} before running it.")
    if team is not None and team.organisation_id != organisation.pk:
        raise OfferingProblem(f"The team {team.name} belongs to another organisation.")
    offering, _ = ServiceOffering.objects.select_for_update().get_or_create(
        organisation=organisation, service_code=row.code, defaults={"definition": row}
    )
    offering.definition = row
    if team is not None:
        offering.team = team
    if live is not None:
        if live and offering.team is None:
            raise OfferingProblem(f"Name the team that handles {row.name} before it goes live.")
        offering.live = live
    offering.save()
    return offering


def live_offering(*, organisation_id: int, service_code: str) -> ServiceOffering | None:
    return (
        ServiceOffering.objects.filter(
            organisation_id=organisation_id, service_code=service_code, live=True
        )
        .select_related("definition", "organisation", "team")
        .first()
    )


class AdoptedDefinition(NamedTuple):
    adoption: Adoption
    offering: ServiceOffering | None


def _definition_asset(asset: Asset) -> str:
    if asset.kind != Kind.SERVICE_DEFINITION or not asset.service_code:
        raise OfferingProblem(
            f"{asset.title} is not a service definition: record its adoption in the commons."
        )
    return asset.service_code


@transaction.atomic
def adopt_definition(
    *,
    organisation: Organisation,
    asset: Asset,
    actor,
    status: str = Adoption.Status.ADOPTED,
    team: Team | None = None,
    annual_saving_pounds: int | None = None,
    one_off_cost_pounds: int | None = None,
    notes: str = "",
) -> AdoptedDefinition:
    """Adopt a service-definition asset: record it in the commons and make the offering.

    The offering runs the latest published version and is not live: it goes live once the
    organisation names its team and switches it on. An organisation that already runs the
    code keeps its offering as it is, and its adoption names the version it runs. Only
    "interested" makes no offering. Raises the commons' refusals or `OfferingProblem`;
    either way nothing is changed.
    """
    code = _definition_asset(asset)
    running = (
        ServiceOffering.objects.select_related("definition")
        .filter(organisation=organisation, service_code=code)
        .first()
    )
    version = None
    if running is not None:
        version = asset.versions.filter(
            service_definition_id=running.definition_id, published=True
        ).first()
    adoption = adoptions.adopt(
        organisation=organisation,
        asset=asset,
        actor=actor,
        status=status,
        version=version,
        annual_saving_pounds=annual_saving_pounds,
        one_off_cost_pounds=one_off_cost_pounds,
        notes=notes,
    )
    if running is not None or status == Adoption.Status.INTERESTED:
        return AdoptedDefinition(adoption, running)
    if adoption.version is None or adoption.version.service_definition_id is None:
        raise OfferingProblem(f"{asset.title} has no published version to run yet.")
    row = ServiceDefinition.objects.get(pk=adoption.version.service_definition_id)
    offering = run_offering(organisation=organisation, row=row, team=team)
    return AdoptedDefinition(adoption, offering)


@transaction.atomic
def upgrade_offering(*, offering: ServiceOffering, actor) -> ServiceOffering:
    """Move the offering to the latest published version, keeping its team and whether it
    is live; the organisation's adoption in the commons moves with it."""
    organisation = offering.organisation
    if not can_manage_services(actor, organisation):
        raise commons.NotAllowed(
            f"Only service owners and administrators of {organisation} can change its services."
        )
    offering = ServiceOffering.objects.select_related("definition").get(pk=offering.pk)
    newest = latest_published(offering.service_code)
    if newest is None or newest.version <= offering.definition.version:
        raise OfferingProblem(
            f"{organisation} already runs the latest version ({offering.definition.version}) "
            f"of {offering.definition.name}."
        )
    offering = run_offering(organisation=organisation, row=newest)
    adoption = (
        Adoption.objects.filter(organisation=organisation, asset__service_code=newest.code)
        .exclude(status=Adoption.Status.STOPPED)
        .select_related("asset")
        .first()
    )
    version = adoption and adoption.asset.versions.filter(service_definition_id=newest.pk).first()
    if version is not None:
        adoptions.move_to_version(adoption=adoption, version=version, actor=actor)
    return offering


_CODE_LINE = re.compile(r"^code:[ \t]*\S+[ \t]*$", re.MULTILINE)


def _text_with_code(row: ServiceDefinition, code: str) -> str:
    """The definition's text under another code (its own wording kept where it is YAML)."""
    if len(_CODE_LINE.findall(row.source_text)) == 1:
        return _CODE_LINE.sub(f"code: {code}", row.source_text)
    # In the schema's order: PostgreSQL keeps a JSON document's keys in an order of its own.
    order = {key: n for n, key in enumerate(engine.schema()["properties"])}
    document = {**row.document, "code": code}
    document.pop("version", None)
    ordered = dict(sorted(document.items(), key=lambda item: order.get(item[0], len(order))))
    return engine.dump_document(ordered)


@transaction.atomic
def fork_definition(
    *, asset: Asset, organisation: Organisation, actor, code: str, title: str = ""
) -> tuple[Asset, ServiceDefinition]:
    """Copy a service definition for `organisation` under a code of its own.

    Makes the commons' forked asset and a draft version 1 of the new code from the
    latest published version; publishing the draft gives the copy its first version.
    """
    _definition_asset(asset)
    origin = versions.latest_version(asset)
    if origin is None or origin.service_definition_id is None:
        raise OfferingProblem(f"{asset.title} has no published version to copy yet.")
    copy = commons.fork(
        asset=asset, organisation=organisation, actor=actor, title=title, service_code=code
    )
    if ServiceDefinition.objects.filter(code=copy.service_code).exists():
        raise commons.AssetInvalid({"service_code": f"The service code {code} is taken."})
    row = ServiceDefinition.objects.get(pk=origin.service_definition_id)
    draft = save_version(
        text=_text_with_code(row, copy.service_code),
        owner=organisation,
        actor=actor,
        filename=f"{copy.service_code}.yaml",
    )
    return copy, draft
