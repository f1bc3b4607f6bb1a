"""Tasks for the worker's tests only: they write a row, so a test can count what committed."""

import time
from pathlib import Path

from django.contrib.auth.models import Group
from django_tasks import TaskContext, task


@task()
def write_then_sleep(*, label: str, marker: str, seconds: float) -> int:
    """Add a group called `label`; the first time (no marker file yet), then sleep `seconds`.

    The marker file is written after the row, outside the database, so a test knows the
    worker is mid-way: its write made but not committed.
    """
    Group.objects.create(name=label)
    first = not Path(marker).exists()
    Path(marker).write_text(label)
    if first:
        time.sleep(seconds)
    return Group.objects.filter(name=label).count()


@task(takes_context=True)
def fail_until(context: TaskContext, *, label: str, succeed_on: int) -> int:
    """Add a group for this attempt, then fail unless this is attempt `succeed_on`."""
    Group.objects.create(name=f"{label} attempt {context.attempt}")
    if context.attempt < succeed_on:
        raise RuntimeError(f"{label}: attempt {context.attempt} fails on purpose")
    return context.attempt
