from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "commonweal.organisations"
    label = "organisations"
