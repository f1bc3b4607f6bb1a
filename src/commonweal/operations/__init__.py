"""Running a Commonweal site: `commonweal serve`, /healthz and /metrics, and backing up and
restoring the database and the media files."""
