"""`commonweal demo` prepares a two-tier demo area with a person for every role, safely twice."""

from io import StringIO

import pytest
from django.core.management import call_command

from commonweal.accounts.models import User
from commonweal.demo.content import PEOPLE, create_demo
from commonweal.organisations.models import Kind, Membership, Organisation, Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def test_demo_covers_every_kind_asked_for():
    result = create_demo()
    kinds = [org.kind for org in result.organisations]
    assert kinds.count(Kind.COUNTY) == 1
    assert kinds.count(Kind.DISTRICT) == 5
    for kind in (Kind.UNITARY, Kind.NHS_TRUST, Kind.FIRE_AND_RESCUE, Kind.VOLUNTARY):
        assert kind in kinds
    county = Organisation.objects.get(gss_code="E10000003")
    assert set(county.children.filter(kind=Kind.DISTRICT)) == {
        org for org in result.organisations if org.kind == Kind.DISTRICT
    }


def test_there_is_a_person_for_every_role_and_a_platform_admin():
    create_demo()
    assert {m.role for m in Membership.objects.all()} == set(Role.values)
    titles = set(Membership.objects.values_list("job_title", flat=True))
    assert {"Chief executive", "Finance director", "Chief information officer"} <= titles
    assert User.objects.get(email="admin@example.org").is_superuser


def test_passwords_are_given_once_and_work():
    first = create_demo()
    assert set(first.created_people) == {person.email for person in PEOPLE}
    email, password = next(iter(first.created_people.items()))
    assert User.objects.get(email=email).check_password(password)

    second = create_demo()
    assert second.created_people == {}
    assert len(second.existing_people) == len(PEOPLE)
    assert User.objects.get(email=email).check_password(password)


def test_running_again_creates_nothing_new():
    create_demo()

    def counts() -> tuple[int, int, int]:
        return (Organisation.objects.count(), User.objects.count(), Membership.objects.count())

    before = counts()
    create_demo()
    assert counts() == before


def test_reset_passwords_prints_new_ones():
    first = create_demo()
    again = create_demo(reset_passwords=True)
    assert set(again.created_people) == set(first.created_people)
    assert again.created_people != first.created_people


def test_command_prepares_without_serving_and_prints_sign_ins_once():
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert "caseworker@cambridge.example.org" in out.getvalue()
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert "9 demo people already exist" in out.getvalue()
    assert "caseworker@cambridge.example.org " not in out.getvalue()
