"""Run one queued task: take it, run it and record what happened, all in one transaction.

The queue is django-tasks-db's table of task results. Its own `db_worker` marks a task
RUNNING in one transaction and runs it outside any: a worker killed mid-way leaves the task
RUNNING for ever, and whatever the task had written by then stays written. Here the row
lock (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL) is held until the task's writes and
its new status commit together, so:

- a worker that dies mid-task (killed, out of memory, its machine lost) commits neither.
  The database drops its connection and lock, and the task is READY again for the next
  worker: it runs to the end exactly once. No RUNNING row is left behind to sweep up, and
  no heartbeat or lease is needed to tell a dead worker from a slow one;
- other workers skip the locked row and take the next one. SQLite has no row locks but
  one writer at a time: there a running task holds the write lock, so tasks run one at a
  time (the embedded set-up runs them in-process instead; see docs/operations.md).

The price is a transaction open while a task runs, so tasks stay short: one case's
notification, one import file, one day's rollup, one PDF. What a task does outside the
database (an e-mail sent, an API called) may happen again if the worker dies after it and
before the commit: the outside world gets it at least once, the database exactly once.

A task that raises is rolled back to a savepoint, and the attempt is recorded: the task
goes back in the queue to run after a wait that doubles each time (`backoff_seconds`),
until it has had `max_attempts` attempts and is marked FAILED with its last error.
"""

import random
import time
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks.base import TaskContext, TaskResultStatus
from django_tasks.utils import get_exception_traceback, get_module_path, normalize_json
from django_tasks_db.models import DBTaskResult

from commonweal.jobs.models import Attempt

LONGEST_WAIT_SECONDS = 6 * 60 * 60


@dataclass(frozen=True)
class Ran:
    """What one attempt at a task did, for the worker to report."""

    result_id: str
    task_path: str
    attempt: int
    outcome: str
    seconds: float
    error: str = ""
    retry_at: datetime | None = None


def backoff_seconds(*, attempt: int, base: float, rng: random.Random | None = None) -> float:
    """The wait after failed attempt number `attempt` (1, 2, …): base * 2 ** (attempt - 1).

    Up to a quarter more is added at random, so that tasks which failed together (a mail
    server down for a minute) do not all come back at the same moment. Never more than six
    hours. With the jitter below a doubling, each wait is longer than the one before.
    """
    wait = base * 2 ** (attempt - 1)
    jitter = (rng or random).uniform(0, wait / 4)
    return min(wait + jitter, LONGEST_WAIT_SECONDS)


def ready_tasks(*, backend: str, queues: Collection[str]) -> QuerySet[DBTaskResult]:
    """Tasks due to run now on these queues, most urgent first (the library's order)."""
    return DBTaskResult.objects.ready().filter(backend_name=backend, queue_name__in=queues)


def run_next(
    *,
    worker_id: str,
    backend: str,
    queues: Collection[str],
    max_attempts: int,
    retry_seconds: float,
) -> Ran | None:
    """Run the next due task, if there is one, and say what happened."""
    tasks = ready_tasks(backend=backend, queues=queues)
    if not tasks.exists():  # a plain read: an idle worker takes no lock
        return None
    with transaction.atomic():
        row = tasks.select_for_update(skip_locked=True).first()
        if row is None:
            return None
        return _attempt(row, worker_id=worker_id, max_attempts=max_attempts, base=retry_seconds)


def _attempt(row: DBTaskResult, *, worker_id: str, max_attempts: int, base: float) -> Ran:
    started_at = timezone.now()
    clock = time.monotonic()
    row.status = TaskResultStatus.RUNNING
    row.started_at = started_at
    row.worker_ids = [*row.worker_ids, worker_id]
    row.save(update_fields=["status", "started_at", "worker_ids"])
    number = len(row.worker_ids)
    error, retry_at = "", None
    try:
        with transaction.atomic():
            row.return_value = _call(row)
            row.status = TaskResultStatus.SUCCESSFUL
            row.finished_at = timezone.now()
            row.exception_class_path = row.traceback = ""
            row.save(update_fields=_OUTCOME_FIELDS)
        outcome = Attempt.Outcome.SUCCEEDED
    except Exception as problem:  # any failure of the task's own code is retried
        error = f"{get_module_path(type(problem))}: {problem}"
        row.return_value = None
        row.exception_class_path = get_module_path(type(problem))
        row.traceback = get_exception_traceback(problem)
        if number < max_attempts:
            outcome = Attempt.Outcome.RETRYING
            retry_at = timezone.now() + timedelta(
                seconds=backoff_seconds(attempt=number, base=base)
            )
            row.status, row.run_after, row.finished_at = TaskResultStatus.READY, retry_at, None
        else:
            outcome = Attempt.Outcome.FAILED
            row.status, row.finished_at = TaskResultStatus.FAILED, timezone.now()
        row.save(update_fields=[*_OUTCOME_FIELDS, "run_after"])
    Attempt.objects.create(
        result=row,
        number=number,
        worker_id=worker_id,
        started_at=started_at,
        finished_at=timezone.now(),
        outcome=outcome,
        error=error,
        retry_at=retry_at,
    )
    return Ran(
        result_id=str(row.pk),
        task_path=row.task_path,
        attempt=number,
        outcome=outcome,
        seconds=time.monotonic() - clock,
        error=error,
        retry_at=retry_at,
    )


_OUTCOME_FIELDS = ["status", "finished_at", "return_value", "exception_class_path", "traceback"]


def _call(row: DBTaskResult) -> Any:
    """Call the task's function with its arguments; its return value must be JSON."""
    task = row.task
    result = row.task_result
    if task.takes_context:
        value = task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
    else:
        value = task.call(*result.args, **result.kwargs)
    return normalize_json(value)
