from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "commonweal.operations"
    label = "operations"
