"""`commonweal load-reference` and the LGSL load: summary, idempotency, refusal of bad files."""

import csv
import io
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import base, call_command
from django.db import transaction

from commonweal.organisations.models import Organisation
from commonweal.organisations.reference import ReferenceDataError
from commonweal.services.management.commands.load_reference import Command
from commonweal.services.models import LocalService, ProvidingTier
from commonweal.services.reference import LGSL, load_local_services

AUTHORITIES = "organisations/uk_local_authorities.csv"


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker) -> Iterator[str]:
    """Run the command once for the module (its output is the value); rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("load_reference", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(settings.DATA_DIR, tmp_path / "data"))


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def run_cli(monkeypatch) -> Callable[..., int]:
    """Run the command as `commonweal load-reference` does; returns the exit status."""
    # run_from_argv closes every connection when it ends, which would end the test's
    # transaction; the command itself is what is under test here.
    monkeypatch.setattr(base.connections, "close_all", lambda: None)

    def run(*args: str) -> int:
        try:
            Command().run_from_argv(["commonweal", "load_reference", *args])
        except SystemExit as exit:
            return int(exit.code or 0)
        return 0

    return run


@pytest.mark.django_db
def test_the_command_loads_everything_and_says_what_it_did(first_run):
    assert "Organisations: 647 created, 0 updated, 0 unchanged." in first_run
    nations = "England 332, Scotland 32, Wales 22, Northern Ireland 11"
    assert f"Local authorities by nation: {nations}." in first_run
    assert "County council: 21 (21 created" in first_run
    assert "Areas built: 37 (37 created" in first_run
    assert "Local services (LGSL): 117 (117 created" in first_run
    assert LocalService.objects.count() == 117
    bins = LocalService.objects.get(code=524)
    assert bins.description == "Find out which day the refuse is collected"
    assert bins.providing_tier == ProvidingTier.DISTRICT_UNITARY
    assert bins.lgil_codes == [8, 17]
    assert LocalService.objects.get(code=1).lgil_codes == []


@pytest.mark.django_db
def test_a_second_run_changes_nothing(first_run):
    services = dict(LocalService.objects.values_list("code", "updated_at"))
    out = io.StringIO()

    call_command("load_reference", stdout=out)

    assert "Organisations: 0 created, 0 updated, 647 unchanged." in out.getvalue()
    assert "Everything was already up to date." in out.getvalue()
    assert dict(LocalService.objects.values_list("code", "updated_at")) == services


@pytest.mark.django_db
def test_a_changed_description_is_updated_in_place(first_run, data_copy):
    before = LocalService.objects.get(code=524)
    rewrite(data_copy / LGSL, "Find out which day the refuse is collected", "Bin day")

    counts = load_local_services(data_dir=data_copy)

    after = LocalService.objects.get(code=524)
    assert (after.pk, after.description) == (before.pk, "Bin day")
    assert (counts.created, counts.updated, counts.unchanged) == (0, 1, 116)


@pytest.mark.parametrize(
    ("old", "new", "where", "reason"),
    [
        ("lgsl_code,", "code,", "header row", "the column 'lgsl_code' is missing"),
        ("\n2,", "\n1,", "row 2", "lgsl_code 1 is also on row 1"),
        ("home,county/unitary", "home,parish", "row 1", "providing_tier 'parish' is unknown"),
        ("\n3,", "\nthree,", "row 3", "lgsl_code 'three' is not a whole number"),
        (
            "day the refuse is collected,district/unitary,8 17",
            "x,all,8 x",
            "row 68",
            "lgil_codes '8 x' must be whole",
        ),
    ],
)
@pytest.mark.django_db
def test_a_malformed_service_list_is_refused(first_run, data_copy, old, new, where, reason):
    rewrite(data_copy / LGSL, old, new)
    before = dict(LocalService.objects.values_list("code", "description"))

    with pytest.raises(ReferenceDataError) as raised:
        load_local_services(data_dir=data_copy)

    assert str(raised.value).startswith(f"{data_copy / LGSL}, {where}: ")
    assert reason in str(raised.value)
    assert dict(LocalService.objects.values_list("code", "description")) == before


@pytest.mark.django_db
def test_the_command_exits_1_with_only_the_message_and_loads_nothing(
    first_run, data_copy, capsys, run_cli
):
    with (data_copy / AUTHORITIES).open(newline="", encoding="utf-8") as f:
        row = {r["gss-code"]: n for n, r in enumerate(csv.DictReader(f), start=1)}
    # A valid rename in one file and a broken row in another: neither may be written.
    rewrite(data_copy / AUTHORITIES, "Cambridge City Council", "Renamed Council")
    rewrite(data_copy / AUTHORITIES, ",E07000009,", ",E07000008,")
    rewrite(data_copy / LGSL, "Find out which day the refuse is collected", "Bin day")

    status = run_cli("--data-dir", str(data_copy))

    assert status == 1
    assert capsys.readouterr().err == (
        f"CommandError: {data_copy / AUTHORITIES}, row {row['E07000009']}: gss-code E07000008 "
        f"is also used on row {row['E07000008']}; each authority needs its own.\n"
    )
    assert Organisation.objects.get(gss_code="E07000008").name == "Cambridge City Council"
    assert LocalService.objects.get(code=524).description != "Bin day"


@pytest.mark.django_db
def test_a_bad_service_list_rolls_back_the_organisations_too(first_run, data_copy, capsys, run_cli):
    rewrite(data_copy / AUTHORITIES, "Cambridge City Council", "Renamed Council")
    rewrite(data_copy / LGSL, "home,county/unitary", "home,parish")

    assert run_cli("--data-dir", str(data_copy)) == 1

    assert "lgsl.csv, row 1: providing_tier 'parish' is unknown" in capsys.readouterr().err
    assert Organisation.objects.get(gss_code="E07000008").name == "Cambridge City Council"
