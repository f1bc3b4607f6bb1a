"""Service definition versions and the offerings that run them.

A published version never changes: editing makes a new version. Organisations run a
version through a `ServiceOffering`, and move to a newer one when they choose.
"""

import dataclasses
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from commonweal.organisations.models import Organisation, Team
from commonweal.services import engine
from commonweal.services.models import ServiceDefinition, ServiceOffering


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
    return ServiceDefinition.objects.create(
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
