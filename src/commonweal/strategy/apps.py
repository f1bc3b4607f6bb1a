from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "commonweal.strategy"
    label = "strategy"
    verbose_name = "Strategy"

    def ready(self) -> None:
        from commonweal.commissioning.signals import interest_registered
        from commonweal.strategy.signals import draft_initiative_for_interest

        interest_registered.connect(
            draft_initiative_for_interest, dispatch_uid="strategy-draft-initiative-for-interest"
        )
