"""One row for each finished attempt at a queued task: what happened and when it runs again.

The queue itself is django-tasks-db's `DBTaskResult`; this table only adds the history the
library does not keep (it stores the last error alone, and never a retry time).
"""

from django.db import models
from django_tasks_db.models import DBTaskResult


class Attempt(models.Model):
    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        RETRYING = "retrying", "Failed, to be retried"
        FAILED = "failed", "Failed, given up"

    result = models.ForeignKey(DBTaskResult, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField()
    worker_id = models.CharField(max_length=64)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    error = models.TextField(blank=True, help_text="The exception's class and message.")
    retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["result", "number"]
        constraints = [
            models.UniqueConstraint(fields=["result", "number"], name="jobs_attempt_once")
        ]

    def __str__(self) -> str:
        return f"{self.result_id} attempt {self.number}: {self.outcome}"
