"""Importing historical cases: the mapping, every bad row reported, nothing partial, resuming."""

from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commonweal.cases.models import Case, Event
from commonweal.cases.references import is_reference
from commonweal.cases.tests.factories import OfferingFactory, standard_definition
from commonweal.insight import imports
from commonweal.insight.import_mapping import MappingInvalid, parse_mapping
from commonweal.insight.import_models import ImportRun
from commonweal.insight.import_writes import unwritten_columns
from commonweal.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[4] / "docs" / "examples"
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
HEAD = "Ref,Type,Opened,Closed,Status,Notes\n"
MAPPING = """
columns: {reference: Ref, category: Type, opened: Opened, closed: Closed, status: Status,
          description: Notes}
categories: {Pothole: pothole, Missed bin: missed-bin}
statuses: {Open: open, Done: closed, No action: no-action}
"""


@pytest.fixture
def council() -> SimpleNamespace:
    organisation = OrganisationFactory(name="Wessex Council", slug="wessex", nation="england")
    potholes = OfferingFactory(organisation=organisation, definition=standard_definition("pothole"))
    bins = OfferingFactory(
        organisation=organisation,
        definition=standard_definition("missed-bin"),
        team=potholes.team,
    )
    return SimpleNamespace(organisation=organisation, potholes=potholes, bins=bins)


def run(council, text: str, mapping: str = MAPPING, **kwargs):
    return imports.import_cases(
        organisation=council.organisation,
        mapping=parse_mapping(mapping),
        data=text.encode(),
        now=NOW,
        **kwargs,
    )


def refused(council, text: str, mapping: str = MAPPING) -> list[str]:
    with pytest.raises(imports.ImportRefused) as caught:
        run(council, text, mapping)
    assert Case.objects.count() == 0 and Event.objects.count() == 0
    return [str(error) for error in caught.value.errors]


def test_every_column_without_a_default_is_written():
    assert unwritten_columns() == []


def test_open_and_closed_cases_are_imported_with_their_events(council):
    text = HEAD + (
        "A-1,Pothole,03/02/2026 09:14,12/02/2026 15:30,Done,Deep hole\n"
        "A-2,Missed bin,2026-02-27 18:00,,Open,\n"
        "A-3,pothole ,05/02/2026,05/02/2026,No action,\n"
        "A-4,Pothole,05/01/2026 10:00,,,\n"
    )
    result = run(council, text)

    assert (result.written, result.run.status, result.run.rows_done) == (4, "done", 4)
    fixed = Case.objects.get(answers__imported_reference="A-1")
    assert is_reference(fixed.reference)
    assert (fixed.channel, fixed.state, fixed.reporter_id) == ("import", "fixed", None)
    assert fixed.submitted_at == datetime(2026, 2, 3, 9, 14, tzinfo=UTC)
    assert fixed.closed_at == datetime(2026, 2, 12, 15, 30, tzinfo=UTC)
    assert fixed.description == "Deep hole"
    # Ten working days for a pothole, by 17:00 UK time.
    assert fixed.due_at == datetime(2026, 2, 17, 17, 0, tzinfo=UTC)
    kinds = [(e.kind, e.from_state, e.to_state) for e in fixed.events.all()]
    assert kinds == [("submitted", "", "submitted"), ("transition", "submitted", "fixed")]
    assert fixed.events.last().data["transition"] == "fix"
    assert fixed.version == 2

    bin_case = Case.objects.get(answers__imported_reference="A-2")
    assert (bin_case.state, bin_case.closed_at, bin_case.offering) == (
        "submitted", None, council.bins,
    )  # fmt: skip
    # Made after 17:00 on a Friday: counts from Monday; two working days.
    assert bin_case.due_at == datetime(2026, 3, 4, 17, 0, tzinfo=UTC)
    assert bin_case.overdue_fired_at is None
    late = Case.objects.get(answers__imported_reference="A-4")
    assert late.overdue_fired_at == NOW  # already late: the overdue rules will not fire
    assert [e.kind for e in bin_case.events.all()] == ["submitted"]

    same_day = Case.objects.get(answers__imported_reference="A-3")
    assert (same_day.state, same_day.closed_at) == ("no-action", same_day.submitted_at)


def test_the_example_in_the_docs_imports(council):
    data = (EXAMPLES / "import-cases.csv").read_bytes()
    mapping = parse_mapping((EXAMPLES / "import-cases-mapping.yaml").read_bytes())
    result = imports.import_cases(
        organisation=council.organisation, mapping=mapping, data=data, now=NOW
    )
    assert result.written == 5
    assert any("“Customer name”, “Customer phone”" in notice for notice in result.notices)
    assert Case.objects.filter(closed_at__isnull=True).count() == 2


def test_missing_columns_are_named(council):
    problems = refused(council, "Ref,Type,Closed\nA-1,Pothole,\n")
    assert problems == [
        "The file has no column “Opened”, which the mapping names for opened (when the "
        "request was made): correct the heading in the file or the name in the mapping.",
        "The file has no column “Status”, which the mapping names for status (open, closed "
        "or a workflow state): correct the heading in the file or the name in the mapping.",
        "The file has no column “Notes”, which the mapping names for description (what was "
        "reported): correct the heading in the file or the name in the mapping.",
    ]


def test_a_service_the_organisation_does_not_run_is_refused(council):
    mapping = MAPPING.replace("missed-bin", "graffiti")
    problems = refused(council, HEAD + "A-1,Pothole,03/02/2026,,Open,\n", mapping)
    assert problems == [
        "The mapping sends “missed bin” to the service “graffiti”, but Wessex Council runs no "
        "service with that code: run the service first, or correct the code under categories."
    ]


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(council):
    text = HEAD + (
        "A-1,Pothole,03/02/2026 09:14,,Open,\n"  # line 2: good
        "A-2,Street light,03/02/2026,,Open,\n"
        "A-3,Pothole,31/02/2026,,Open,\n"
        "A-4,Pothole,yesterday,,Open,\n"
        "A-5,Pothole,10/02/2026,09/02/2026,Done,\n"
        "A-1,Pothole,03/02/2026,,Open,\n"
        "A-7,Pothole,03/02/2026,,Done,\n"
        "A-8,Pothole,03/02/2026,,Lost,\n"
        ",,,,,\n"  # blank: skipped
        "A-10,Pothole,03/02/2027,,Open,\n"
        ",Pothole,03/02/2026,,Open,\n"
    )
    problems = refused(council, text)
    assert problems == [
        "Line 3: The category “Street light” is not in the mapping: add it under categories "
        "with the code of the service it belongs to.",
        "Line 4: “31/02/2026” (opened) is not a date and time: write it as 31/03/2024 14:30 "
        "or 2024-03-31 14:30 (or give date_format in the mapping).",
        "Line 5: “yesterday” (opened) is not a date and time: write it as 31/03/2024 14:30 "
        "or 2024-03-31 14:30 (or give date_format in the mapping).",
        "Line 6: It was closed (09/02/2026) before it was opened (10/02/2026).",
        "Line 7: The reference A-1 is also on line 2.",
        "Line 8: The status “Done” means closed, but the closed date is empty: give the date "
        "it was closed.",
        "Line 9: The status “Lost” is not in the mapping: add it under statuses as open, "
        "closed or a state of the service pothole.",
        "Line 11: The opened date 03/02/2027 is in the future.",
        "Line 12: The reference is empty: every case needs its reference.",
    ]
    run_record = ImportRun.objects.get()
    assert (run_record.status, run_record.error_count, run_record.rows_done) == ("refused", 9, 0)


def test_a_reference_imported_before_is_refused(council):
    run(council, HEAD + "A-1,Pothole,03/02/2026,,Open,\n")
    first = Case.objects.get()
    with pytest.raises(imports.ImportRefused) as caught:
        run(council, HEAD + "A-2,Pothole,03/02/2026,,Open,\nA-1,Pothole,04/02/2026,,Open,\n")
    assert [str(e) for e in caught.value.errors] == [
        f"Line 3: The reference A-1 was imported before, as case {first.reference}: take the "
        "row out of the file."
    ]
    assert Case.objects.count() == 1


def test_a_file_that_is_not_utf8_is_refused(council):
    with pytest.raises(imports.ImportRefused) as caught:
        imports.import_cases(
            organisation=council.organisation,
            mapping=parse_mapping(MAPPING),
            data=(HEAD + "A-1,Pothole,03/02/2026,,Open,Café\n").encode("cp1252"),
            now=NOW,
        )
    assert "not UTF-8 text" in str(caught.value.errors[0])
    assert "row 1" in str(caught.value.errors[0])
    assert Case.objects.count() == 0


def test_a_file_holding_a_nul_character_is_refused(council):
    # Found by fuzzing: valid UTF-8, but PostgreSQL cannot store it, so the write failed.
    assert refused(council, HEAD + "A-1,Pothole,03/02/2026,,Open,Deep\x00hole\n") == [
        "The file holds a NUL character (in row 1), which CSV text never has: is it a "
        "spreadsheet or UTF-16 file? Save it as “CSV UTF-8 (comma delimited)” and import it "
        "again."
    ]


@pytest.mark.parametrize("opened", ["0001-01-01T00:00+01:00", "9999-12-31T23:30-01:00"])
def test_a_date_beyond_what_utc_can_hold_is_a_row_problem(council, opened):
    # Found by fuzzing: the time zone took it out of range and the check raised OverflowError.
    [problem] = refused(council, HEAD + f"A-1,Pothole,{opened},,Open,\n")
    assert problem.startswith(f"Line 2: “{opened}” (opened) is not a date and time")


def test_a_mapping_with_sections_that_are_not_text_names_them():
    # Found by fuzzing: a null or number key made a TypeError.
    with pytest.raises(MappingInvalid) as caught:
        parse_mapping("~: 1\n2: x\ncolumns: {}\n")
    assert caught.value.errors[0] == (
        "The mapping has sections Commonweal does not know: 2, None. Use columns, categories, "
        "statuses and date_format."
    )


def test_a_mapping_with_problems_says_each(council):
    with pytest.raises(MappingInvalid) as caught:
        parse_mapping("columns: {reference: Ref, lat: Lat}\nextra: 1\n")
    assert caught.value.errors == [
        "The mapping has sections Commonweal does not know: extra. Use columns, categories, "
        "statuses and date_format.",
        "“lat” under columns is not a field Commonweal imports: use reference, category, "
        "opened, closed, status, latitude, longitude, description, channel.",
        "Under columns, name the column that gives the kind of request, mapped to a service "
        "(category).",
        "Under columns, name the column that gives when the request was made (opened).",
        "The mapping needs a “categories” section: each category → a service code.",
    ]


def test_a_personal_column_is_not_imported_and_cannot_be_mapped(council):
    mapping = MAPPING.replace("description: Notes", "description: Caller name")
    problems = refused(council, "Ref,Type,Opened,Closed,Status,Caller name\n", mapping)
    assert problems == [
        "The column “Caller name” looks like personal data, which is not imported with "
        "historical cases: map description to another column, or leave it out."
    ]


def test_an_interrupted_import_resumes_after_its_last_batch(council):
    text = HEAD + "".join(f"R-{n},Pothole,03/02/2026,,Open,\n" for n in range(25))
    first = run(council, text, batch_size=10, stop_after_batches=2)
    assert (first.written, first.run.status, first.run.rows_done) == (20, "stopped", 20)
    assert Case.objects.count() == 20

    second = run(council, text, batch_size=10)
    assert (second.written, second.resumed_from, second.run.status) == (5, 20, "done")
    assert Case.objects.count() == 25
    assert Event.objects.count() == 25
    olds = sorted(Case.objects.values_list("answers__imported_reference", flat=True))
    assert olds == sorted(f"R-{n}" for n in range(25))

    with pytest.raises(imports.AlreadyImported):
        run(council, text)
    assert Case.objects.count() == 25


def test_resuming_with_another_mapping_is_refused(council):
    text = HEAD + "".join(f"R-{n},Pothole,03/02/2026,,Open,\n" for n in range(4))
    run(council, text, batch_size=2, stop_after_batches=1)
    with pytest.raises(imports.ImportRefused) as caught:
        run(council, text, MAPPING.replace("Open: open", "Open: open, Live: open"))
    assert "partly imported (2 of 4 cases) with another mapping" in str(caught.value.errors[0])
    assert Case.objects.count() == 2


def test_the_command_imports_with_a_progress_bar_and_resumes(council, tmp_path, capsys):
    data = tmp_path / "cases.csv"
    data.write_text(HEAD + "".join(f"R-{n},Pothole,03/02/2026,,Open,\n" for n in range(6)))
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(MAPPING)
    args = [str(data), "--organisation", "wessex", "--mapping", str(mapping), "--batch-size", "2"]

    call_command("import_cases", *args, "--check")
    assert "6 cases, no problems found" in capsys.readouterr().out
    assert Case.objects.count() == 0

    call_command("import_cases", *args, "--stop-after", "1")
    out, err = capsys.readouterr()
    assert "Stopped after 2 of 6 cases" in out
    assert "[" in err and "2/6 rows" in err

    call_command("import_cases", *args)
    out, err = capsys.readouterr()
    assert "Imported 4 cases (going on after 2) for Wessex Council" in out
    assert "rows a second" in out and "6/6 rows" in err
    assert Case.objects.count() == 6


def test_the_command_lists_every_problem_and_writes_nothing(council, tmp_path, capsys):
    data = tmp_path / "cases.csv"
    data.write_text(HEAD + "A-1,Pothole,someday,,Open,\nA-2,Bins,03/02/2026,,Open,\n")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(MAPPING)
    with pytest.raises(CommandError, match="Nothing was imported: 2 problems"):
        call_command(
            "import_cases", str(data), "--organisation", "wessex", "--mapping", str(mapping)
        )
    err = capsys.readouterr().err
    assert "Line 2: “someday” (opened)" in err and "Line 3: The category “Bins”" in err
    assert Case.objects.count() == 0


def test_the_rollups_count_imported_cases_from_their_events(council):
    from django.db.models import Sum

    from commonweal.insight import rollups
    from commonweal.insight.models import DailyRollup

    run(
        council,
        HEAD
        + "A-1,Pothole,03/02/2026 09:14,12/02/2026 15:30,Done,\nA-2,Pothole,04/02/2026,,Open,\n",
    )
    rollups.catch_up(now=NOW)
    totals = DailyRollup.objects.filter(channel="import").aggregate(
        submitted=Sum("submitted"), closed=Sum("closed"), in_sla=Sum("closed_in_sla")
    )
    assert totals == {"submitted": 2, "closed": 1, "in_sla": 1}


def test_the_portable_writer_postgresql_uses_writes_the_same(council):
    from django.db import transaction

    from commonweal.insight import import_writes

    text = (
        HEAD + "A-1,Pothole,03/02/2026 09:14,12/02/2026 15:30,Done,x\nA-2,Pothole,04/02/2026,,,\n"
    )
    run(council, text)
    fast = {
        c.answers["imported_reference"]: (
            c.state, c.submitted_at, c.closed_at, c.due_at, c.version,
            [(e.kind, e.at, e.from_state, e.to_state, e.data) for e in c.events.all()],
        )
        for c in Case.objects.prefetch_related("events")
    }  # fmt: skip
    check = imports.check_cases(
        organisation=council.organisation, mapping=parse_mapping(MAPPING), data=text.encode(),
        now=NOW,
    )  # fmt: skip
    Case.objects.all().delete()
    with transaction.atomic():
        import_writes.write_batch(
            rows=check.rows, services=check.services, organisation_id=council.organisation.pk,
            run_id=ImportRun.objects.get().pk, now=NOW, portable=True,
        )  # fmt: skip
    portable = {
        c.answers["imported_reference"]: (
            c.state, c.submitted_at, c.closed_at, c.due_at, c.version,
            [(e.kind, e.at, e.from_state, e.to_state, e.data) for e in c.events.all()],
        )
        for c in Case.objects.prefetch_related("events")
    }  # fmt: skip
    assert portable == fast and len(portable) == 2


def test_lines_are_counted_as_written_when_a_cell_spans_two(council):
    text = HEAD + 'A-1,Pothole,03/02/2026,,Open,"two\nlines"\nA-2,Pothole,soon,,Open,\n'
    assert refused(council, text) == [
        "Line 4: “soon” (opened) is not a date and time: write it as 31/03/2024 14:30 or "
        "2024-03-31 14:30 (or give date_format in the mapping)."
    ]


def test_dates_in_another_shape_are_read_with_date_format(council):
    mapping = MAPPING + 'date_format: "%d.%m.%Y %H:%M"\n'
    run(council, HEAD + "A-1,Pothole,03.02.2026 09:14,,Open,\n", mapping)
    assert Case.objects.get().submitted_at == datetime(2026, 2, 3, 9, 14, tzinfo=UTC)


def test_empty_cells_after_the_last_column_are_ignored_but_filled_ones_are_not(council):
    problems = refused(council, HEAD + "A-1,Pothole,03/02/2026,,Open,,,\nA-2,Pothole,x,,Open,,9\n")
    assert problems == [
        "Line 3: It has 7 cells but there are 6 headings.",
    ]
    run(council, HEAD + "A-1,Pothole,03/02/2026,,Open,,,\n")
    assert Case.objects.count() == 1


def test_a_mapping_may_be_json():
    import json

    import yaml

    assert parse_mapping(json.dumps(yaml.safe_load(MAPPING)).encode()) == parse_mapping(MAPPING)


@pytest.mark.parametrize(
    ("heading", "personal"),
    [
        ("Customer name", True), ("E-mail", True), ("Caller phone", True), ("Postcode", True),
        ("Contact method", False), ("Enquiry number", False), ("Details", False),
    ],
)  # fmt: skip
def test_which_headings_look_personal(heading, personal):
    from commonweal.insight.import_check import looks_personal

    assert looks_personal(heading) is personal


def test_a_reference_already_taken_is_drawn_again_and_the_batch_still_written(council, monkeypatch):
    from commonweal.cases.tests.factories import CaseFactory
    from commonweal.insight import import_writes

    taken = CaseFactory(offering=council.potholes).reference
    real = import_writes.new_references
    draws = []

    def first_draw_clashes(count: int) -> list[str]:
        drawn = real(count)
        if not draws:
            drawn[-1] = taken  # the first draw gives the last case a reference in use
        draws.append(drawn)
        return drawn

    monkeypatch.setattr(import_writes, "new_references", first_draw_clashes)
    text = HEAD + "A-1,Pothole,03/02/2026,,Open,\nA-2,Pothole,04/02/2026,,Open,\n"
    result = run(council, text)

    assert result.written == 2 and len(draws) == 2
    imported = Case.objects.filter(channel="import")
    assert sorted(imported.values_list("reference", flat=True)) == sorted(draws[1])
    assert taken not in draws[1]
    assert Event.objects.filter(case__in=imported).count() == 2
