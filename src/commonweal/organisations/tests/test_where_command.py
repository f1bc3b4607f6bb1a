"""`commonweal where` prints who covers a point and who is responsible, with clear exit codes."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def _where(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("where", *args, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code), out.getvalue()
    return 0, out.getvalue()


def test_a_point_in_cambridge_names_district_and_county():
    code, out = _where("52.2053", "0.1218", "--function", "waste-collection")
    assert code == 0
    assert "Cambridge City Council (E07000008, district)" in out
    assert "Cambridgeshire County Council (E10000003, county)" in out
    assert "Responsible for waste-collection: Cambridge City Council" in out


def test_highways_in_cambridge_is_the_county():
    code, out = _where("52.2053", "0.1218", "--function", "highways")
    assert code == 0
    assert "Responsible for highways: Cambridgeshire County Council" in out


def test_json_output_carries_the_same_answer():
    code, out = _where("52.2053", "0.1218", "--function", "highways", "--json")
    result = json.loads(out)
    assert code == 0
    assert result["responsible"]["gss_code"] == "E10000003"
    assert [c["gss_code"] for c in result["covering"]][:2] == ["E07000008", "E10000003"]
    assert "highways" in result["covering"][1]["functions"]


def test_a_point_at_sea_says_nobody_and_exits_1():
    code, out = _where("54.0", "-4.0")
    assert code == 1
    assert out.strip() == "No organisation covers 54.0, -4.0"


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["fifty", "0.1"], "Latitude must be a number in degrees, not 'fifty'"),
        (["52.2", "200"], "Longitude must be between -180 and 180, not '200'"),
        (["52.2", "0.1", "--function", "roads"], "Unknown function 'roads'"),
    ],
)
def test_bad_input_exits_2_with_usage_naming_the_problem(capsys, args, problem):
    code, _ = _where(*args)
    err = capsys.readouterr().err
    assert code == 2
    assert "usage:" in err and "LAT LON" in err
    assert problem in err
