"""gunicorn's settings and hooks for `commonweal serve` (loaded as python:<this module>).

The command line `serve` builds sets the bind address, workers and threads; this module
sets what does not change: logs through Commonweal's formatter (JSON unless LOG_FORMAT says
text), no separate access log (the application logs each request once, with its route and
request id), and the bookkeeping for Prometheus' multi-process mode. It imports no Django.
"""

import logging
import os
import shutil
from pathlib import Path

from commonweal.core.logs import logging_config

OWNED_DIR = "COMMONWEAL_METRICS_DIR_OWNED"

worker_class = "gthread"
keepalive = 5
accesslog = None
logconfig_dict = logging_config(
    form="text" if os.environ.get("LOG_FORMAT", "json").strip().lower() == "text" else "json",
    level=os.environ.get("LOG_LEVEL", "INFO").upper(),
)
# gunicorn's access line holds the full URL (a query string may carry an e-mail address),
# the client's address and its user agent: off. commonweal.request logs each request.
logconfig_dict["loggers"]["gunicorn.access"] = {
    "handlers": [],
    "propagate": False,
    "level": "CRITICAL",
}


def _metrics_dir() -> Path | None:
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return Path(path) if path else None


def on_starting(server) -> None:
    """Route warnings through logging; start with no counts left from an earlier run."""
    # Python's warnings as log records (logger py.warnings), so stderr holds only JSON
    # lines; the workers, forked from here, inherit it.
    logging.captureWarnings(True)
    path = _metrics_dir()
    if path is None:
        return
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink()


def child_exit(server, worker) -> None:
    if _metrics_dir() is not None:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def on_exit(server) -> None:
    """Remove the metrics directory `serve` made for this run (never one given to it)."""
    path = _metrics_dir()
    if path is not None and os.environ.get(OWNED_DIR) == "1":
        shutil.rmtree(path, ignore_errors=True)
