"""Whether a task's failed attempt will be tried again, so it knows what to record."""

from django.conf import settings
from django_tasks import TaskContext


def will_be_retried(context: TaskContext) -> bool:
    """True when a worker runs this task again if this attempt raises.

    Only the database queue (`TASKS_BACKEND=database`) retries, waiting longer each time,
    up to TASKS_MAX_ATTEMPTS attempts; the in-process default runs a task once, so a task
    there must record its failure itself.
    """
    return settings.TASKS_BACKEND == "database" and context.attempt < settings.TASKS_MAX_ATTEMPTS
