from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "commonweal.demo"
    label = "demo"
    verbose_name = "Demonstration content"
