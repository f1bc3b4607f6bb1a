"""DATABASE_URL: unset or empty means the embedded SQLite file under the var directory."""

import os
import subprocess
import sys

import pytest

SCRIPT = """
from django.conf import settings
database = settings.DATABASES["default"]
print(database["ENGINE"], database["NAME"])
"""


def database_for(database_url: str | None, var_dir) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "commonweal.settings"}
    env["COMMONWEAL_VAR_DIR"] = str(var_dir)
    env.pop("DATABASE_URL", None)
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    done = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("database_url", [None, "", "  "])
def test_no_database_url_gives_the_sqlite_file_in_the_var_directory(tmp_path, database_url):
    found = database_for(database_url, tmp_path)

    assert found == f"django.db.backends.sqlite3 {tmp_path / 'commonweal.sqlite3'}"


def test_a_database_url_is_used_as_given(tmp_path):
    found = database_for("postgres://someone:secret@db.example:5432/council", tmp_path)

    assert found == "django.db.backends.postgresql council"
