"""Load GOV.UK's subset of the Local Government Service List from data/services/lgsl.csv.

The file is checked completely before anything is written; a second load changes
nothing. Services missing from the file are kept, since offerings may refer to them.
"""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from commonweal.organisations.reference import Counts, ReferenceDataError
from commonweal.organisations.reference_files import failer, read_csv
from commonweal.services.models import LocalService, ProvidingTier

LGSL = Path("services/lgsl.csv")
TIERS = {
    "all": ProvidingTier.ALL,
    "district/unitary": ProvidingTier.DISTRICT_UNITARY,
    "county/unitary": ProvidingTier.COUNTY_UNITARY,
}


@dataclass(frozen=True)
class ServiceRecord:
    code: int
    description: str
    providing_tier: str
    lgil_codes: tuple[int, ...]


def read_local_services(*, data_dir: Path) -> list[ServiceRecord]:
    """Every row of lgsl.csv, checked; raises ReferenceDataError naming the row and problem."""
    path = data_dir / LGSL
    rows = read_csv(path, ["lgsl_code", "description", "providing_tier", "lgil_codes"])
    records: list[ServiceRecord] = []
    seen: dict[int, int] = {}
    for number, row in enumerate(rows, start=1):
        fail = failer(path, number)
        if not row["lgsl_code"].isdigit() or int(row["lgsl_code"]) < 1:
            fail(f"lgsl_code {row['lgsl_code']!r} is not a whole number above 0.")
        code = int(row["lgsl_code"])
        if code in seen:
            fail(f"lgsl_code {code} is also on row {seen[code]}; keep one of the rows.")
        seen[code] = number
        if not row["description"]:
            fail("description is empty; say what the service is.")
        if row["providing_tier"] not in TIERS:
            fail(
                f"providing_tier {row['providing_tier']!r} is unknown; "
                f"use one of {', '.join(TIERS)}."
            )
        lgil = row["lgil_codes"].split()
        if not all(c.isdigit() for c in lgil):
            fail(f"lgil_codes {row['lgil_codes']!r} must be whole numbers separated by spaces.")
        records.append(
            ServiceRecord(
                code=code,
                description=row["description"],
                providing_tier=TIERS[row["providing_tier"]],
                lgil_codes=tuple(sorted({int(c) for c in lgil})),
            )
        )
    return records


def load_local_services(*, data_dir: Path) -> Counts:
    """Create or update a LocalService for each row of lgsl.csv; returns what changed."""
    records = read_local_services(data_dir=data_dir)
    counts = Counts()
    with transaction.atomic():
        existing = {
            s.code: s for s in LocalService.objects.filter(code__in=[r.code for r in records])
        }
        new = []
        for record in records:
            values = {
                "description": record.description,
                "providing_tier": record.providing_tier,
                "lgil_codes": list(record.lgil_codes),
            }
            service = existing.get(record.code)
            if service is None:
                new.append(LocalService(code=record.code, **values))
                counts.created += 1
            elif fields := [n for n, v in values.items() if getattr(service, n) != v]:
                for name in fields:
                    setattr(service, name, values[name])
                service.save(update_fields=[*fields, "updated_at"])
                counts.updated += 1
            else:
                counts.unchanged += 1
        LocalService.objects.bulk_create(new)
    return counts


__all__ = ["ReferenceDataError", "ServiceRecord", "load_local_services", "read_local_services"]
