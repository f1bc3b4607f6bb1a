"""`commonweal validate-service` passes sound files and locates every error, with no database."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

SERVICES = Path(__file__).resolve().parents[4] / "data" / "services"
POTHOLE = SERVICES / "pothole.yaml"


def validate(*paths) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("validate_service", *map(str, paths), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def test_a_sound_file_gives_one_summary_line():
    code, out, err = validate(POTHOLE)
    assert code == 0
    assert out == (
        f"ok  {POTHOLE}: Report a pothole (pothole v1, highways, 7 questions, 6 states)\n"
    )
    assert err == ""


def test_every_shipped_file_passes():
    code, out, err = validate(*sorted(SERVICES.glob("*.yaml")))
    assert (code, err) == (0, "")
    assert len(out.splitlines()) >= 12
    assert all(line.startswith("ok  ") for line in out.splitlines())


def test_a_directory_stands_for_its_definition_files():
    code, out, _ = validate(SERVICES)
    assert code == 0
    assert len(out.splitlines()) == len(list(SERVICES.glob("*.yaml")))


def test_an_invalid_file_lists_every_error_with_its_file_and_location(tmp_path):
    broken = tmp_path / "broken.yaml"
    text = POTHOLE.read_text().replace("function: highways", "function: highway")
    text = text.replace("to: fixed,", "to: fixd,").replace("template: overdue}", "template: late}")
    broken.write_text(text)
    code, out, err = validate(POTHOLE, broken)
    assert code == 1
    assert out.startswith("ok  ")  # the sound file is still reported
    lines = err.splitlines()
    assert lines[0].startswith(f"{broken}: function: unknown function 'highway' (did you mean")
    assert (
        f"{broken}: workflow.transitions[2].to: unknown state 'fixd' (did you mean 'fixed'?)"
        in lines
    )
    assert (
        f"{broken}: rules[9].do[0].notify.template: unknown notification template 'late'" in lines
    )
    assert len(lines) == 3


def test_schema_errors_are_located(tmp_path):
    broken = tmp_path / "schema.json"
    broken.write_text('{"code": "x", "name": "X", "description": "d", "function": "highways"}')
    code, _, err = validate(broken)
    assert code == 1
    assert err.splitlines() == [
        f"{broken}: questions: is required",
        f"{broken}: workflow: is required",
        f"{broken}: sla: is required",
        f"{broken}: privacy: is required",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.yaml", None, "no such file"),
        ("not-yaml.yaml", "code: [unclosed\n", "(document): not valid YAML"),
        ("not-json.json", "{code: 1}", "(document): not valid JSON"),
        ("binary.yaml", b"\xff\xfe\x00\x81", "not a text file"),
        ("list.yaml", "- 1\n- 2\n", "(document): a service definition must be a mapping"),
    ],
)
def test_unreadable_files_are_errors_not_tracebacks(tmp_path, name, content, message):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    code, out, err = validate(path)
    assert code == 1
    assert out == ""
    assert err.startswith(f"{path}: ")
    assert message in err
    assert "Traceback" not in err


def test_the_installed_command_needs_no_database(tmp_path):
    command = [
        sys.executable,
        "-m",
        "commonweal",
        "validate-service",
        str(POTHOLE),
        str(tmp_path / "nope.yaml"),
    ]
    env = os.environ | {
        "COMMONWEAL_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": "test-only",
        # A server that is not there: any attempt to use the database would fail.
        "DATABASE_URL": "postgres://nobody:none@127.0.0.1:9/none",
    }
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)  # noqa: S603
    assert result.returncode == 1
    assert "ok  " in result.stdout
    assert f"{tmp_path / 'nope.yaml'}: no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_directory_without_definitions_is_an_error(tmp_path):
    code, out, err = validate(tmp_path)
    assert (code, out) == (1, "")
    assert err == f"{tmp_path}: is a directory with no .yaml, .yml or .json files in it\n"
