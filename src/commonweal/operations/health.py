"""Whether this web worker can do its work: the database answers and the task queue is reachable.

The task queue is reachable when its backend's storage answers: in-process backends
(immediate, dummy) always are; the database backend (django-tasks-db) when a count on its
table answers. Other backends are reported by name and not checked.
"""

import logging

from django.db import connection
from django_tasks import task_backends

logger = logging.getLogger(__name__)

IN_PROCESS = frozenset({"ImmediateBackend", "DummyBackend"})
DATABASE = "DatabaseBackend"


def database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as error:  # any failure means "not reachable"; the kind is logged
        logger.warning("database check failed: %s", type(error).__name__)
        return False


def queue_backend(alias: str = "default") -> str:
    """ "in-process", "database", or the backend's class name."""
    name = type(task_backends[alias]).__name__
    if name in IN_PROCESS:
        return "in-process"
    if name == DATABASE:
        return "database"
    return name


def queue(alias: str = "default") -> bool:
    try:
        kind = queue_backend(alias)
        if kind == "database":
            ready_tasks(alias)
        return True
    except Exception as error:
        logger.warning("task queue check failed: %s", type(error).__name__)
        return False


def ready_tasks(alias: str = "default") -> dict[str, int] | None:
    """Tasks waiting to run, by queue name, for a backend with a table; None otherwise."""
    if queue_backend(alias) != "database":
        return None
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult  # installed with the database backend

    rows = (
        DBTaskResult.objects.filter(status="READY", backend_name=alias)
        .values("queue_name")
        .annotate(n=Count("*"))
        .order_by()
    )
    return {row["queue_name"]: row["n"] for row in rows}


def report() -> tuple[bool, dict[str, str]]:
    """(healthy, the JSON body) for /healthz."""
    checks = {"database": database(), "queue": queue()}
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "error",
        **{name: "ok" if ok else "error" for name, ok in checks.items()},
        "queue_backend": _safe_backend(),
    }
    return healthy, body


def _safe_backend() -> str:
    try:
        return queue_backend()
    except Exception:
        return "unknown"
