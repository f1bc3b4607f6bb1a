from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "commonweal.cases"
    label = "cases"
