from django.apps import AppConfig


class CommonsConfig(AppConfig):
    name = "commonweal.commons"
    label = "commons"
