from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "commonweal.strategy"
    label = "strategy"
    verbose_name = "Strategy"
