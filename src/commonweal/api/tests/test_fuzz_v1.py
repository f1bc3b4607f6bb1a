"""Schemathesis against /api/v1/schema/: no request makes a 5xx, every answer fits the document."""

from types import SimpleNamespace

import pytest
import schemathesis
from hypothesis import strategies as st

from commonweal.accounts.tests.factories import api_token
from commonweal.api.tests.fuzzing import CHECKS, fuzz, steer, wsgi_app
from commonweal.api.tests.test_open311_support import councils, pothole_case
from commonweal.cases.models import Case as CaseRow
from commonweal.commons.tests.factories import (
    AssetFactory,
    AssetVersionFactory,
    PartnershipMemberFactory,
)
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

TRANSITIONS = ["triage", "schedule", "fix", "no-action", "mark-duplicate", "reinspect"]


@pytest.fixture
def world(reference_data) -> SimpleNamespace:
    """Cambridge runs the standard services with a few cases; staff of every kind hold tokens."""
    setup = councils()
    cases = [pothole_case(description=f"Case {n}") for n in range(4)]
    asset = AssetFactory(owner_organisation=setup.city, slug="bin-day-finder")
    AssetVersionFactory(asset=asset)
    PartnershipMemberFactory(organisation=setup.city)
    tokens, staff_ids = {}, []
    for role in (Role.CASEWORKER, Role.SERVICE_OWNER, Role.EXECUTIVE):
        user = MembershipFactory(organisation=setup.county, role=role).user
        tokens[str(role)] = api_token(user)
        staff_ids.append(user.pk)
    return SimpleNamespace(
        city=setup.city,
        references=[case.reference for case in cases],
        tokens=tokens,
        staff_ids=staff_ids,
    )


# The document as the running app serves it (the drift test keeps docs/openapi/v1.yaml equal).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", wsgi_app())


def test_rest_api(world, subtests):
    known = {
        "reference": world.references,
        "slug": [world.city.slug, "bin-day-finder"],
        "code": ["pothole", "missed-bin"],
        "lat": [52.2053],
        "lon": [0.1218],
        "transition": TRANSITIONS,
        "assignee": world.staff_ids,
    }

    def send(case, data) -> int:
        steer(case, data, known)
        if isinstance(case.body, dict) and "expected_version" in case.body:
            current = CaseRow.objects.filter(
                reference=case.path_parameters.get("reference")
            ).values_list("version", flat=True)
            case.body["expected_version"] = data.draw(
                st.sampled_from([*current, case.body["expected_version"]])
            )
        token = data.draw(st.sampled_from([*world.tokens.values(), None]))
        headers = {"Authorization": f"Token {token}"} if token else {}
        return case.call_and_validate(headers=headers, checks=CHECKS).status_code

    fuzz(schema, subtests, send)
