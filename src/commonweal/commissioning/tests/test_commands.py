"""`commonweal opportunities` and `commonweal import-contracts`: output and exit codes."""

import json
import sys

import pytest
from django.core.management import CommandError, call_command

from commonweal.commissioning.models import Contract
from commonweal.commissioning.tests.conftest import in_years
from commonweal.commissioning.tests.factories import ContractFactory, nothing_changes
from commonweal.commissioning.tests.test_imports import GOOD_ROWS, csv_bytes
from commonweal.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def run(*argv) -> int:
    """Run a command as `commonweal` would and give its exit code.

    (Through `call_command`: the command line's own runner closes the database connection
    when it finishes, which a test cannot have.)
    """
    try:
        call_command(argv[0].replace("-", "_"), *argv[1:])
    except CommandError as error:
        print(f"CommandError: {error}", file=sys.stderr)
        return error.returncode
    return 0


@pytest.fixture
def pair():
    fenland = OrganisationFactory(name="Fenland District Council", slug="fenland")
    hunts = OrganisationFactory(name="Huntingdonshire District Council", slug="hunts")
    ContractFactory(organisation=fenland, end_date=in_years(3, 3, 31))
    ContractFactory(organisation=hunts, end_date=in_years(3, 5, 31))
    return fenland, hunts


def test_opportunities_as_json(pair, capsys):
    assert run("opportunities", "--within-months", "3", "--json") == 0

    report = json.loads(capsys.readouterr().out)
    [opp] = report["opportunities"]
    assert report["within_months"] == 3
    assert opp["id"] == f"cpv-group:905:{in_years(3, 3, 31).isoformat()}"
    assert [o["slug"] for o in opp["organisations"]] == ["fenland", "hunts"]
    assert opp["combined_annual_value"] == "200000.00"
    assert opp["earliest_notice_date"] == in_years(2, 9, 30).isoformat()


def test_opportunities_as_text_and_none_with_a_short_window(pair, capsys):
    assert run("opportunities", "--within-months", "3") == 0
    out = capsys.readouterr().out
    assert "1 opportunity:" in out
    assert "Same category: Refuse and waste related services (CPV group 905)" in out
    assert "combined annual value: £200,000.00" in out

    assert run("opportunities", "--within-months", "1") == 0
    assert "No opportunities" in capsys.readouterr().out


@pytest.mark.parametrize("window", ["0", "sixty", "61"])
def test_a_bad_window_exits_1(window, capsys):
    assert run("opportunities", "--within-months", window) == 1
    assert "months" in capsys.readouterr().err


def test_import_contracts_imports_all_rows(tmp_path, capsys):
    council = OrganisationFactory(slug="fenland")
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes(*GOOD_ROWS))

    assert run("import-contracts", str(path), "--organisation", "fenland") == 0

    assert "Imported 2 contracts" in capsys.readouterr().out
    assert Contract.objects.filter(organisation=council).count() == 2


def test_import_contracts_reports_rows_and_writes_nothing(tmp_path, capsys):
    OrganisationFactory(slug="fenland")
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes(GOOD_ROWS[0], GOOD_ROWS[1].replace("90610000", "99999999")))

    with nothing_changes():
        assert run("import-contracts", str(path), "--organisation", "fenland") == 1

    err = capsys.readouterr().err
    assert f"{path}: Row 2: 99999999 is not in the CPV 2008 list" in err
    assert "Nothing was imported: 1 problem." in err


def test_import_contracts_check_only(tmp_path, capsys):
    OrganisationFactory(slug="fenland")
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes(*GOOD_ROWS))

    with nothing_changes():
        assert run("import-contracts", str(path), "--organisation", "fenland", "--check") == 0
    assert "2 contracts, no problems found" in capsys.readouterr().out


def test_import_contracts_unknown_organisation_or_file(tmp_path, capsys):
    assert run("import-contracts", str(tmp_path / "x.csv"), "--organisation", "nowhere") == 1
    OrganisationFactory(slug="fenland")
    assert run("import-contracts", str(tmp_path / "x.csv"), "--organisation", "fenland") == 1
    assert "Cannot read" in capsys.readouterr().err
