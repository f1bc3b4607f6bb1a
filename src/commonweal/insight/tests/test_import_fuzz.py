"""Any file given to the historical-case import is imported whole or refused with its problems
listed, and a refused file writes nothing; any mapping text is read or refused with reasons."""

import json
from datetime import UTC, datetime

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from commonweal.cases.models import Case, Event
from commonweal.cases.tests.factories import OfferingFactory, standard_definition
from commonweal.insight import imports
from commonweal.insight.import_mapping import MappingInvalid, parse_mapping
from commonweal.insight.import_models import ImportRun
from commonweal.organisations.tests.factories import OrganisationFactory

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
HEADINGS = ["Ref", "Type", "Opened", "Closed", "Status", "Notes", "Lat", "Long"]
HEAD = ",".join(HEADINGS).encode() + b"\n"
MAPPING = parse_mapping(
    """
columns: {reference: Ref, category: Type, opened: Opened, closed: Closed, status: Status,
          description: Notes, latitude: Lat, longitude: Long}
categories: {Pothole: pothole, Missed bin: missed-bin}
statuses: {Open: open, Done: closed, No action: no-action}
"""
)
# What spreadsheets and people put in cells, and what attackers do.
ODD = [
    "", " ", "=1+1", "=HYPERLINK(\"http://x\")", "+44 1234", "-2", "@SUM(A1)", "\t=cmd",
    "\"quoted\"", "a,b", "a;b", "line\nbreak", "\r", "\x00", "\ufeff", "ß", "🦔", "x" * 200_000,
]  # fmt: skip
DATES = [
    "03/02/2026 09:14", "2026-02-27 18:00", "2026-02-27T18:00:00", "05/02/2026", "2026-03-29 01:30",
    "2026-10-25 01:30", "31/02/2026", "2026-13-01", "0001-01-01", "0001-01-01T00:00+01:00",
    "9999-12-31T23:59-01:00", "9999-12-31", "2026-02-27 25:61", "2026-02-27T18:00Z",
    "2026-02-27 18:00:00.123456+05:30", "1/1/1", "00/00/0000", "2026-02-27 1", "now", "-1",
    "99999-01-01", "2026-02-27 18:00 ",
]  # fmt: skip
cells = st.one_of(st.sampled_from(ODD), st.text(max_size=30))
dates = st.one_of(st.sampled_from(DATES), st.text(alphabet="0123456789-/:T .Z+", max_size=25))
numbers = st.one_of(
    st.sampled_from(["52.2", "0.12", "nan", "inf", "-inf", "1e400", "91", "-181", "", "1,5"]),
    st.floats().map(str),
)
rows = st.fixed_dictionaries(
    {
        "Ref": st.one_of(st.sampled_from(["A-1", "A-2", "a-1"]), cells),
        "Type": st.one_of(st.sampled_from(["Pothole", "missed BIN ", "Street light"]), cells),
        "Opened": dates,
        "Closed": st.one_of(st.just(""), dates),
        "Status": st.one_of(st.sampled_from(["Open", "Done", "No action", "fixed", "?"]), cells),
        "Notes": cells,
        "Lat": numbers,
        "Long": numbers,
    }
)


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\n\r') else cell


@st.composite
def csv_files(draw) -> bytes:
    """A CSV file much like a real one: headings (some dropped, shuffled or repeated), rows
    of odd cells with a few too many or too few, in some encoding and line ending."""
    headings = draw(st.permutations(HEADINGS))
    headings = headings[: draw(st.integers(len(headings) - 2, len(headings)))]
    if draw(st.booleans()):
        headings.append(draw(cells))
    lines = [",".join(_quoted(h) for h in headings)]
    for row in draw(st.lists(rows, max_size=6)):
        values = [_quoted(row.get(h, "")) for h in headings]
        values = values[: draw(st.integers(len(values) - 1, len(values) + 1))]
        lines.append(",".join(values + [""] * (len(headings) + 1 - len(values)))[:-1])
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


class ImportingAnyFile(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.organisation = OrganisationFactory(name="Wessex Council", slug="wessex")
        potholes = OfferingFactory(
            organisation=cls.organisation, definition=standard_definition("pothole")
        )
        OfferingFactory(
            organisation=cls.organisation,
            definition=standard_definition("missed-bin"),
            team=potholes.team,
        )

    @settings(
        max_examples=60, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(data=st.one_of(csv_files(), st.binary(max_size=400)))
    @example(data=HEAD + b"A-1,Pothole,0001-01-01T00:00+01:00,,,,,")
    @example(data=HEAD + b"A-1,Pothole,0001-01-01,,,,,")
    @example(data=HEAD + b"A-1,Pothole,2026-02-01,,,a\x00b,,")
    @example(data=HEAD + "A-1,Pothole,2026-02-01,,,é,,".encode("cp1252"))
    @example(data=HEAD + b'A-1,Pothole,2026-02-01,,,"' + b"x" * 200_000 + b'",,')
    @example(data=HEAD + b"A-1,Pothole,2026-02-01,,,,nan,inf")
    def test_a_file_is_imported_whole_or_refused_with_nothing_written(self, data) -> None:
        cases, events = Case.objects.count(), Event.objects.count()
        check = imports.check_cases(
            organisation=self.organisation, mapping=MAPPING, data=data, now=NOW
        )
        try:
            result = imports.import_cases(
                organisation=self.organisation, mapping=MAPPING, data=data, now=NOW
            )
        except imports.ImportRefused as refused:
            assert not check.ok
            assert refused.errors and all(error.message for error in refused.errors)
            assert (Case.objects.count(), Event.objects.count()) == (cases, events)
            assert ImportRun.objects.get().status == ImportRun.Status.REFUSED
        else:
            assert check.ok and check.error_count == 0
            assert result.written == len(check.rows) == Case.objects.count() - cases
            assert result.run.status == ImportRun.Status.DONE


@settings(max_examples=150, derandomize=True, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=200),
        st.binary(max_size=200),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=10),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.text(max_size=10), inner, max_size=3)
            ),
            max_leaves=10,
        ).map(json.dumps),
    )
)
@example(text="[" * 100_000)
@example(text="columns: {reference: 09}")
@example(text="a: !!timestamp 2026-13-45")
@example(text="? [a]\n: b")
@example(text="~: 1\n1: 2\ncolumns: {}")  # keys that are not text: a TypeError, found by fuzzing
def test_a_mapping_is_read_or_refused_with_reasons(text):
    try:
        mapping = parse_mapping(text)
    except MappingInvalid as invalid:
        assert invalid.errors and all(isinstance(error, str) for error in invalid.errors)
    else:
        assert set(mapping.columns) >= {"reference", "category", "opened"}
