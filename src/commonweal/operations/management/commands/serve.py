"""`commonweal serve`: the production web server, gunicorn, with static files from WhiteNoise.

One worker process per CPU (WEB_CONCURRENCY or --workers to change it), each with a few
threads (gthread). Binds to --bind, else 0.0.0.0:$PORT when PORT is set, else
127.0.0.1:8000. Collects static files first when they have not been collected.
The process becomes gunicorn (exec): signals reach gunicorn's master directly.
"""

import os
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonweal.operations.gunicorn_config import OWNED_DIR

DEFAULT_THREADS = 2
DEFAULT_TIMEOUT = 30


def cpu_count() -> int:
    """CPUs this process may run on (a container's share, where the OS says so)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(option: int | None, environ: dict[str, str]) -> int:
    """--workers, else WEB_CONCURRENCY, else one per CPU."""
    if option is not None:
        return option
    if value := environ.get("WEB_CONCURRENCY", "").strip():
        try:
            workers = int(value)
        except ValueError:
            raise CommandError(f"WEB_CONCURRENCY must be a whole number, not {value!r}.") from None
        if workers < 1:
            raise CommandError("WEB_CONCURRENCY must be at least 1.")
        return workers
    return cpu_count()


def bind_address(option: str | None, environ: dict[str, str]) -> str:
    if option:
        return option
    if port := environ.get("PORT", "").strip():
        return f"0.0.0.0:{port}"  # a platform that sets PORT routes traffic to it
    return "127.0.0.1:8000"


def gunicorn_argv(*, bind: str, workers: int, threads: int, timeout: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "commonweal.wsgi:application",
        "--config=python:commonweal.operations.gunicorn_config",
        f"--bind={bind}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        f"--timeout={timeout}",
    ]


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = "Run the production web server (gunicorn and WhiteNoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", help="HOST:PORT (default: 0.0.0.0:$PORT or 127.0.0.1:8000)")
        parser.add_argument(
            "--workers", type=_positive, help="worker processes (default: WEB_CONCURRENCY or CPUs)"
        )
        parser.add_argument(
            "--threads",
            type=_positive,
            default=DEFAULT_THREADS,
            help=f"threads per worker (default {DEFAULT_THREADS})",
        )
        parser.add_argument(
            "--timeout",
            type=_positive,
            default=DEFAULT_TIMEOUT,
            help=f"seconds before a silent worker is restarted (default {DEFAULT_TIMEOUT})",
        )
        static = parser.add_mutually_exclusive_group()
        static.add_argument(
            "--collectstatic", action="store_true", help="collect static files even if collected"
        )
        static.add_argument(
            "--skip-collectstatic", action="store_true", help="never collect static files"
        )

    def handle(self, *args, **options) -> None:
        if settings.DEBUG:
            raise CommandError(
                "DEBUG is on: `commonweal serve` is the production server and will not run "
                "with debug pages, which show settings and code to anyone. Unset DEBUG, or "
                "use `commonweal runserver` for development."
            )
        environ = dict(os.environ)
        argv = gunicorn_argv(
            bind=bind_address(options["bind"], environ),
            workers=worker_count(options["workers"], environ),
            threads=options["threads"],
            timeout=options["timeout"],
        )
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        missing = not manifest.exists()
        if options["collectstatic"] or (missing and not options["skip_collectstatic"]):
            self.stderr.write("Collecting static files…")
            call_command("collectstatic", interactive=False, verbosity=0)
        if not environ.get("PROMETHEUS_MULTIPROC_DIR"):
            environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="commonweal-metrics-")
            environ[OWNED_DIR] = "1"
        environ.setdefault("DJANGO_SETTINGS_MODULE", "commonweal.settings")
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(sys.executable, argv, environ)  # noqa: S606  (our own gunicorn, fixed arguments)  # nosec B606
