"""Targets: a level per theme and a value per outcome measure, each by a future date."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commonweal.strategy import targets
from commonweal.strategy.models import OutcomeTarget, Target
from commonweal.strategy.targets import TargetRefused


def test_the_default_due_date_is_five_years_on():
    assert targets.default_due_date(date(2026, 11, 28)) == date(2031, 11, 28)
    assert targets.default_due_date(date(2028, 2, 29)) == date(2033, 2, 28)


def test_a_target_is_due_five_years_on_unless_given(council):
    target = targets.set_target(
        organisation=council.org, theme="redesign", level=4, actor=council.cio
    )

    assert target.due_on == targets.default_due_date()
    assert target.set_by == council.cio


def test_a_new_target_supersedes_the_current_one_which_is_kept(council):
    first = targets.set_target(
        organisation=council.org, theme="redesign", level=3, actor=council.cio
    )
    second = targets.set_target(
        organisation=council.org, theme="redesign", level=4, actor=council.admin
    )

    first.refresh_from_db()
    assert first.superseded_at is not None
    assert targets.current_targets(organisation=council.org) == {"redesign": second}
    assert Target.objects.count() == 2


def test_setting_the_same_target_again_changes_nothing(council):
    due = timezone.localdate() + timedelta(days=400)
    first = targets.set_target(
        organisation=council.org, theme="redesign", level=3, due_on=due, actor=council.cio
    )
    again = targets.set_target(
        organisation=council.org, theme="redesign", level=3, due_on=due, actor=council.cio
    )

    assert again == first
    assert Target.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"level": 0}, "from 1 to 5"),
        ({"level": 6}, "from 1 to 5"),
        ({"due_on": date(2020, 1, 1)}, "must be in the future"),
        ({"due_on": "today"}, "must be in the future"),
        ({"theme": "astrology"}, "no theme"),
    ],
)
def test_bad_targets_are_refused_with_a_reason_and_change_nothing(council, values, message):
    if values.get("due_on") == "today":
        values["due_on"] = timezone.localdate()
    existing = targets.set_target(
        organisation=council.org, theme="redesign", level=3, actor=council.cio
    )
    arguments = {"theme": "redesign", "level": 4} | values

    with pytest.raises(TargetRefused, match=message):
        targets.set_target(organisation=council.org, actor=council.cio, **arguments)

    assert list(Target.objects.all()) == [existing]
    existing.refresh_from_db()
    assert existing.superseded_at is None


@pytest.mark.parametrize("who", ["caseworker", "stranger"])
def test_only_executives_and_administrators_set_targets(council, who):
    with pytest.raises(TargetRefused, match="Only executives and administrators"):
        targets.set_target(
            organisation=council.org, theme="redesign", level=4, actor=getattr(council, who)
        )
    with pytest.raises(TargetRefused, match="Only executives and administrators"):
        targets.set_outcome_target(
            organisation=council.org, measure="online-share", value=80, actor=getattr(council, who)
        )
    assert not Target.objects.exists() and not OutcomeTarget.objects.exists()


def test_an_outcome_target_supersedes_the_current_one(council):
    first = targets.set_outcome_target(
        organisation=council.org, measure="online-share", value="70", actor=council.cio
    )
    second = targets.set_outcome_target(
        organisation=council.org, measure="online-share", value="75.5", actor=council.cio
    )

    first.refresh_from_db()
    assert first.superseded_at is not None
    assert second.value == Decimal("75.5")
    assert second.due_on == targets.default_due_date()
    assert targets.current_outcome_targets(organisation=council.org) == {"online-share": second}


@pytest.mark.parametrize(
    ("measure", "value", "message"),
    [
        ("online-share", "120", "from 0 to 100"),
        ("online-share", "-1", "from 0 to 100"),
        ("online-share", "lots", "as a number"),
        ("resident-satisfaction", "6", "from 1 to 5"),
        ("assets-adopted", "2.5", "whole number"),
        ("cost-per-transaction", "-3", "0 or more"),
        ("unknown", "3", "no outcome measure"),
    ],
)
def test_bad_outcome_targets_are_refused(council, measure, value, message):
    with pytest.raises(TargetRefused, match=message):
        targets.set_outcome_target(
            organisation=council.org, measure=measure, value=value, actor=council.cio
        )
    assert not OutcomeTarget.objects.exists()


def test_an_outcome_target_in_the_past_is_refused(council):
    with pytest.raises(TargetRefused, match="must be in the future"):
        targets.set_outcome_target(
            organisation=council.org, measure="online-share", value=80,
            due_on=timezone.localdate() - timedelta(days=1), actor=council.cio,
        )  # fmt: skip
    assert not OutcomeTarget.objects.exists()
