"""The board pack: the PDF opened and read back, its sections and figures, a period with no
data, who may make one, and the period form's errors."""

import io
import sys
from datetime import date, timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from commonweal.commissioning.tests.factories import ContractFactory
from commonweal.insight import board_pack
from commonweal.insight.tests.dashboard_world import make_world
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import MembershipFactory
from commonweal.strategy.models import Initiative
from commonweal.strategy.tests.factories import InitiativeFactory, TargetFactory, scored

pytestmark = pytest.mark.django_db

HEADINGS = ("Headline measures", "Maturity against targets", "The route", "Contract renewals")


@pytest.fixture
def world():
    return make_world()


def pdf_text(content: bytes) -> str:
    """The PDF's text, every run of spaces and line breaks made one space."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def download(client, user, query: str):
    client.force_login(user)
    return client.get(f"/insight/board-pack/?{query}")


@pytest.mark.usefixtures("weasyprint_ready")
def test_the_pack_has_the_organisation_the_period_the_sections_and_the_figures(client, world):
    today = timezone.localdate()
    scored(world.fenland, 2, assessed_on=today - timedelta(days=20))
    TargetFactory(organisation=world.fenland, theme="collaborate", level=4)
    InitiativeFactory(lead_organisation=world.fenland, title="Shared contact centre",
                      rag=Initiative.Rag.RED, ends_on=today - timedelta(days=5))  # fmt: skip
    ContractFactory(organisation=world.fenland, title="Grounds maintenance",
                    end_date=today + timedelta(days=200), notice_period_months=6)  # fmt: skip
    ContractFactory(organisation=world.hunts, title="Someone else's contract",
                    end_date=today + timedelta(days=200), notice_period_months=6)  # fmt: skip

    response = download(client, world.fenland_staff, "organisation=fenland&period=12-months")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    start = date(today.year - 1, today.month, today.day) + timedelta(days=1)
    assert response["Content-Disposition"] == (
        f'attachment; filename="board-pack-fenland-{start:%Y-%m-%d}-to-{today:%Y-%m-%d}.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 4
    text = pdf_text(response.content)
    assert "Board pack: Fenland District Council" in text
    assert f"{start.day} {start:%B %Y} to {today.day} {today:%B %Y}" in text
    for heading in HEADINGS:
        assert heading in text
    # Seven of Fenland's requests fall in the last 12 months, two in the 12 before.
    assert "Requests 7 2 Up 250%" in text
    assert "Requests by month" in text
    assert "Levels from the latest completed self-assessment" in text
    assert "Shared contact centre" in text
    assert "was due to end on" in text
    assert "Grounds maintenance" in text
    assert "Someone else's contract" not in text
    assert "Page 1 of" in text


def test_the_data_counts_the_period_s_requests(world):
    today = timezone.localdate()
    pack = board_pack.board_pack_data(
        organisation=world.fenland, start=today - timedelta(days=364), end=today
    )
    requests = next(h for h in pack.headlines if h.metric.key == "requests")
    # Fenland's cases reported 3 to 300 days ago fall in the last 365 days: seven of them.
    assert requests.value == 7
    assert not pack.no_data


@pytest.mark.usefixtures("weasyprint_ready")
def test_a_period_without_data_says_so(client, world):
    query = (
        "organisation=fenland&period=custom&from-day=1&from-month=1&from-year=2001"
        "&to-day=31&to-month=12&to-year=2001"
    )
    response = download(client, world.fenland_staff, query)

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "1 January 2001 to 31 December 2001" in text
    assert "There is no data for this period" in text
    assert "There are no figures for this period" in text
    assert "leads no initiatives" in text
    assert "No contract has a notice date in this time" in text


def test_the_form_lists_only_the_organisations_the_person_may_choose(client, world):
    response = download(client, world.fenland_staff, "")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Board pack</h1>' in page
    assert "Fenland District Council" in page
    assert "Huntingdonshire District Council" not in page


def test_another_organisation_s_staff_get_404(client, world):
    executive = MembershipFactory(organisation=world.hunts, role=Role.EXECUTIVE).user
    assert download(client, executive, "organisation=fenland&period=quarter").status_code == 404
    assert download(client, executive, "organisation=nowhere").status_code == 404


def test_caseworkers_and_residents_get_404(client, world):
    assert download(client, world.hunts_staff, "").status_code == 404
    assert download(client, world.resident, "").status_code == 404


@pytest.mark.usefixtures("weasyprint_ready")
def test_a_platform_admin_may_make_any_organisation_s_pack(client, world):
    response = download(client, world.admin, "organisation=wyre&period=30-days")
    assert response.status_code == 200
    assert "Wyre Forest District Council" in pdf_text(response.content)


def test_signing_in_is_needed(client, world):
    response = client.get("/insight/board-pack/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_a_bad_period_shows_the_form_s_error(client, world):
    query = "organisation=fenland&period=custom&from-day=31&from-month=2&from-year=2026"
    response = download(client, world.fenland_staff, query)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The start date must be a real date" in page
    assert "Enter the end date" in page


def test_without_weasyprint_the_page_says_so(client, world, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if not installed
    response = download(client, world.fenland_staff, "organisation=fenland&period=quarter")

    assert response.status_code == 503
    assert "This server cannot make PDFs at the moment" in response.content.decode()


@pytest.mark.usefixtures("weasyprint_ready")
def test_the_pack_fetches_nothing_but_data_urls():
    assert board_pack.refuse_remote("data:text/plain,hello") is not None


def test_the_pack_fetches_nothing_from_outside():
    with pytest.raises(ValueError, match="fetches nothing"):
        board_pack.refuse_remote("https://example.com/font.woff")
    with pytest.raises(ValueError, match="fetches nothing"):
        board_pack.refuse_remote("file:///etc/passwd")


def test_loading_weasyprint_leaves_photo_checks_refusing_truncated_files(weasyprint_ready):
    from PIL import ImageFile

    board_pack.weasyprint_html()

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False  # WeasyPrint sets it True on import
