"""Shared set-up for benchmarks: Django configured, the machine described, results written."""

import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonweal.settings")
    import django

    django.setup()


def machine() -> dict:
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(memory_gib, 1),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
    }


def database_vendor() -> str:
    from django.db import connection

    return connection.vendor


def write_results(name: str, figures: list[dict], extra: dict | None = None) -> Path:
    """Write figures (each: what, value, unit, target, ratio, met) as JSON and print a table."""
    RESULTS_DIR.mkdir(exist_ok=True)
    report = {
        "benchmark": name,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "figures": figures,
        **(extra or {}),
    }
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"\n## {name} ({report['date']}, {report['machine']['cores']} cores)\n")
    print("| figure | value | target | met |")
    print("|---|---|---|---|")
    for f in figures:
        target = f.get("target", "")
        met = {True: "yes", False: "NO", None: ""}[f.get("met")]
        print(f"| {f['what']} | {f['value']:,.3f} {f['unit']} | {target} | {met} |")
    print(f"\nwritten to {path}")
    return path
