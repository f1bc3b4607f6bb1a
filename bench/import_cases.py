"""How many rows a second `commonweal import-cases` takes, into a fresh database.

Generates a CSV of historical cases deterministically (`--rows`, 200,000 unless told; the
same seed gives the same file), with dates over three years, a quarter of the cases
still open, locations in central Cambridge and descriptions, for an organisation running
four standard services. Then it imports the file into a fresh temporary SQLite file (WAL,
as deployed) — or, when DATABASE_URL is set, into that database, which should be a
throwaway one: it is migrated and filled — and reports rows a second for the whole
import (checking included) and for the check and the writing apart, by the clock and per
second of CPU time (what a core would do with nothing else to run: this VM's cores are
shared, see bench/README.md).

    python bench/import_cases.py [--rows 200000] [--batch-size 5000] [--profile]
"""

import argparse
import cProfile
import csv
import io
import os
import pstats
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from _setup import database_vendor, django_setup, write_results

# Then out of the path again: bench/queue.py would hide the standard library's `queue`.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH]

TARGET = 20_000  # rows a second, SQLite and PostgreSQL both
SERVICES = {"Pothole": "pothole", "Missed bin": "missed-bin", "Fly-tip": "fly-tipping",
            "Street light out": "street-light"}  # fmt: skip
STATUSES = ("Open", "In progress", "Completed", "Completed", "Completed", "No action")
MAPPING = """
columns:
  reference: Enquiry number
  category: Type
  opened: Date logged
  closed: Date closed
  status: Status
  latitude: Lat
  longitude: Long
  description: Details
  channel: Received by
categories:
  Pothole: pothole
  Missed bin: missed-bin
  Fly-tip: fly-tipping
  Street light out: street-light
statuses:
  Open: open
  In progress: open
  Completed: closed
  No action: closed
"""


def generate(rows: int, seed: int = 11) -> bytes:
    """The CSV, the same bytes for the same rows and seed."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Enquiry number", "Type", "Date logged", "Date closed", "Status", "Lat",
                     "Long", "Details", "Received by", "Customer name"])  # fmt: skip
    start = datetime(2022, 1, 1, 7, 0)
    categories = list(SERVICES)
    for number in range(rows):
        opened = start + timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60))
        status = STATUSES[rng.randrange(len(STATUSES))]
        closed = ""
        if status in ("Completed", "No action"):
            done = opened + timedelta(minutes=rng.randrange(30, 40 * 24 * 60))
            closed = done.strftime("%d/%m/%Y %H:%M")
        writer.writerow([
            f"ENQ-{1_000_000 + number}", categories[number % len(categories)],
            opened.strftime("%d/%m/%Y %H:%M"), closed, status,
            f"{52.195 + rng.random() * 0.02:.5f}", f"{0.105 + rng.random() * 0.04:.5f}",
            f"Reported near number {rng.randrange(1, 200)}", ("Phone", "Web", "E-mail")[number % 3],
            "A. Resident",
        ])  # fmt: skip
    return out.getvalue().encode()


def _fresh_database() -> str | None:
    if os.environ.get("DATABASE_URL"):
        return None
    folder = tempfile.mkdtemp(prefix="commonweal-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("COMMONWEAL_VAR_DIR", folder)
    return folder


def set_up():
    from django.conf import settings
    from django.core.management import call_command

    from commonweal.organisations.models import Organisation, Team
    from commonweal.services import definitions

    call_command("migrate", verbosity=0)
    definitions.load_standard_definitions(data_dir=settings.DATA_DIR)
    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-council", defaults={"name": "Bench Council", "kind": "unitary",
                                        "nation": "england"},
    )  # fmt: skip
    team, _ = Team.objects.get_or_create(
        organisation=organisation, name="Street scene", defaults={"email": "team@bench.example"}
    )
    for code in SERVICES.values():
        if not organisation.offerings.filter(service_code=code).exists():
            definitions.run_offering(
                organisation=organisation, row=definitions.latest_published(code), team=team,
                live=True,
            )  # fmt: skip
    return organisation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--profile", action="store_true", help="profile the import")
    options = parser.parse_args()
    folder = _fresh_database()
    django_setup()
    from django.utils import timezone

    from commonweal.cases.models import Case, Event
    from commonweal.insight import imports
    from commonweal.insight.import_mapping import parse_mapping
    from commonweal.insight.import_models import ImportRun

    vendor = database_vendor()
    print(f"Setting up {vendor}{' in ' + folder if folder else ''}…")
    organisation = set_up()
    data = generate(options.rows)
    print(f"Generated {options.rows:,} rows ({len(data) / 2**20:.1f} MiB).")
    ImportRun.objects.filter(organisation=organisation, file_hash=imports.file_hash(data)).delete()
    Case.objects.filter(organisation=organisation).delete()
    mapping = parse_mapping(MAPPING)
    now = timezone.now()

    started, cpu = time.perf_counter(), time.process_time()
    check = imports.check_cases(organisation=organisation, mapping=mapping, data=data, now=now)
    checked, checked_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert check.ok, check.errors[:5]

    profile = cProfile.Profile() if options.profile else None
    if profile:
        profile.enable()
    cpu = time.process_time()
    result = imports.import_cases(
        organisation=organisation, mapping=mapping, data=data, batch_size=options.batch_size,
        now=now,
    )  # fmt: skip
    import_cpu = time.process_time() - cpu
    if profile:
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    assert result.written == options.rows
    assert Case.objects.filter(organisation=organisation).count() == options.rows
    events = Event.objects.filter(case__organisation=organisation).count()
    total = result.seconds
    writing = total - checked
    print(
        f"{options.rows:,} rows: {total:.2f} s in all ({checked:.2f} s checking), {events:,} events"
    )
    figures = [
        {"what": "import-cases, checking and writing", "value": options.rows / total,
         "unit": "rows/s", "target": f">= {TARGET:,}", "met": options.rows / total >= TARGET},
        {"what": "import-cases, per second of CPU time", "value": options.rows / import_cpu,
         "unit": "rows/s"},
        {"what": "checking alone", "value": options.rows / checked, "unit": "rows/s"},
        {"what": "checking alone, per second of CPU time", "value": options.rows / checked_cpu,
         "unit": "rows/s"},
        {"what": "writing alone (cases and events)", "value": options.rows / writing,
         "unit": "rows/s"},
        {"what": "events written", "value": events, "unit": ""},
    ]  # fmt: skip
    write_results(
        f"import-cases-{vendor}", figures, {"rows": options.rows, "batch_size": options.batch_size}
    )


if __name__ == "__main__":
    main()
