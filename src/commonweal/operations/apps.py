from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the platform: `commonweal serve`, /healthz and /metrics."""

    name = "commonweal.operations"
    label = "operations"
