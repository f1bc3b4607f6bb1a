"""A child process for the concurrency tests: its own Django, its own database connection.

Run as `python -m commonweal.cases.tests.racer GO_FILE JOB ...` with DATABASE_URL set to
the database under test. It sets itself up, prints "ready", waits for GO_FILE to exist
(so that every racer starts at once) and then prints one JSON line per thing it did.

Jobs:
- `submit ORGANISATION_ID COUNT WRITER`: COUNT pothole reports through `intake.submit`.
- `note USER_ID REFERENCE VERSION TEXT`: post a note on the workspace's case page, as a
  signed-in member of staff would, based on VERSION.
"""

import json
import sys
import time
from pathlib import Path


def _submit(organisation_id: str, count: str, writer: str) -> None:
    from commonweal.cases import intake
    from commonweal.organisations.models import Organisation

    organisation = Organisation.objects.get(pk=int(organisation_id))
    yield_ready()
    for n in range(int(count)):
        location = {"lat": 52.1 + int(writer) / 100, "lon": 0.05 + n / 1000}
        try:
            case = intake.submit(
                service_code="pothole",
                answers={"location": location, "position": "road", "dangerous": False},
                channel="phone",
                organisation=organisation,
            )
            say(reference=case.reference)
        except Exception as error:  # reported to the test, which fails on any
            say(error=f"{type(error).__name__}: {error}")


def _note(user_id: str, reference: str, version: str, text: str) -> None:
    from django.test import Client

    from commonweal.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(pk=int(user_id)))
    yield_ready()
    response = client.post(
        f"/workspace/cases/{reference}/notes/",
        {"note-version": version, "note-text": text, "note-visibility": "internal"},
    )
    say(status=response.status_code, page=response.content.decode())


GO: Path


def yield_ready() -> None:
    print("ready", flush=True)
    while not GO.exists():
        time.sleep(0.002)


def say(**what) -> None:
    print(json.dumps(what), flush=True)


if __name__ == "__main__":
    import django

    django.setup()
    GO = Path(sys.argv[1])
    job, args = sys.argv[2], sys.argv[3:]
    {"submit": _submit, "note": _note}[job](*args)
