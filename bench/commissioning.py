"""How fast opportunities to buy together are found, and how the time grows with contracts.

Generates contracts for 400 organisations: CPV codes drawn from the real CPV 2008 list
(weighted towards a few dozen common groups, as registers are), 4,000 suppliers of which a
few hundred hold most contracts, end dates spread over five years. Then, at 20,000,
50,000, 100,000 and 200,000 contracts:

1. **the sweep alone**: `opportunities.group_rows` on rows in memory (best of 3);
2. **from the database**: `opportunities.find_opportunities(..., describe=False)`, which
   also reads the contracts (not ended, ending from today) from the database — a fresh
   SQLite file, or the configured database when DATABASE_URL is set (use a throwaway
   one: it is migrated and filled).

The growth ratio compares each time with n log n, scaled from the 20,000 figure:
(t(n) / t(20k)) / (n log n / (20k log 20k)). About 1 means n log n growth; a quadratic
algorithm would show 2.5, 5 and 10. Target: under 2 s at 200,000 from the database.

    python bench/commissioning.py [--window 6] [--rounds 3]
"""

import argparse
import math
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

# Put bench/ last on the path: bench/queue.py would otherwise hide the standard `queue`.
BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR] + [str(BENCH_DIR)]
from _setup import database_vendor, django_setup, write_results

SIZES = [20_000, 50_000, 100_000, 200_000]
ORGANISATIONS = 400
SUPPLIERS = 4_000
TARGET_SECONDS = 2.0


def _fresh_database() -> None:
    if os.environ.get("DATABASE_URL"):
        return
    folder = tempfile.mkdtemp(prefix="commonweal-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("COMMONWEAL_VAR_DIR", folder)


def _codes(rng: random.Random) -> list[str]:
    """A list to draw CPV codes from: every code once, and the common groups' codes often."""
    from commonweal.commissioning import cpv

    codes = [full for full, _ in cpv.vocabulary().values()]
    common = ("905", "906", "773", "452", "502", "853", "909", "484", "722", "501", "797")
    weighted = [code for code in codes if code[:3] in common]
    return codes + weighted * 20


def generate(n: int, *, seed: int, today: date) -> list[dict]:
    rng = random.Random(seed)
    codes = _codes(rng)
    suppliers = list(range(1, SUPPLIERS + 1))
    weights = [1 / (rank**0.8) for rank in suppliers]
    supplier_ids = rng.choices(suppliers, weights=weights, k=n)
    contracts = []
    for index in range(n):
        end = today + timedelta(days=rng.randint(0, 5 * 365))
        years = rng.randint(1, 7)
        annual = Decimal(rng.randint(5, 5_000) * 1000)
        notice = rng.choice((0, 1, 3, 3, 6, 6, 6, 9, 12, 12, 18))
        contracts.append(
            {
                "organisation": rng.randint(1, ORGANISATIONS),
                "supplier": supplier_ids[index],
                "cpv_code": rng.choice(codes),
                "end_date": end,
                "start_date": end - timedelta(days=365 * years),
                "annual_value": annual,
                "total_value": annual * years,
                "notice_period_months": notice,
            }
        )
    return contracts


def as_rows(contracts: list[dict]):
    from commonweal.commissioning import cpv
    from commonweal.commissioning.opportunities import ContractRow
    from commonweal.commissioning.validation import notice_date_for

    return [
        ContractRow(
            id=index,
            organisation_id=c["organisation"],
            supplier_id=c["supplier"],
            cpv_group=cpv.group_of(c["cpv_code"]),
            end_date=c["end_date"],
            notice_date=notice_date_for(c["end_date"], c["notice_period_months"]),
            annual_value=c["annual_value"],
            commons_asset_id=None,
        )
        for index, c in enumerate(contracts, start=1)
    ]


def best_of(rounds: int, work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def prepare_database() -> None:
    from django.core.management import call_command

    from commonweal.commissioning.models import Supplier
    from commonweal.organisations.models import Kind, Nation, Organisation

    call_command("migrate", interactive=False, verbosity=0)
    Organisation.objects.bulk_create(
        Organisation(name=f"Bench Council {i}", slug=f"bench-{i}", kind=Kind.DISTRICT,
                     nation=Nation.ENGLAND)
        for i in range(1, ORGANISATIONS + 1)
    )  # fmt: skip
    Supplier.objects.bulk_create(Supplier(name=f"Supplier {i}") for i in range(1, SUPPLIERS + 1))


def insert(contracts: list[dict], first_id: int) -> None:
    from commonweal.commissioning import cpv
    from commonweal.commissioning.models import Contract, Supplier
    from commonweal.commissioning.validation import notice_date_for
    from commonweal.organisations.models import Organisation

    orgs = dict(enumerate(Organisation.objects.order_by("pk").values_list("pk", flat=True), 1))
    sups = dict(enumerate(Supplier.objects.order_by("pk").values_list("pk", flat=True), 1))
    Contract.objects.bulk_create(
        (
            Contract(
                organisation_id=orgs[c["organisation"]],
                supplier_id=sups[c["supplier"]],
                title=f"Contract {first_id + i}",
                cpv_code=c["cpv_code"],
                cpv_group=cpv.group_of(c["cpv_code"]),
                annual_value=c["annual_value"],
                total_value=c["total_value"],
                start_date=c["start_date"],
                end_date=c["end_date"],
                notice_period_months=c["notice_period_months"],
                notice_date=notice_date_for(c["end_date"], c["notice_period_months"]),
            )
            for i, c in enumerate(contracts)
        ),
        batch_size=2_000,
    )


def growth(times: dict[int, float]) -> dict[int, float]:
    base_n, base_t = SIZES[0], times[SIZES[0]]
    return {
        n: (t / base_t) / ((n * math.log(n)) / (base_n * math.log(base_n)))
        for n, t in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--window", type=int, default=6, help="months (default 6)")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    _fresh_database()
    django_setup()
    from django.utils import timezone

    from commonweal.commissioning import opportunities

    today = timezone.localdate()
    contracts = generate(SIZES[-1], seed=6, today=today)

    sweep: dict[int, float] = {}
    found: dict[int, int] = {}
    for n in SIZES:
        rows = as_rows(contracts[:n])
        sweep[n], result = best_of(
            options.rounds,
            lambda rows=rows: opportunities.group_rows(rows, within_months=options.window),
        )
        found[n] = len(result)

    prepare_database()
    database: dict[int, float] = {}
    inserted = 0
    for n in SIZES:
        insert(contracts[inserted:n], inserted)
        inserted = n
        database[n], result = best_of(
            options.rounds,
            lambda: opportunities.find_opportunities(
                within_months=options.window, today=today, describe=False
            ),
        )
        assert len(result) == found[n], (len(result), found[n])  # same answer both ways
    reading, _ = best_of(options.rounds, lambda: opportunities.contract_columns(today=today))

    figures = []
    for label, times in (("sweep alone", sweep), ("from the database", database)):
        ratios = growth(times)
        for n in SIZES:
            target = (
                f"< {TARGET_SECONDS} s" if (label, n) == ("from the database", SIZES[-1]) else ""
            )
            figures.append(
                {
                    "what": f"{label}, {n:,} contracts ({found[n]:,} opportunities)",
                    "value": times[n],
                    "unit": "s",
                    "target": target,
                    "met": times[n] < TARGET_SECONDS if target else None,
                    "ratio": round(ratios[n], 2),
                }
            )
        figures.append(
            {
                "what": f"{label}: growth against n log n at 200,000 (1 = n log n)",
                "value": ratios[SIZES[-1]],
                "unit": "x n log n",
                "target": "≤ 1.5",
                "met": ratios[SIZES[-1]] <= 1.5,
            }
        )
    figures.append(
        {"what": f"of which reading {SIZES[-1]:,} contracts from the database",
         "value": reading, "unit": "s"}
    )  # fmt: skip
    write_results(
        f"commissioning-{database_vendor()}",
        figures,
        {"database": database_vendor(), "window_months": options.window,
         "organisations": ORGANISATIONS, "suppliers": SUPPLIERS},
    )  # fmt: skip


if __name__ == "__main__":
    main()
