"""Adoptions move forward, never twice; retired assets are not adopted; interest is one note."""

from datetime import date

import pytest
import time_machine

from commonweal.commons import adoptions
from commonweal.commons.functions import AssetInvalid, Conflict, NotAllowed
from commonweal.commons.models import Adoption, Interest, Stage
from commonweal.commons.tests.factories import (
    AdoptionFactory,
    AssetFactory,
    AssetVersionFactory,
    nothing_changes,
    staff,
)
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
Status = Adoption.Status


@pytest.fixture
def adopter():
    return OrganisationFactory(name="Adur District Council")


@pytest.fixture
def actor(adopter):
    return staff(adopter, Role.SERVICE_OWNER)


@pytest.fixture
def asset():
    asset = AssetFactory(title="Bin round planner")
    AssetVersionFactory(asset=asset, number="1.0")
    AssetVersionFactory(asset=asset, number="1.1")
    AssetVersionFactory(asset=asset, number="2.0", published=False)
    return asset


@time_machine.travel("2026-04-01 09:00 +0100", tick=False)
def test_adopting_records_the_latest_published_version_and_the_figures(adopter, actor, asset):
    adoption = adoptions.adopt(
        organisation=adopter,
        asset=asset,
        actor=actor,
        annual_saving_pounds=12_000,
        one_off_cost_pounds=3_500,
        notes=" Replaced our spreadsheet. ",
    )

    adoption.refresh_from_db()
    assert (adoption.status, adoption.version.number, adoption.started_on) == (
        "adopted",
        "1.1",
        date(2026, 4, 1),
    )
    assert (adoption.annual_saving_pounds, adoption.one_off_cost_pounds, adoption.notes) == (
        12_000,
        3_500,
        "Replaced our spreadsheet.",
    )
    assert adoption.created_by == actor


def test_an_adoption_moves_forward_and_adopting_twice_is_refused(adopter, actor, asset):
    adoptions.adopt(organisation=adopter, asset=asset, actor=actor, status=Status.INTERESTED)
    adoptions.adopt(organisation=adopter, asset=asset, actor=actor, status=Status.PILOTING)
    adoption = adoptions.adopt(organisation=adopter, asset=asset, actor=actor)
    assert adoption.status == "adopted" and Adoption.objects.count() == 1

    for status in (Status.ADOPTED, Status.PILOTING, Status.INTERESTED):
        with nothing_changes(), pytest.raises(Conflict) as refused:
            adoptions.adopt(organisation=adopter, asset=asset, actor=actor, status=status)
        assert str(refused.value) == (
            "Adur District Council has already recorded Bin round planner as adopted. "
            "Update that record instead."
        )


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        ({"status": Status.STOPPED}, AssetInvalid, "status"),
        ({"annual_saving_pounds": -5}, AssetInvalid, "annual_saving_pounds"),
        ({"one_off_cost_pounds": 12.5}, AssetInvalid, "one_off_cost_pounds"),
    ],
)
def test_bad_values_are_refused(adopter, actor, asset, changes, error, field):
    with nothing_changes(), pytest.raises(error) as refused:
        adoptions.adopt(organisation=adopter, asset=asset, actor=actor, **changes)

    assert field in refused.value.errors


def test_a_version_of_another_asset_or_a_draft_is_refused(adopter, actor, asset):
    draft = asset.versions.get(number="2.0")
    elsewhere = AssetVersionFactory()
    for version in (draft, elsewhere):
        with nothing_changes(), pytest.raises(AssetInvalid, match="is not a published version"):
            adoptions.adopt(organisation=adopter, asset=asset, actor=actor, version=version)


def test_a_retired_asset_is_refused_and_a_retiring_one_is_not(adopter, actor, asset):
    asset.stage = Stage.RETIRED
    asset.save()

    with nothing_changes(), pytest.raises(Conflict) as refused:
        adoptions.adopt(organisation=adopter, asset=asset, actor=actor)
    with nothing_changes(), pytest.raises(Conflict, match="retired"):
        adoptions.record_interest(organisation=adopter, asset=asset, actor=actor)

    assert str(refused.value) == (
        "Bin round planner is retired and cannot be adopted. Ask its owner what replaces it."
    )
    asset.stage = Stage.RETIRING
    asset.save()
    assert adoptions.adopt(organisation=adopter, asset=asset, actor=actor).status == "adopted"


def test_the_owner_does_not_adopt_its_own_asset(asset):
    owner = asset.owner_organisation

    with nothing_changes(), pytest.raises(Conflict, match="adoptions record re-use by others"):
        adoptions.adopt(organisation=owner, asset=asset, actor=staff(owner, Role.ADMIN))


def test_stopping_then_adopting_again_starts_the_same_record_afresh(adopter, actor, asset):
    with time_machine.travel("2026-01-05 09:00 +0000", tick=False):
        adoption = adoptions.adopt(organisation=adopter, asset=asset, actor=actor)
    with time_machine.travel("2026-06-30 09:00 +0100", tick=False):
        adoptions.stop_adoption(adoption=adoption, actor=actor, notes="Moved to a new system.")
    adoption.refresh_from_db()
    assert (adoption.status, adoption.ended_on, adoption.notes) == (
        "stopped",
        date(2026, 6, 30),
        "Moved to a new system.",
    )
    assert adoptions.newer_version_for(adoption) is None

    with nothing_changes(), pytest.raises(Conflict, match="already stopped"):
        adoptions.stop_adoption(adoption=adoption, actor=actor)

    with time_machine.travel("2026-09-01 09:00 +0100", tick=False):
        again = adoptions.adopt(organisation=adopter, asset=asset, actor=actor)
    assert (again.pk, again.status, again.started_on, again.ended_on) == (
        adoption.pk,
        "adopted",
        date(2026, 9, 1),
        None,
    )


def test_an_end_before_the_start_is_refused(adopter, actor, asset):
    adoption = AdoptionFactory(organisation=adopter, asset=asset, started_on=date(2026, 5, 1))

    with nothing_changes(), pytest.raises(AssetInvalid, match="on or after the start"):
        adoptions.stop_adoption(adoption=adoption, actor=actor, ended_on=date(2026, 4, 30))


def test_savings_are_reported_by_the_adopter_only(adopter, actor, asset):
    adoption = AdoptionFactory(organisation=adopter, asset=asset)

    adoptions.report_savings(
        adoption=adoption, actor=actor, annual_saving_pounds=8_000, one_off_cost_pounds=None
    )
    adoption.refresh_from_db()
    assert (adoption.annual_saving_pounds, adoption.one_off_cost_pounds) == (8_000, None)

    stranger = staff(OrganisationFactory(), Role.ADMIN)
    with nothing_changes(), pytest.raises(NotAllowed):
        adoptions.report_savings(
            adoption=adoption, actor=stranger, annual_saving_pounds=1, one_off_cost_pounds=1
        )


def test_a_newer_version_is_offered_until_the_adopter_moves_to_it(adopter, actor, asset):
    first = asset.versions.get(number="1.0")
    adoption = adoptions.adopt(organisation=adopter, asset=asset, actor=actor, version=first)

    newer = adoptions.newer_version_for(adoption)
    assert newer.number == "1.1"  # the draft 2.0 is not offered

    adoptions.move_to_version(adoption=adoption, version=newer, actor=actor)
    adoption.refresh_from_db()
    assert adoption.version == newer
    assert adoptions.newer_version_for(adoption) is None
    with nothing_changes(), pytest.raises(Conflict, match=r"already uses version 1\.1"):
        adoptions.move_to_version(adoption=adoption, version=newer, actor=actor)


def test_interest_is_one_note_per_organisation_and_can_be_withdrawn(adopter, asset):
    caseworker = staff(adopter, Role.CASEWORKER)

    adoptions.record_interest(organisation=adopter, asset=asset, actor=caseworker, note="Yes")
    interest = adoptions.record_interest(
        organisation=adopter, asset=asset, actor=caseworker, note="We need this by April."
    )

    assert list(Interest.objects.values_list("note", flat=True)) == ["We need this by April."]
    assert interest.created_by == caseworker
    adoptions.withdraw_interest(organisation=adopter, asset=asset, actor=caseworker)
    assert Interest.objects.count() == 0
    with nothing_changes(), pytest.raises(Conflict, match="has not recorded an interest"):
        adoptions.withdraw_interest(organisation=adopter, asset=asset, actor=caseworker)


def test_interest_from_outside_the_organisation_or_from_the_owner_is_refused(adopter, asset):
    with nothing_changes(), pytest.raises(NotAllowed, match="Only people who work for Adur"):
        adoptions.record_interest(
            organisation=adopter, asset=asset, actor=staff(OrganisationFactory(), Role.ADMIN)
        )
    owner = asset.owner_organisation
    with nothing_changes(), pytest.raises(Conflict, match="owns Bin round planner"):
        adoptions.record_interest(
            organisation=owner, asset=asset, actor=staff(owner, Role.CASEWORKER)
        )


def test_an_adoption_moves_on_and_takes_its_figures_in_one_step(adopter, actor, asset):
    adoption = AdoptionFactory(organisation=adopter, asset=asset, status=Status.INTERESTED)
    adoption.started_on = None
    adoption.save()
    assert adoptions.next_statuses(adoption) == ["interested", "piloting", "adopted"]

    with time_machine.travel("2026-05-01 09:00 +0100", tick=False):
        adoptions.update_adoption(
            adoption=adoption,
            actor=actor,
            status=Status.PILOTING,
            annual_saving_pounds=4_000,
            one_off_cost_pounds=0,
        )
    adoption.refresh_from_db()
    assert (adoption.status, adoption.started_on, adoption.annual_saving_pounds) == (
        "piloting",
        date(2026, 5, 1),
        4_000,
    )
    assert adoptions.next_statuses(adoption) == ["piloting", "adopted"]


def test_moving_back_or_a_bad_figure_changes_nothing(adopter, actor, asset):
    adoption = AdoptionFactory(organisation=adopter, asset=asset, annual_saving_pounds=10)
    values = {"annual_saving_pounds": 20, "one_off_cost_pounds": None}

    with nothing_changes(), pytest.raises(AssetInvalid, match="moves forward, never back"):
        adoptions.update_adoption(adoption=adoption, actor=actor, status=Status.PILOTING, **values)
    with nothing_changes(), pytest.raises(AssetInvalid, match="whole pounds"):
        adoptions.update_adoption(
            adoption=adoption,
            actor=actor,
            status=Status.ADOPTED,
            annual_saving_pounds=-1,
            one_off_cost_pounds=None,
        )
    outsider = staff(OrganisationFactory(), Role.ADMIN)
    with nothing_changes(), pytest.raises(NotAllowed):
        adoptions.update_adoption(adoption=adoption, actor=outsider, status="adopted", **values)
    Adoption.objects.filter(pk=adoption.pk).update(status=Status.STOPPED)
    with nothing_changes(), pytest.raises(Conflict, match="adopt it from its page"):
        adoptions.update_adoption(adoption=adoption, actor=actor, status="adopted", **values)


@time_machine.travel("2026-06-30 09:00 +0100", tick=False)
def test_a_reason_for_stopping_is_added_to_the_notes_with_the_date(adopter, actor, asset):
    adoption = AdoptionFactory(organisation=adopter, asset=asset, notes="Saved a round.")

    adoptions.stop_adoption(adoption=adoption, actor=actor, reason=" Went to a shared service. ")

    adoption.refresh_from_db()
    assert adoption.notes == "Saved a round.\n\nStopped on 30 June 2026: Went to a shared service."
