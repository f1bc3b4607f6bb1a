"""Gather bench/results/*.json into bench/results.md: every figure, target, ratio and machine.

The ratio is the figure divided by its target's number: under 1 is good for a ceiling
("< 50 ms"), 1 or more for a floor (">= 200/s"). Each result keeps its own date and
machine reading, because the benchmarks run at different moments on a shared machine.
"""

import json
import re
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
REPORT = BENCH_DIR / "results.md"
NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)")


def target_number(target: str) -> float | None:
    found = NUMBER.search(target or "")
    return float(found.group(1).replace(",", "")) if found else None


def ratio(figure: dict) -> float | None:
    limit = target_number(figure.get("target", ""))
    if not limit:
        return figure.get("ratio")
    return figure["value"] / limit


def _value(figure: dict) -> str:
    value = figure["value"]
    if value is None:
        return "none"
    text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.3g}"
    return f"{text} {figure.get('unit', '')}".strip()


def _met(figure: dict) -> str:
    return {True: "yes", False: "**no**"}.get(figure.get("met"), "")


def _database(result: dict, stem: str) -> str:
    for vendor in ("postgresql", "sqlite"):
        if stem.endswith(vendor) or result.get("database") == vendor:
            return "PostgreSQL" if vendor == "postgresql" else "SQLite"
    return "any"


def _machine(result: dict) -> str:
    found = result["machine"]
    text = f"{found['cores']} cores, {found['memory_gib']} GiB, Python {found['python']}"
    if "spin_ms" in found:  # read since 2026-11-28; earlier results lack it
        text += f"; one core's spin {found['spin_ms']} ms"
    if "parallel_speedup" in found:
        text += f", parallel speed-up {found['parallel_speedup']}"
    return text


def load_results() -> list[tuple[str, dict]]:
    paths = sorted(RESULTS_DIR.glob("*.json"))
    return [(path.stem, json.loads(path.read_text())) for path in paths]


def render(results: list[tuple[str, dict]]) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Written by `bench/report.py` from `bench/results/*.json` (`make bench` runs every",
        "benchmark on SQLite and PostgreSQL, then writes this). The ratio is the figure ÷ the",
        "target's number: below 1 meets a ceiling, 1 or more meets a floor. Each run's machine",
        "reading is given with it: this is a shared 2-core virtual machine, so compare runs",
        "by `spin` (one core's time for a fixed loop, lower is faster) and `parallel speed-up`",
        "(2.0 when both cores are free). How each benchmark works: `bench/README.md`.",
        "",
        "## Every figure with a target",
        "",
        "| benchmark | database | figure | value | target | ratio | met | measured |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for stem, result in results:
        for figure in result["figures"]:
            if not figure.get("target"):
                continue
            found = ratio(figure)
            lines.append(
                f"| {stem} | {_database(result, stem)} | {figure['what']} | {_value(figure)} "
                f"| {figure['target']} | {'' if found is None else f'{found:.2f}'} "
                f"| {_met(figure)} | {result['date'][:16].replace('T', ' ')} |"
            )
    for stem, result in results:
        lines += [
            "",
            f"## {stem}",
            "",
            f"{result['date'][:16].replace('T', ' ')} UTC; {_machine(result)}.",
            "",
            "| figure | value | target | ratio | met |",
            "|---|---|---|---|---|",
        ]
        for figure in result["figures"]:
            found = ratio(figure) if figure.get("target") else None
            lines.append(
                f"| {figure['what']} | {_value(figure)} | {figure.get('target', '')} "
                f"| {'' if found is None else f'{found:.2f}'} | {_met(figure)} |"
            )
    return "\n".join(lines) + "\n"


def write_report() -> Path:
    REPORT.write_text(render(load_results()))
    return REPORT


if __name__ == "__main__":
    print(write_report())
