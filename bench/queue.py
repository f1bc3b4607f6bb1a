"""How fast the staff queue answers with typical filters, at 1,000,000 cases.

Generates the cases once with `commonweal generate`'s generator (reused on the next run
when enough are there) for the demo organisations, then times `cases.queries.queue` for
each filter: p50 and p95 per filter and overall. Target: p95 < 50 ms.

The database is the configured one when DATABASE_URL is set, otherwise a SQLite file
kept in var/bench/. Usage: python bench/queue.py [--cases N] [--repeats R]
"""

import sys
from pathlib import Path

# This file's name hides the standard library's `queue` while its folder leads sys.path.
BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR] + [str(BENCH_DIR)]

import argparse
import os
import random
import statistics
import time
from datetime import timedelta

from _setup import database_vendor, django_setup, write_results

BENCH_DB = BENCH_DIR.parent / "var" / "bench" / "queue.sqlite3"
TARGET_MS = 50.0
STAFF_PER_ORGANISATION = 25


def prepare_database() -> None:
    from io import StringIO

    from django.core.management import call_command

    from commonweal.demo.content import create_demo

    call_command("migrate", interactive=False, verbosity=0)
    if not _has_demo():
        call_command("load_reference", verbosity=0, stdout=StringIO())
        create_demo()


def _has_demo() -> bool:
    from commonweal.services.models import ServiceOffering

    return ServiceOffering.objects.filter(live=True).exists()


def staff(organisation):
    """Caseworkers of the organisation to assign cases to (made once)."""
    from commonweal.accounts.models import User
    from commonweal.organisations.models import Membership, Role

    people = []
    for n in range(STAFF_PER_ORGANISATION):
        user, made = User.objects.get_or_create(
            email=f"bench{n}@{organisation.slug}.example.org",
            defaults={"full_name": f"Bench Caseworker {n}"},
        )
        if made:
            Membership.objects.create(user=user, organisation=organisation, role=Role.CASEWORKER)
        people.append(user.pk)
    return people


def generate(total: int, seed: int = 7) -> None:
    """Top the database up to `total` cases with `commonweal generate`'s own generator.

    A database that already holds enough cases is reused as it is.
    """
    from commonweal.cases.models import Case
    from commonweal.core.dbstats import refresh_statistics
    from commonweal.demo.generate import generate_cases
    from commonweal.organisations.models import Organisation
    from commonweal.services.models import ServiceOffering

    existing = Case.objects.count()
    if existing >= total:
        print(f"Reusing {existing:,} generated cases.")
        refresh_statistics()  # as `commonweal tick` keeps them (a file from before had none)
        return
    running = ServiceOffering.objects.filter(live=True).values_list("organisation", flat=True)
    for organisation in Organisation.objects.filter(pk__in=running).order_by("pk"):
        staff(organisation)
    print(f"Generating {total - existing:,} cases…")

    def progress(done: int, count: int) -> None:
        if done % 100_000 < 20_000 or done == count:
            print(f"  {existing + done:,} cases")

    made = generate_cases(count=total - existing, seed=seed, progress=progress)
    print(f"  {made.count:,} cases in {made.seconds:.1f} s ({made.per_second:,.0f}/s)")


def member_of_two(county, unitary):
    """A caseworker of both the county and the unitary council (made once)."""
    from commonweal.accounts.models import User
    from commonweal.organisations.models import Membership, Role

    user, _ = User.objects.get_or_create(
        email="bench-two@example.org", defaults={"full_name": "Bench Two Councils"}
    )
    for organisation in (county, unitary):
        Membership.objects.get_or_create(user=user, organisation=organisation, role=Role.CASEWORKER)
    return user


def scenarios(rng: random.Random):
    """(name, user, filters, cursor) for each typical look at the queue."""
    from commonweal.accounts.models import User
    from commonweal.cases.models import Case
    from commonweal.cases.queries import QueueFilters, queue
    from commonweal.organisations.models import Membership, Organisation, Team

    caseworker = User.objects.get(email="caseworker@cambridgeshire.example.org")
    county = Membership.objects.get(user=caseworker).organisation
    admin = User.objects.get(email="admin@example.org")
    highways = Team.objects.get(organisation=county, name="Highways")
    mine = Case.objects.filter(organisation=county, closed_at=None).values_list("assignee_id")
    me = User.objects.get(pk=mine.exclude(assignee=None).first()[0])
    references = list(
        Case.objects.filter(organisation=county).values_list("reference", flat=True)[:2000:10]
    )
    page_two = queue(user=caseworker, filters=QueueFilters()).next_cursor
    deep = None
    for _ in range(20):
        deep = queue(user=caseworker, filters=QueueFilters(state="any"), after=deep).next_cursor
    week = (time_now() - timedelta(days=7)).date()
    two = member_of_two(county, Organisation.objects.get(gss_code="E06000031"))
    return [
        ("open cases, newest first", caseworker, QueueFilters(), None),
        ("overdue", caseworker, QueueFilters(overdue=True), None),
        ("by team (Highways)", caseworker, QueueFilters(team=highways.pk), None),
        ("service + state (pothole, submitted)", caseworker,
         QueueFilters(service="pothole", state="submitted"), None),
        ("text: a reference", caseworker, lambda: QueueFilters(text=rng.choice(references)), None),
        ("page 2 via cursor", caseworker, QueueFilters(), page_two),
        ("page 21 via cursor, any state", caseworker, QueueFilters(state="any"), deep),
        ("assigned to me", me, QueueFilters(assignee="me"), None),
        ("unassigned", caseworker, QueueFilters(assignee="unassigned"), None),
        ("open, due soonest", caseworker, QueueFilters(sort="due"), None),
        ("open, oldest first", caseworker, QueueFilters(sort="oldest"), None),
        ("closed, newest first", caseworker, QueueFilters(state="closed"), None),
        ("urgent", caseworker, QueueFilters(priority="urgent"), None),
        ("phone, submitted this week", caseworker,
         QueueFilters(channel="phone", submitted_from=week), None),
        ("text: words in the description", caseworker, QueueFilters(text="flickering lamp"), None),
        ("platform admin, all open cases", admin, QueueFilters(), None),
        ("member of two councils, open, newest", two, QueueFilters(), None),
        ("member of two councils, overdue", two, QueueFilters(overdue=True), None),
    ]  # fmt: skip


def untypical(rng: random.Random):
    """Reported, not held to the target: what a filter on no index costs at its worst."""
    from commonweal.accounts.models import User
    from commonweal.cases.queries import QueueFilters

    caseworker = User.objects.get(email="caseworker@cambridgeshire.example.org")
    admin = User.objects.get(email="admin@example.org")
    return [
        ("WORST: a word in no description, any state", caseworker,
         QueueFilters(text="zebra", state="any"), None),
        ("WORST: platform admin, open, due soonest", admin, QueueFilters(sort="due"), None),
    ]  # fmt: skip


def time_now():
    from django.utils import timezone

    return timezone.now()


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def measure(looks, repeats: int, *, target: bool = True) -> tuple[list[dict], list[float]]:
    from commonweal.cases.queries import queue

    figures, everything = [], []
    for name, user, filters, cursor in looks:
        latencies = []
        for n in range(repeats + 3):
            wanted = filters() if callable(filters) else filters
            user.__dict__.pop("_commonweal_roles", None)  # as a new request: no cached roles
            t0 = time.perf_counter()
            page = queue(user=user, filters=wanted, after=cursor)
            elapsed = (time.perf_counter() - t0) * 1000
            if n >= 3:  # the first runs warm the caches
                latencies.append(elapsed)
        everything += latencies
        p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
        print(f"  {name:40} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  ({len(page.cases)} rows)")
        figures.append(_figure(f"{name}: p50", p50))
        figures.append(_figure(f"{name}: p95", p95, target=target))
    return figures, everything


def _figure(what: str, value: float, target: bool = False) -> dict:
    figure = {"what": what, "value": value, "unit": "ms"}
    if target:
        figure |= {"target": f"< {TARGET_MS:.0f} ms", "met": value < TARGET_MS}
    return figure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        BENCH_DB.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DB}"
    django_setup()
    prepare_database()
    generate(args.cases)
    from commonweal.cases.models import Case

    total = Case.objects.count()
    print(f"Timing the queue over {total:,} cases on {database_vendor()}…")
    rng = random.Random(3)
    figures, everything = measure(scenarios(rng), args.repeats)
    figures.append(_figure("all typical filters: p50", percentile(everything, 50)))
    figures.append(_figure("all typical filters: p95", percentile(everything, 95), target=True))
    figures += measure(untypical(rng), max(5, args.repeats // 8), target=False)[0]
    name = f"queue-{database_vendor()}"
    write_results(name, figures, {"cases": total, "repeats": args.repeats})


if __name__ == "__main__":
    main()
