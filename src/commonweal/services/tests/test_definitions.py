"""Definition versions never change once published; offerings run a published version."""

from pathlib import Path

import pytest
from django.conf import settings

from commonweal.organisations.tests.factories import OrganisationFactory, TeamFactory
from commonweal.services import definitions, engine
from commonweal.services.models import ServiceDefinition, ServiceOffering

pytestmark = pytest.mark.django_db

MISSED_BIN = (Path(settings.DATA_DIR) / "services" / "missed-bin.yaml").read_text()


def test_standard_definitions_are_published_once():
    first = definitions.load_standard_definitions(data_dir=settings.DATA_DIR)
    second = definitions.load_standard_definitions(data_dir=settings.DATA_DIR)
    assert first == {"published": 12, "unchanged": 0}
    assert second == {"published": 0, "unchanged": 12}
    assert ServiceDefinition.objects.filter(status="published", owner=None).count() == 12


def test_an_edit_makes_a_new_version_and_the_published_one_stays():
    v1 = definitions.save_version(text=MISSED_BIN, owner=None, publish=True)
    edited = MISSED_BIN.replace("name: Report a missed bin collection", "name: Missed bin")
    v2 = definitions.save_version(text=edited, owner=None)
    v1.refresh_from_db()
    assert (v1.version, v1.name, v1.status) == (1, "Report a missed bin collection", "published")
    assert (v2.version, v2.name, v2.status) == (2, "Missed bin", "draft")
    assert v2.document["version"] == 2


def test_a_published_version_refuses_changes():
    v1 = definitions.save_version(text=MISSED_BIN, owner=None, publish=True)
    with pytest.raises(definitions.DefinitionLocked, match="Save your edit as a new version"):
        definitions.update_draft(row=v1, text=MISSED_BIN.replace("Which bin", "What bin"))
    with pytest.raises(definitions.DefinitionLocked, match="already published"):
        definitions.publish(row=v1)


def test_a_draft_can_be_edited_then_published():
    draft = definitions.save_version(text=MISSED_BIN, owner=None)
    definitions.update_draft(row=draft, text=MISSED_BIN.replace("Which bin", "What bin"))
    published = definitions.publish(row=draft)
    assert published.status == "published" and published.published_at is not None
    built = definitions.engine_definition(published)
    assert built.question("bin_type").label == "What bin was missed?"


def test_an_invalid_definition_stores_nothing_and_says_where():
    broken = MISSED_BIN.replace("function: waste-collection", "function: bins")
    with pytest.raises(engine.DefinitionInvalid) as refused:
        definitions.save_version(text=broken, owner=None)
    assert [e.location for e in refused.value.errors] == ["function"]
    assert ServiceDefinition.objects.count() == 0


def test_an_offering_runs_a_published_version_and_goes_live_only_with_a_team():
    council = OrganisationFactory()
    draft = definitions.save_version(text=MISSED_BIN, owner=None)
    with pytest.raises(definitions.OfferingProblem, match="Publish version 1"):
        definitions.run_offering(organisation=council, row=draft)
    published = definitions.publish(row=draft)
    with pytest.raises(definitions.OfferingProblem, match="Name the team"):
        definitions.run_offering(organisation=council, row=published, live=True)
    assert ServiceOffering.objects.count() == 0

    team = TeamFactory(organisation=council)
    offering = definitions.run_offering(organisation=council, row=published, team=team, live=True)
    assert (
        definitions.live_offering(organisation_id=council.pk, service_code="missed-bin") == offering
    )


def test_a_team_of_another_organisation_is_refused():
    published = definitions.save_version(text=MISSED_BIN, owner=None, publish=True)
    with pytest.raises(definitions.OfferingProblem, match="belongs to another organisation"):
        definitions.run_offering(
            organisation=OrganisationFactory(), row=published, team=TeamFactory(), live=True
        )


def test_switching_an_offering_to_a_newer_version_keeps_one_offering():
    council, v1 = (
        OrganisationFactory(),
        definitions.save_version(text=MISSED_BIN, owner=None, publish=True),
    )
    team = TeamFactory(organisation=council)
    definitions.run_offering(organisation=council, row=v1, team=team, live=True)
    v2 = definitions.save_version(text=MISSED_BIN + "\n", owner=None, publish=True)
    offering = definitions.run_offering(organisation=council, row=v2)
    assert ServiceOffering.objects.filter(organisation=council).count() == 1
    assert (offering.definition, offering.live, offering.team) == (v2, True, team)


def test_sla_overrides_change_the_working_days():
    council = OrganisationFactory()
    v1 = definitions.save_version(text=MISSED_BIN, owner=None, publish=True)
    offering = definitions.run_offering(organisation=council, row=v1)
    offering.sla_overrides = {"normal": 1}
    standard = definitions.engine_definition(v1).sla.working_days
    assert definitions.effective_definition(offering).sla.working_days == {**standard, "normal": 1}
