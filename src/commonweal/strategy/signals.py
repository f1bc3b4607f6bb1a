"""What the strategy app does when other apps tell it something (connected in `apps.py`)."""

from commonweal.strategy import route


def draft_initiative_for_interest(sender, *, interest, actor, **kwargs) -> None:
    """An organisation's interest in buying together becomes a draft initiative on its
    route (`commissioning.signals.interest_registered`, sent inside that transaction)."""
    route.draft_initiative_from_interest(interest=interest, actor=actor)
