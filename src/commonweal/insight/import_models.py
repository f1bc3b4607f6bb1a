"""The record of one historical-case import: what file, for whom, how far it got."""

from django.conf import settings
from django.db import models

from commonweal.organisations.models import Organisation


class ImportRun(models.Model):
    """One CSV file imported for one organisation, batch by batch.

    A file is known by its SHA-256 and the organisation: importing it again resumes after
    `rows_done` (the valid rows already written, in file order), so no case is made twice.
    """

    class Status(models.TextChoices):
        CHECKED = "checked", "Checked, waiting to be imported"
        REFUSED = "refused", "Refused: nothing written"
        RUNNING = "running", "Importing"
        STOPPED = "stopped", "Stopped part-way: run it again to finish"
        DONE = "done", "Imported"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="import_runs"
    )
    file_name = models.CharField(max_length=255, blank=True)
    file_hash = models.CharField(max_length=64, help_text="SHA-256 of the file, in hex.")
    mapping = models.JSONField(help_text="The mapping from the file's columns and categories.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    rows_total = models.PositiveIntegerField(default=0, help_text="Rows of cases in the file.")
    rows_done = models.PositiveIntegerField(default=0, help_text="Rows written so far.")
    batch_size = models.PositiveIntegerField(default=5000)
    errors = models.JSONField(
        default=list, blank=True, help_text="The first problems found: [line, message] pairs."
    )
    error_count = models.PositiveIntegerField(default=0)
    notices = models.JSONField(default=list, blank=True, help_text="Columns left out, and why.")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "file_hash"], name="one_import_run_per_file"
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_name or self.file_hash[:12]} for {self.organisation}"

    @property
    def percent_done(self) -> int:
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0
