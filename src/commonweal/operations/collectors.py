"""What /metrics reports besides requests: open cases by state and tasks waiting, when scraped.

Open cases only: they are the work in hand, a few per cent of all cases, and the partial
indexes on `closed_at IS NULL` find them without reading the closed majority. Counting every
case by state would read the whole table on every scrape (a sequential scan of a million
rows, which the query plan test forbids); closed cases are counted by the insight rollups.
Each worker keeps the answer for CASE_COUNT_SECONDS rather than count on every scrape.
"""

import logging
import threading
import time
from collections.abc import Iterator

from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from commonweal.cases.models import Case
from commonweal.operations import health

logger = logging.getLogger(__name__)

CASE_COUNT_SECONDS = 30.0
_cached: tuple[float, dict[str, int]] | None = None
_lock = threading.Lock()


def open_cases_by_state(*, now: float | None = None) -> dict[str, int]:
    """Open cases in each state (every organisation), counted at most every CASE_COUNT_SECONDS."""
    global _cached
    now = time.monotonic() if now is None else now
    with _lock:
        if _cached is not None and now - _cached[0] < CASE_COUNT_SECONDS:
            return _cached[1]
        rows = (
            Case.objects.filter(closed_at__isnull=True)
            .values("state")
            .annotate(n=Count("*"))
            .order_by()
        )
        counts = {row["state"]: row["n"] for row in rows}
        _cached = (now, counts)
        return counts


def forget_case_counts() -> None:
    global _cached
    with _lock:
        _cached = None


class PlatformCollector(Collector):
    """Gauges computed when scraped, in the process that answers the scrape."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            counts, ready = open_cases_by_state(), health.ready_tasks()
        except Exception as error:  # the request metrics are still worth a scrape
            logger.warning("metrics: counts not read: %s", type(error).__name__)
            return
        cases = GaugeMetricFamily(
            "commonweal_open_cases", "Open cases in each workflow state.", labels=["state"]
        )
        for state, n in sorted(counts.items()):
            cases.add_metric([state], n)
        yield cases
        if ready is not None:
            depth = GaugeMetricFamily(
                "commonweal_task_queue_ready",
                "Tasks enqueued and waiting for a worker, by queue.",
                labels=["queue"],
            )
            for queue, n in sorted(ready.items()):
                depth.add_metric([queue], n)
            yield depth
