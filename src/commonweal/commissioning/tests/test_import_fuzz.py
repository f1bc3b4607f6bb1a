"""Any file given to the contracts import is imported whole or refused row by row, and a
refused file changes nothing."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from commonweal.commissioning import imports
from commonweal.commissioning.models import Contract
from commonweal.commissioning.tests.factories import nothing_changes, snapshot
from commonweal.organisations.tests.factories import OrganisationFactory

HEADINGS = [
    "Contract Reference Number", "Title", "Supplier Name", "Supplier Registered Company Number",
    "SME", "CPV Code", "Contract Start Date", "Contract End Date", "Annual Value (£)",
    "Total Value (£)", "Extension Options", "Notice Period (months)", "Status",
]  # fmt: skip
ODD = [
    "", " ", "=1+1", "=HYPERLINK(\"http://x\")", "+44 1234", "-2", "@SUM(A1)", "\t=cmd",
    "\"quoted\"", "a,b", "a;b", "line\nbreak", "\x00", "\ufeff", "🦔", "x" * 200_000,
]  # fmt: skip
cells = st.one_of(st.sampled_from(ODD), st.text(max_size=30))
dates = st.one_of(
    st.sampled_from(
        ["01/04/2025", "2027-03-31", "31.3.2027", "29/02/2025", "0/0/0000", "1/1/0001",
         "31/12/9999", "2025-02-30", "9999-99-99", "1 1 2026", "2026-01-01T10:00"]
    ),
    st.text(alphabet="0123456789-/. T", max_size=20),
)  # fmt: skip
money = st.one_of(
    st.sampled_from(
        ["1250000", "£1,250,000.00", "(500)", "-1", "1e9", "NaN", "Infinity", "999999999999.99",
         "1000000000000", "£", ",", ".", "1.2.3", "0", "3,750,000", "- 5"]
    ),
    st.decimals(allow_nan=True).map(str),
)  # fmt: skip
values = {
    "Contract Reference Number": st.one_of(st.sampled_from(["R-1", "r-1", ""]), cells),
    "Title": cells,
    "Supplier Name": st.one_of(st.sampled_from(["Urbaser Ltd", "urbaser ltd"]), cells),
    "Supplier Registered Company Number": st.sampled_from(
        ["04071044", "4071044", "SC123456", "", "12", "ABCDEFGH"]
    ),
    "SME": st.sampled_from(["Yes", "no", "", "maybe", "SME"]),
    "CPV Code": st.sampled_from(["90511000-2", "90610000", "48000000-8", "1", "", "90511000-9"]),
    "Contract Start Date": dates,
    "Contract End Date": dates,
    "Annual Value (£)": money,
    "Total Value (£)": money,
    "Extension Options": cells,
    "Notice Period (months)": st.sampled_from(["6", "0", "", "121", "-1", "½", "٣", "1e3"]),
    "Status": st.sampled_from(["active", "Expired", "", "dead"]),
}


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\n\r') else cell


@st.composite
def registers(draw) -> bytes:
    """A register much like a published one, with odd cells, missing or repeated columns,
    ragged rows, and various encodings and delimiters."""
    headings = draw(st.permutations(HEADINGS))
    headings = headings[: draw(st.integers(len(headings) - 3, len(headings)))]
    if draw(st.booleans()):
        headings.append(draw(st.sampled_from(["Title", "Value", "Notes"])))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    lines = [delimiter.join(_quoted(h) for h in headings)]
    for _ in range(draw(st.integers(0, 5))):
        row = [_quoted(draw(values.get(h, cells))) for h in headings]
        lines.append(delimiter.join(row[: draw(st.integers(len(row) - 1, len(row) + 1))]))
    text = draw(st.sampled_from(["\n", "\r\n"])).join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return text.encode(encoding, errors="replace")


class ImportingAnyRegister(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.council = OrganisationFactory(name="Fenland District Council")

    @settings(
        max_examples=60, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(data=st.one_of(registers(), st.binary(max_size=400)))
    @example(data=b"Title,Supplier,CPV,Start date,End date,Total value\nA,B,90511000,1/1/0001,"
             b"31/12/9999,999999999999.99")  # fmt: skip
    @example(data=b"Title,Supplier,CPV,Start date,End date,Total value\nA\x00,B,90511000,"
             b"1/1/2026,1/1/2027,100")  # fmt: skip
    @example(data=b"Title,Supplier,CPV,Start date,End date,Annual value,Notice period\n"
             b"A,B,90511000,1/1/0001,1/1/2027,100,120")  # fmt: skip
    def test_a_register_is_imported_whole_or_refused_with_nothing_written(self, data) -> None:
        before = snapshot()
        check = imports.check_register(organisation=self.council, data=data)
        try:
            made = imports.import_register(actor=None, organisation=self.council, data=data)
        except imports.ImportRefused as refused:
            assert not check.ok
            assert refused.errors and all(error.message for error in refused.errors)
            assert snapshot() == before
        else:
            assert check.ok
            assert (
                len(made) == len(check.rows) == Contract.objects.count() - len(before["Contract"])
            )
        with nothing_changes():  # checking writes nothing either
            imports.check_register(organisation=self.council, data=data)
