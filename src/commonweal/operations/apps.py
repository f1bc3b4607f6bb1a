from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the platform: serving, health and metrics, back-up and restore."""

    name = "commonweal.operations"
    label = "operations"
