"""The worker loop behind `commonweal worker`: run due tasks one after another until told to stop.

SIGTERM or SIGINT (Ctrl+C) asks it to stop: it finishes the task in hand, commits, and
exits. A second signal stops it at once; the task in hand then rolls back and runs again
on the next worker (see runner.py). A database that goes away is waited for, not fatal.
"""

import logging
import signal
import time
from collections.abc import Collection
from types import FrameType

from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone

from commonweal.jobs import runner
from commonweal.jobs.models import Attempt

logger = logging.getLogger("commonweal.jobs")
NAP_SECONDS = 0.1


class Worker:
    def __init__(
        self,
        *,
        worker_id: str,
        backend: str,
        queues: Collection[str],
        interval: float,
        max_attempts: int,
        retry_seconds: float,
        max_tasks: int | None = None,
        batch: bool = False,
    ) -> None:
        self.worker_id = worker_id
        self.backend = backend
        self.queues = sorted(queues)
        self.interval = interval
        self.max_attempts = max_attempts
        self.retry_seconds = retry_seconds
        self.max_tasks = max_tasks
        self.batch = batch
        self.stopping = False
        self.ran = 0

    def run(self) -> int:
        """Run tasks until stopped (or, with `batch`, until none is due); return how many ran."""
        for sign in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sign, self._stop)
        logger.info(
            "Worker %s started: queues %s, up to %d attempts a task, retries after %g s doubling.",
            *(self.worker_id, ", ".join(self.queues), self.max_attempts, self.retry_seconds),
        )
        while not self.stopping:
            try:
                ran = self._step()
            except DatabaseError as problem:  # down, restarting, or SQLite busy past its timeout
                logger.warning("Database unavailable (%s); trying again shortly.", problem)
                connections.close_all()
                self._nap(max(self.interval, 1.0))
                continue
            if ran is None:
                if self.batch:
                    logger.info("No task is due: worker %s stops.", self.worker_id)
                    break
                self._nap(self.interval)
            elif self.max_tasks is not None and self.ran >= self.max_tasks:
                logger.info("Worker %s has made %d attempts: it stops.", self.worker_id, self.ran)
                break
        logger.info("Worker %s stopped after %d attempts.", self.worker_id, self.ran)
        return self.ran

    def _step(self) -> runner.Ran | None:
        close_old_connections()
        ran = runner.run_next(
            worker_id=self.worker_id,
            backend=self.backend,
            queues=self.queues,
            max_attempts=self.max_attempts,
            retry_seconds=self.retry_seconds,
        )
        if ran is not None:
            self.ran += 1
            _report(ran)
        return ran

    def _nap(self, seconds: float) -> None:
        """Sleep in short naps, so a stop request is answered within a tenth of a second."""
        until = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < until:
            time.sleep(min(NAP_SECONDS, max(0.0, until - time.monotonic())))

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping:
            logger.warning("%s again: stopping now.", signal.Signals(signum).name)
            raise SystemExit(1)
        logger.info(
            "%s: worker %s finishes the task in hand, then stops.",
            *(signal.Signals(signum).name, self.worker_id),
        )
        self.stopping = True


def _report(ran: runner.Ran) -> None:
    what = f"Task {ran.task_path} ({ran.result_id}) attempt {ran.attempt}"
    extra = {"task": ran.task_path, "task_id": ran.result_id}
    if ran.outcome == Attempt.Outcome.SUCCEEDED:
        logger.info("%s succeeded in %.2f s.", what, ran.seconds, extra=extra)
    elif ran.outcome == Attempt.Outcome.RETRYING:
        wait = (ran.retry_at - timezone.now()).total_seconds() if ran.retry_at else 0.0
        logger.warning(
            "%s failed (%s); it runs again in %.1f s.", what, ran.error, max(wait, 0), extra=extra
        )
    else:
        logger.error("%s failed (%s); that was the last attempt.", what, ran.error, extra=extra)
