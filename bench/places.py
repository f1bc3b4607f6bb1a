"""How fast routing finds the responsible organisation for a point, over all UK boundaries.

Reads the areas in the configured database (run `commonweal load-reference` first; `make
bench` does). Reports index build time and memory, single-point `responsible()` latency
(p50, p99), batched throughput, and the ratio to a naive loop over every polygon.
"""

import random
import statistics
import sys
import time
from pathlib import Path

# Put bench/ last on the path: bench/queue.py would otherwise hide the standard `queue`.
BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR] + [str(BENCH_DIR)]
from _setup import django_setup, write_results

# The UK's bounding box, so a share of points falls at sea and is answered "nobody".
LAT_RANGE, LON_RANGE = (49.9, 60.9), (-8.2, 1.8)
FUNCTION = "waste-collection"


def random_points(n: int, seed: int) -> tuple[list[float], list[float]]:
    rng = random.Random(seed)
    return (
        [rng.uniform(*LAT_RANGE) for _ in range(n)],
        [rng.uniform(*LON_RANGE) for _ in range(n)],
    )


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 10) - 1]


def resident_mib() -> float:
    """This process's resident memory (GEOS allocates outside Python's tracemalloc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    django_setup()
    from commonweal.organisations import places

    rss_before = resident_mib()
    started = time.perf_counter()
    index = places.build_index()
    index.responsible(52.2, 0.12, FUNCTION)  # builds the per-function tree too
    build_s = time.perf_counter() - started
    build_mib = resident_mib() - rss_before
    if len(index) == 0:
        sys.exit("No areas in the database: run `commonweal load-reference` first.")

    lats, lons = random_points(20_000, seed=1)
    places.responsible(lats[0], lons[0], FUNCTION)  # warm the process index
    latencies = []
    for lat, lon in zip(lats, lons, strict=True):
        t0 = time.perf_counter_ns()
        places.responsible(lat, lon, FUNCTION)
        latencies.append((time.perf_counter_ns() - t0) / 1e6)
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)

    batch_lats, batch_lons = random_points(500_000, seed=2)
    t0 = time.perf_counter()
    answers = index.responsible_many(batch_lats, batch_lons, FUNCTION)
    batch_s = time.perf_counter() - t0
    batch_rate = len(batch_lats) / batch_s
    covered = sum(a is not None for a in answers) / len(answers)

    naive_n = 2_000
    t0 = time.perf_counter()
    for lat, lon in zip(lats[:naive_n], lons[:naive_n], strict=True):
        index.naive_responsible(lat, lon, FUNCTION)
    naive_rate = naive_n / (time.perf_counter() - t0)

    # The index and the naive loop must agree, or the speed means nothing.
    sample = list(zip(lats[:naive_n], lons[:naive_n], strict=True))
    batch_sample = index.responsible_many(lats[:naive_n], lons[:naive_n], FUNCTION)
    disagreements = sum(
        len(
            {
                index.responsible(lat, lon, FUNCTION),
                batched,
                index.naive_responsible(lat, lon, FUNCTION),
            }
        )
        > 1
        for (lat, lon), batched in zip(sample, batch_sample, strict=True)
    )

    write_results(
        "places",
        [
            {"what": "areas indexed", "value": len(index), "unit": "areas"},
            {"what": "index build", "value": build_s * 1000, "unit": "ms"},
            {"what": "index memory (resident growth)", "value": build_mib, "unit": "MiB"},
            {"what": "single responsible() p50", "value": p50, "unit": "ms"},
            {
                "what": "single responsible() p99",
                "value": p99,
                "unit": "ms",
                "target": "< 1 ms",
                "met": p99 < 1,
            },
            {
                "what": "batched responsible_many()",
                "value": batch_rate,
                "unit": "points/s",
                "target": ">= 100,000 points/s",
                "met": batch_rate >= 100_000,
            },
            {"what": "naive loop over all polygons", "value": naive_rate, "unit": "points/s"},
            {
                "what": "batched / naive",
                "value": batch_rate / naive_rate,
                "unit": "x",
                "target": ">= 50x",
                "met": batch_rate / naive_rate >= 50,
            },
            {"what": "points covered (rest at sea)", "value": covered * 100, "unit": "%"},
            {
                "what": "single, batched and naive answers disagreeing",
                "value": disagreements,
                "unit": f"of {naive_n}",
                "met": disagreements == 0,
            },
        ],
    )


if __name__ == "__main__":
    main()
