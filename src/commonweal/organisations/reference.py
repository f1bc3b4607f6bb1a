"""Load the UK reference data in data/: organisations, who sits within whom, and their areas.

`load_reference` reads and checks every file first, then writes in one transaction, so a
malformed file writes nothing at all. It can run any number of times: organisations are
found again by GSS code (local authorities), ODS code (NHS trusts) or slug (the rest),
and a row is saved only when something in it has changed. The readers live in
`reference_files`, `reference_bodies` and `reference_areas`; data/README.md describes
the files and where they come from.
"""

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from commonweal.organisations.models import Area, Kind, Nation, Organisation
from commonweal.organisations.reference_areas import Shape, build_areas, read_boundaries
from commonweal.organisations.reference_bodies import (
    read_nhs_trusts,
    read_other_bodies,
    read_police,
)
from commonweal.organisations.reference_files import (
    AUTHORITIES,
    GOVUK,
    NHS_TRUSTS,
    OTHER_BODIES,
    POLICE,
    Organisations,
    Record,
    ReferenceDataError,
    read_authorities,
    read_govuk,
)

__all__ = ["Counts", "LoadReport", "ReferenceDataError", "load_reference", "read_organisations"]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class LoadReport:
    """What a load did: organisations by kind, areas by source, and how long it took."""

    organisations: dict[str, Counts] = field(default_factory=dict)
    authorities_by_nation: Counter[str] = field(default_factory=Counter)
    deactivated: int = 0
    areas: dict[str, Counts] = field(default_factory=dict)
    manual_areas_kept: int = 0
    seconds: float = 0.0

    def total(self, counts: dict[str, Counts]) -> Counts:
        return Counts(
            created=sum(c.created for c in counts.values()),
            updated=sum(c.updated for c in counts.values()),
            unchanged=sum(c.unchanged for c in counts.values()),
        )

    @property
    def changed(self) -> bool:
        organisations, areas = self.total(self.organisations), self.total(self.areas)
        return bool(
            organisations.created
            or organisations.updated
            or areas.created
            or areas.updated
            or self.deactivated
        )

    def summary(self) -> list[str]:
        """A few lines for people: counts per kind and nation, areas, time taken."""
        lines = [f"Organisations: {self.total(self.organisations)}."]
        for kind in Kind:
            if counts := self.organisations.get(kind):
                lines.append(f"  {kind.label}: {counts.total} ({counts})")
        nations = ", ".join(
            f"{Nation(n).label} {self.authorities_by_nation[n]}"
            for n in Nation
            if self.authorities_by_nation[n]
        )
        lines.append(f"Local authorities by nation: {nations}.")
        if self.deactivated:
            lines.append(f"Marked inactive (abolished or closed): {self.deactivated}.")
        for source, label in ((Area.Source.REFERENCE, "shipped"), (Area.Source.CHILDREN, "built")):
            counts = self.areas.get(source, Counts())
            lines.append(f"Areas {label}: {counts.total} ({counts}).")
        if self.manual_areas_kept:
            lines.append(f"Areas entered by hand and left alone: {self.manual_areas_kept}.")
        lines.append(f"Took {self.seconds:.1f} s.")
        return lines


def read_organisations(*, data_dir: Path) -> Organisations:
    """Every organisation the reference tables describe, checked; raises ReferenceDataError."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise ReferenceDataError(
            data_dir, "is not a folder; name the reference data folder (data/ in the repository)."
        )
    found = Organisations()
    slugs: dict[str, str] = {}
    govuk = read_govuk(data_dir / GOVUK)
    read_authorities(data_dir / AUTHORITIES, govuk, found, slugs)
    read_nhs_trusts(data_dir / NHS_TRUSTS, found, slugs)
    read_police(data_dir / POLICE, found, slugs)
    read_other_bodies(data_dir / OTHER_BODIES, found, slugs)
    return found


def load_reference(*, data_dir: Path, stdout: TextIO | None = None) -> LoadReport:
    """Check every reference file under data_dir, then create or update what they describe."""
    started = time.monotonic()
    data_dir = Path(data_dir)
    organisations = read_organisations(data_dir=data_dir)
    shipped = read_boundaries(data_dir=data_dir, organisations=organisations)
    areas = build_areas(organisations=organisations, shipped=shipped)
    if stdout is not None:
        stdout.write(
            f"Checked {len(organisations.records)} organisations and {len(shipped)} "
            f"boundaries in {data_dir}; built {len(areas) - len(shipped)} areas.\n"
        )
    report = LoadReport()
    with transaction.atomic():
        saved, changed = _save_organisations(organisations, report)
        _save_parents(organisations, saved, changed, report)
        _save_areas(areas, saved, report)
    report.seconds = time.monotonic() - started
    return report


def _values(record: Record) -> dict[str, object]:
    """The fields the reference data decides; the others are left as people set them."""
    values: dict[str, object] = {
        "name": record.name,
        "slug": record.slug,
        "kind": record.kind,
        "nation": record.nation,
        "active": True,
    }
    if record.gss_code:
        values["gss_code"] = record.gss_code
    if record.ods_code:
        values["ods_code"] = record.ods_code
    if record.website:
        values["website"] = record.website
    if record.functions_added is not None:
        values["functions_added"] = list(record.functions_added)
    if record.functions_removed is not None:
        values["functions_removed"] = list(record.functions_removed)
    return values


def _match(records: list[Record]) -> dict[str, Organisation]:
    """The organisations already in the database, by record key; refuses clashing slugs."""
    gss = {c for r in records for c in (r.gss_code, *r.former_gss_codes) if c}
    ods = {r.ods_code for r in records if r.ods_code}
    slugs = {r.slug for r in records}
    existing = list(
        Organisation.objects.filter(Q(gss_code__in=gss) | Q(ods_code__in=ods) | Q(slug__in=slugs))
    )
    by_gss = {o.gss_code: o for o in existing if o.gss_code}
    by_ods = {o.ods_code: o for o in existing if o.ods_code}
    by_slug = {o.slug: o for o in existing}
    matched: dict[str, Organisation] = {}
    for record in records:
        if record.gss_code:
            codes = (record.gss_code, *record.former_gss_codes)
            org = next((by_gss[c] for c in codes if c in by_gss), None)
        elif record.ods_code:
            org = by_ods.get(record.ods_code)
        else:
            org = by_slug.get(record.slug)
            org = None if org is None or org.gss_code or org.ods_code else org
        if org is not None:
            matched[record.key] = org
        holder = by_slug.get(record.slug)
        if holder is not None and (org is None or holder.pk != org.pk):
            raise ReferenceDataError(
                record.path,
                f"the slug {record.slug!r} already belongs to another organisation in the "
                f"database, {holder.name!r} (id {holder.pk}). Change that organisation's "
                "slug, then load again.",
                row=record.row,
            )
    return matched


def _save_organisations(
    data: Organisations, report: LoadReport
) -> tuple[dict[str, Organisation], set[str]]:
    """Create or update every record's organisation; returns them and the keys that changed."""
    matched = _match(data.records)
    saved: dict[str, Organisation] = {}
    changed: set[str] = set()
    new = []
    for record in data.records:
        counts = report.organisations.setdefault(record.kind, Counts())
        if record.gss_code:
            report.authorities_by_nation[record.nation] += 1
        values = _values(record)
        org = matched.get(record.key)
        if org is None:
            org = Organisation(**values)
            new.append(org)
            counts.created += 1
            changed.add(record.key)
        elif fields := [name for name, value in values.items() if getattr(org, name) != value]:
            for name in fields:
                setattr(org, name, values[name])
            org.save(update_fields=[*fields, "updated_at"])
            counts.updated += 1
            changed.add(record.key)
        else:
            counts.unchanged += 1
        saved[record.key] = org
    Organisation.objects.bulk_create(new)

    gss = [k.removeprefix("gss:") for k in data.retired if k.startswith("gss:")]
    ods = [k.removeprefix("ods:") for k in data.retired if k.startswith("ods:")]
    retired = Organisation.objects.filter(Q(gss_code__in=gss) | Q(ods_code__in=ods), active=True)
    for org in retired.exclude(pk__in=[o.pk for o in saved.values()]):
        org.active = False
        org.save(update_fields=["active", "updated_at"])
        report.deactivated += 1
    return saved, changed


def _save_parents(
    data: Organisations, saved: dict[str, Organisation], changed: set[str], report: LoadReport
) -> None:
    """Make the reference parent links exactly those in the data; other links are left alone."""
    through = Organisation.parents.through
    pks = {key: org.pk for key, org in saved.items()}
    wanted = {
        (pks[child], pks[parent]) for child, parents in data.parents.items() for parent in parents
    }
    managed = list(pks.values())
    existing = set(
        through.objects.filter(
            from_organisation_id__in=managed, to_organisation_id__in=managed
        ).values_list("from_organisation_id", "to_organisation_id")
    )
    through.objects.bulk_create(
        [
            through(from_organisation_id=c, to_organisation_id=p)
            for c, p in sorted(wanted - existing)
        ]
    )
    for child, parent in existing - wanted:
        through.objects.filter(from_organisation_id=child, to_organisation_id=parent).delete()

    moved = {child for child, _ in wanted ^ existing}
    keys = {pk: key for key, pk in pks.items()}
    touched = [pk for pk in moved if keys[pk] not in changed]
    Organisation.objects.filter(pk__in=touched).update(updated_at=timezone.now())
    for pk in touched:
        counts = report.organisations[saved[keys[pk]].kind]
        counts.updated += 1
        counts.unchanged -= 1


def _save_areas(
    areas: dict[str, Shape], saved: dict[str, Organisation], report: LoadReport
) -> None:
    """Store each area whose shape is new or different; areas drawn by hand are kept."""
    shapes = {saved[key].pk: shape for key, shape in areas.items()}
    existing = {a.organisation_id: a for a in Area.objects.filter(organisation_id__in=list(shapes))}
    new = []
    for org_id, shape in shapes.items():
        source = Area.Source.CHILDREN if shape.built else Area.Source.REFERENCE
        counts = report.areas.setdefault(source, Counts())
        values = {"geometry": shape.geojson, "source": source, "area_km2": shape.area_km2}
        area = existing.get(org_id)
        if area is None:
            new.append(Area(organisation_id=org_id, **values))
            counts.created += 1
        elif area.source == Area.Source.MANUAL:
            report.manual_areas_kept += 1
        elif fields := [name for name, value in values.items() if getattr(area, name) != value]:
            for name in fields:
                setattr(area, name, values[name])
            area.save(update_fields=[*fields, "updated_at"])
            counts.updated += 1
        else:
            counts.unchanged += 1
    Area.objects.bulk_create(new)
