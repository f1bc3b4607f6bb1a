from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "commonweal.insight"
    label = "insight"
    verbose_name = "Insight"
