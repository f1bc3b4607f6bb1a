from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "commonweal.workspace"
    label = "workspace"
