from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "commonweal.commissioning"
    label = "commissioning"
    verbose_name = "Commissioning"
