"""Targets: the level an organisation commits to reach in each theme, and the values it
commits to for the outcome measures, each by a date (five years on unless it says).

Setting a target supersedes the current one, which is kept as history.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from commonweal.organisations.models import Organisation
from commonweal.strategy import measures
from commonweal.strategy.framework import load_framework
from commonweal.strategy.models import OutcomeTarget, Target
from commonweal.strategy.permissions import can_manage_strategy

YEARS_AHEAD = 5


class TargetRefused(ValueError):
    """A target that cannot be set; `field` names the part at fault ("level", "due_on")."""

    def __init__(self, message: str, field: str = "") -> None:
        self.message = message
        self.field = field
        super().__init__(message)


def default_due_date(today: date | None = None) -> date:
    """Five years on from today (28 February for a 29 February)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def _check_actor(actor, organisation: Organisation) -> None:
    if not can_manage_strategy(actor, organisation):
        raise TargetRefused(
            f"Only executives and administrators of {organisation.name} can set its targets. "
            "Ask one of them to give you that role."
        )


def _check_due(due_on: date) -> None:
    if due_on <= timezone.localdate():
        raise TargetRefused(
            "The date the target is due must be in the future: give a later date.",
            field="due_on",
        )


def current_targets(*, organisation: Organisation) -> dict[str, Target]:
    """The organisation's current target for each theme that has one."""
    found = Target.objects.filter(organisation=organisation, superseded_at__isnull=True)
    return {target.theme: target for target in found}


def set_target(
    *, organisation: Organisation, theme: str, level: int, due_on: date | None = None, actor
) -> Target:
    """Commit to reach `level` in the theme by `due_on` (default five years on)."""
    _check_actor(actor, organisation)
    due_on = due_on or default_due_date()
    framework = load_framework()
    if theme not in framework.theme_keys:
        raise TargetRefused(f"There is no theme “{theme}” in the framework.", field="theme")
    if type(level) is not int or not 1 <= level <= 5:
        raise TargetRefused("Choose a target level from 1 to 5.", field="level")
    _check_due(due_on)
    with transaction.atomic():
        current = (
            Target.objects.select_for_update()
            .filter(organisation=organisation, theme=theme, superseded_at__isnull=True)
            .first()
        )
        if current is not None and (current.level, current.due_on) == (level, due_on):
            return current
        if current is not None:
            current.superseded_at = timezone.now()
            current.save(update_fields=["superseded_at"])
        return Target.objects.create(
            organisation=organisation, theme=theme, level=level, due_on=due_on, set_by=actor
        )


def current_outcome_targets(*, organisation: Organisation) -> dict[str, OutcomeTarget]:
    found = OutcomeTarget.objects.filter(organisation=organisation, superseded_at__isnull=True)
    return {target.measure: target for target in found}


def checked_value(measure: measures.Measure, value) -> Decimal:
    """The value as a number within the measure's range; TargetRefused otherwise."""
    try:
        number = Decimal(str(value).strip().replace(",", "").lstrip("£").rstrip("%"))
    except InvalidOperation:
        number = Decimal("NaN")
    unit = measure.unit
    if not number.is_finite():
        raise TargetRefused(f"Enter the target as a number, like {_example(unit)}.", "value")
    too_high = unit.maximum is not None and number > unit.maximum
    if number < unit.minimum or too_high:
        if unit.maximum is None:
            raise TargetRefused(f"Enter a target of {unit.minimum} or more.", field="value")
        limits = f"from {unit.minimum} to {unit.maximum}"
        raise TargetRefused(f"Enter a target {limits} ({unit.label}).", field="value")
    if number != round(number, 4):
        raise TargetRefused("Enter the target with no more than 4 decimal places.", "value")
    if unit.places == 0 and number != number.to_integral_value():
        raise TargetRefused("Enter the target as a whole number.", field="value")
    return number


def _example(unit: measures.Unit) -> str:
    return {"percent": "75", "pounds": "3.50", "out-of-five": "4.2"}.get(unit.key, "10")


def set_outcome_target(
    *,
    organisation: Organisation,
    measure: str,
    value: Decimal | str | int,
    due_on: date | None = None,
    actor,
) -> OutcomeTarget:
    """Commit to a value of the outcome measure by `due_on` (default five years on)."""
    _check_actor(actor, organisation)
    if measure not in measures.MEASURES:
        raise TargetRefused(f"There is no outcome measure “{measure}”.", field="measure")
    number = checked_value(measures.measure(measure), value)
    due_on = due_on or default_due_date()
    _check_due(due_on)
    with transaction.atomic():
        current = (
            OutcomeTarget.objects.select_for_update()
            .filter(organisation=organisation, measure=measure, superseded_at__isnull=True)
            .first()
        )
        if current is not None and (current.value, current.due_on) == (number, due_on):
            return current
        if current is not None:
            current.superseded_at = timezone.now()
            current.save(update_fields=["superseded_at"])
        return OutcomeTarget.objects.create(
            organisation=organisation, measure=measure, value=number, due_on=due_on, set_by=actor
        )
