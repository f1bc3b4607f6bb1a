"""Real concurrency: separate processes, each with its own connection, started at once.

On SQLite the racers share a file copy of the test database, opened with the project's
settings (WAL, `BEGIN IMMEDIATE`, busy timeout): the in-memory test database cannot be
shared between processes, and between threads it refuses a second writer at once
instead of waiting. On PostgreSQL they use the test database itself.
"""

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from commonweal.cases import intake
from commonweal.cases.models import Event
from commonweal.cases.tests.conftest import pothole_answers
from commonweal.cases.tests.factories import OfferingFactory, standard_definition
from commonweal.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS, EACH = 8, 25


@pytest.fixture
def shared_database(tmp_path) -> Iterator:
    """`publish()` makes what the test wrote so far visible to the racers; returns the URL.

    On SQLite it copies the in-memory database to a file, and afterwards `read` runs a
    query on that file; on PostgreSQL both use the test database.
    """
    path = tmp_path / "shared.sqlite3"

    class Shared:
        def publish(self) -> str:
            if connection.vendor != "sqlite":
                s = connection.settings_dict
                return (
                    f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:"
                    f"{s['PORT'] or 5432}/{s['NAME']}"
                )
            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.close()
            return f"sqlite:///{path}"

        def read(self, sql: str, *params) -> list[tuple]:
            if connection.vendor != "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute(sql.replace("?", "%s"), params)
                    return cursor.fetchall()
            with sqlite3.connect(path) as db:
                return db.execute(sql, params).fetchall()

    yield Shared()


def race(url: str, tmp_path: Path, jobs: list[list[str]]) -> list[list[dict]]:
    """Start one racer per job, release them together, and return what each said."""
    go = tmp_path / "go"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "commonweal.settings",
        "COMMONWEAL_VAR_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "testserver",
        "DEBUG": "1",  # static files from the source tree, not a collected manifest
        "EMAIL_URL": "dummy:",
    }
    racers = [
        subprocess.Popen(  # noqa: S603  (our own module, fixed arguments)
            [sys.executable, "-m", "commonweal.cases.tests.racer", str(go), *job],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for job in jobs
    ]
    try:
        for racer in racers:  # each is set up and waiting
            line = racer.stdout.readline()
            assert line == "ready\n", f"{line}{racer.stderr.read()}"
        go.touch()
        said = []
        for racer in racers:
            out, err = racer.communicate(timeout=600)
            assert racer.returncode == 0, err
            said.append([json.loads(line) for line in out.splitlines() if line])
        return said
    finally:
        for racer in racers:
            if racer.poll() is None:
                racer.kill()


def _council():
    organisation = OrganisationFactory(name="Racing County Council")
    OfferingFactory(organisation=organisation, definition=standard_definition("pothole"))
    return organisation


def test_eight_writers_at_once_all_succeed_with_unique_references(shared_database, tmp_path):
    organisation = _council()
    url = shared_database.publish()

    said = race(
        url,
        tmp_path,
        [["submit", str(organisation.pk), str(EACH), str(n)] for n in range(WRITERS)],
    )

    errors = [line["error"] for lines in said for line in lines if "error" in line]
    assert errors == []  # no "database is locked", nor anything else, reached a caller
    references = [line["reference"] for lines in said for line in lines]
    assert len(references) == len(set(references)) == WRITERS * EACH
    stored = shared_database.read("SELECT reference FROM cases_case")
    assert sorted(r for (r,) in stored) == sorted(references)


def test_two_staff_noting_one_case_at_once_one_wins_the_other_sees_what_changed(
    shared_database, tmp_path
):
    organisation = _council()
    staff = [MembershipFactory(organisation=organisation).user for _ in range(2)]
    case = intake.submit(
        service_code="pothole",
        answers=pothole_answers(),
        channel="phone",
        organisation=organisation,
    )
    words = [f"Careful words from racer {n}" for n in range(2)]
    url = shared_database.publish()

    said = race(
        url,
        tmp_path,
        [
            ["note", str(person.pk), case.reference, str(case.version), text]
            for person, text in zip(staff, words, strict=True)
        ],
    )

    answers = [lines[0] for lines in said]
    assert sorted(a["status"] for a in answers) == [302, 409]
    winner = next(n for n, a in enumerate(answers) if a["status"] == 302)
    loser = 1 - winner
    page = answers[loser]["page"]
    assert "Someone else changed this case" in page
    changes = page[page.index('id="what-changed"') :]
    changes = changes[: changes.index("</div>")]
    assert "Note" in changes and staff[winner].full_name in changes
    assert f">{words[loser]}</textarea>" in page  # what they typed is kept
    assert f'name="note-version" value="{case.version + 1}"' in page  # ready to resend

    events = shared_database.read(
        "SELECT kind, case_version, note FROM cases_event WHERE case_id = ? AND kind != ? "
        "ORDER BY id",
        case.pk,
        Event.Kind.NOTIFIED,
    )
    assert events == [("submitted", 1, ""), ("note", 2, words[winner])]
    assert shared_database.read("SELECT version FROM cases_case WHERE id = ?", case.pk) == [(2,)]
