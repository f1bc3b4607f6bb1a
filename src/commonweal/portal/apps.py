from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "commonweal.portal"
    label = "portal"
