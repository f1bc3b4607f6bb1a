from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "commonweal.services"
    label = "services"
