"""The targets pages: setting a theme's level and an outcome measure's value by a date."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commonweal.strategy.models import OutcomeTarget, Target
from commonweal.strategy.targets import default_due_date


def url(council, tail: str = "") -> str:
    return f"/strategy/{council.org.slug}/targets/{tail}"


def due(day) -> dict[str, str]:
    return {"due_day": str(day.day), "due_month": str(day.month), "due_year": str(day.year)}


def test_the_form_starts_five_years_on(client, council):
    client.force_login(council.cio)

    page = client.get(url(council, "themes/redesign/")).content.decode()

    assert f'value="{default_due_date().year}"' in page


def test_setting_a_theme_target(client, council):
    client.force_login(council.cio)
    when = timezone.localdate() + timedelta(days=800)

    response = client.post(
        url(council, "themes/redesign/"), {"level": "4", **due(when)}, follow=True
    )

    assert "The target for redesign is set" in response.content.decode()
    target = Target.objects.get()
    assert (target.level, target.due_on, target.set_by) == (4, when, council.cio)


def form(day: str, month: str, year: str, level: str = "4") -> dict[str, str]:
    return {"level": level, "due_day": day, "due_month": month, "due_year": year}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form("1", "1", "2020"), "must be in the future"),
        (form("31", "2", "2031"), "must be a real date"),
        (form("", "2", ""), "must include a day and year"),
        (form("1", "1", "2040", level="7"), "Choose a level from 1 to 5"),
    ],
)
def test_bad_theme_targets_are_refused_and_what_was_typed_is_kept(client, council, data, message):
    client.force_login(council.cio)

    response = client.post(url(council, "themes/redesign/"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert f'value="{data["due_month"]}"' in page
    assert not Target.objects.exists()


def test_setting_an_outcome_target(client, council):
    client.force_login(council.admin)
    when = timezone.localdate() + timedelta(days=800)

    response = client.post(
        url(council, "measures/online-share/"), {"value": "75", **due(when)}, follow=True
    )

    assert "The target for requests made online is set" in response.content.decode()
    assert "75.0%" in response.content.decode()
    assert OutcomeTarget.objects.get().value == 75


def test_an_outcome_target_out_of_range_is_refused(client, council):
    client.force_login(council.cio)

    response = client.post(
        url(council, "measures/online-share/"), {"value": "140", **due(default_due_date())}
    )

    assert "Enter a target from 0 to 100 (per cent)" in response.content.decode()
    assert not OutcomeTarget.objects.exists()


def test_a_caseworker_sees_the_targets_but_cannot_set_them(client, council):
    client.force_login(council.caseworker)

    listing = client.get(url(council)).content.decode()
    response = client.post(
        url(council, "themes/redesign/"), {"level": "4", **due(default_due_date())}
    )

    assert "No target set" in listing and "Change" not in listing
    assert response.status_code == 403
    assert not Target.objects.exists()


def test_a_stranger_gets_404(client, council):
    client.force_login(council.stranger)

    assert client.get(url(council)).status_code == 404
    response = client.post(
        url(council, "themes/redesign/"), {"level": "4", **due(default_due_date())}
    )
    assert response.status_code == 404
    assert not Target.objects.exists()


def test_an_unknown_theme_or_measure_answers_404(client, council):
    client.force_login(council.cio)

    assert client.get(url(council, "themes/astrology/")).status_code == 404
    assert client.get(url(council, "measures/happiness/")).status_code == 404
