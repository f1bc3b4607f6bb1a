"""The record of one open-data file: whose cases, which format, how big, when made."""

from django.db import models

from commonweal.organisations.models import Organisation


class OpenDataFile(models.Model):
    """An organisation's anonymised cases in one format, as last made by `insight.open_data`.

    The file itself lives in the default storage under `name`; each making writes a new
    name and then points this record at it, so a download never reads a half-written file.
    """

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSON = "json", "JSON"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="open_data_files"
    )
    format = models.CharField(max_length=4, choices=Format.choices)
    name = models.CharField(max_length=255, help_text="Where the file is in the storage.")
    rows = models.PositiveIntegerField(help_text="Cases in the file.")
    bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the file, in hex.")
    made_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "format"], name="one_open_data_file_per_format"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} cases.{self.format} made {self.made_at:%Y-%m-%d %H:%M}"
