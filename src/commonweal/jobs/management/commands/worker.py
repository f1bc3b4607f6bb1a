"""`commonweal worker`: run queued background tasks (TASKS_BACKEND=database) until stopped."""

import os
import socket
from argparse import ArgumentParser

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend

from commonweal.jobs.worker import Worker


class Command(BaseCommand):
    help = (
        "Run the tasks queued in the database (notifications, imports, rollups, PDF builds), "
        "retrying failures with backoff. SIGTERM finishes the task in hand, then stops. "
        "Run as many workers as you like, on any machine that reaches the database."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--queue",
            action="append",
            dest="queues",
            help="A queue to take tasks from (repeatable). Default: every queue in TASKS.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait when no task is due before looking again (default 1).",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Stop as soon as no task is due (for cron)."
        )
        parser.add_argument("--max-tasks", type=int, help="Stop after this many attempts.")
        parser.add_argument(
            "--worker-id",
            default=f"{socket.gethostname()[:50]}-{os.getpid()}",
            help="A name for this worker, unique among workers (default: host and process id).",
        )

    def handle(self, *args: object, **options: object) -> None:
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            raise CommandError(
                f"TASKS_BACKEND is {settings.TASKS_BACKEND!r}: tasks run as they are enqueued, "
                "in the process that enqueues them, so there is nothing for a worker to do. "
                "Set TASKS_BACKEND=database to queue them for workers."
            )
        queues = options["queues"] or sorted(backend.queues)
        unknown = sorted(set(queues) - set(backend.queues))
        if unknown:
            raise CommandError(f"No such queue in TASKS: {', '.join(unknown)}.")
        worker_id = str(options["worker_id"])
        if not worker_id or len(worker_id) > 64:
            raise CommandError("A worker id has 1 to 64 characters.")
        Worker(
            worker_id=worker_id,
            backend=DEFAULT_TASK_BACKEND_ALIAS,
            queues=queues,
            interval=max(0.0, float(options["interval"])),
            max_attempts=settings.TASKS_MAX_ATTEMPTS,
            retry_seconds=settings.TASKS_RETRY_SECONDS,
            max_tasks=options["max_tasks"],
            batch=bool(options["batch"]),
        ).run()
