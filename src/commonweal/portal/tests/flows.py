"""Steps a resident takes through the ask pages, with the Django test client."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

PARKERS_PIECE = ("52.2053", "0.1218")  # Cambridge: the city collects bins, the county mends roads
POTHOLE = {"q-position": "road", "q-dangerous": "no", "q-depth_cm": "3"}
CONTACT = {"name": "Ada Lovelace", "email": "ada@example.net", "phone": "01632 960 001"}


def missed_bin() -> dict:
    today = timezone.localdate()
    return {
        "q-bin_type": "recycling",
        "q-collection_date-day": str(today.day),
        "q-collection_date-month": str(today.month),
        "q-collection_date-year": str(today.year),
        "q-out_on_time": "yes",
    }


def html_of(response) -> str:
    assert response.status_code == 200, (response.status_code, response.headers.get("Location"))
    return response.content.decode()


def photo(name: str = "pothole.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 90, 90)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def locate(client, code: str = "pothole", lat: str = PARKERS_PIECE[0], lon=PARKERS_PIECE[1]):
    return client.post(
        f"/services/{code}/ask/location/", {"action": "continue", "lat": lat, "lon": lon}
    )


def answer(client, code: str = "pothole", answers: dict | None = None):
    if answers is None:
        answers = POTHOLE if code == "pothole" else missed_bin()
    return client.post(f"/services/{code}/ask/questions/", answers)


def contact(client, code: str = "pothole", details: dict | None = None):
    return client.post(f"/services/{code}/ask/contact/", CONTACT if details is None else details)


def send(client, code: str = "pothole"):
    return client.post(f"/services/{code}/ask/check/")


def ask(client, code: str = "pothole", *, answers=None, details=None, lat=None, lon=None):
    """The whole way through to the confirmation page; returns its HTML."""
    assert locate(client, code, lat or PARKERS_PIECE[0], lon or PARKERS_PIECE[1]).status_code == 302
    assert answer(client, code, answers).status_code == 302
    assert contact(client, code, details).status_code == 302
    sent = send(client, code)
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/ask/sent/"), sent
    return html_of(client.get(sent.headers["Location"]))


def report(
    code: str = "pothole",
    *,
    lat: float = 52.2053,
    lon: float = 0.1218,
    user=None,
    answers: dict | None = None,
    description: str = "",
):
    """A case made straight through intake, with a named reporter."""
    from commonweal.cases import intake

    if answers is None:
        answers = (
            {"position": "road", "dangerous": False}
            if code == "pothole"
            else {
                "bin_type": "recycling",
                "collection_date": timezone.localdate().isoformat(),
                "out_on_time": True,
            }
        )
    if description:
        answers = {**answers, "description": description}
    return intake.submit(
        service_code=code,
        answers=answers,
        channel="web",
        lat=lat,
        lon=lon,
        reporter=intake.ReporterDetails(
            name="Ada Lovelace", email="ada@example.net", phone="01632 960 001", user=user
        ),
        actor=user,
    )


def close_pothole(case, staff, *, public_note: str = "We filled it in.", internal: str = ""):
    """Book an inspection, then mark it fixed, as a caseworker."""
    from commonweal.cases import lifecycle

    case = lifecycle.transition(
        case=case, transition="triage", actor=staff, expected_version=case.version,
        internal_note=internal,
    )  # fmt: skip
    return lifecycle.transition(
        case=case, transition="fix", actor=staff, expected_version=case.version,
        public_note=public_note,
    )  # fmt: skip
