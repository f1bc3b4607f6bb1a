"""Backup and restore round-trip every table and the media files, and refuse bad archives."""

import hashlib
import io
import json
import sqlite3
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connections
from PIL import Image

from commonweal.accounts.models import User
from commonweal.cases import intake
from commonweal.cases.models import Attachment, Case
from commonweal.demo.content import create_demo
from commonweal.organisations.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database(transactional_db, tmp_path) -> Iterator:
    """The default database as a file: on SQLite a copy of the in-memory test database.

    A backup of an in-memory database means nothing, so for the test the default
    connection points at a real file (WAL and all); PostgreSQL's test database is real.
    """
    connection = connections["default"]
    if connection.vendor != "sqlite":
        yield connection
        return
    connection.ensure_connection()
    path = tmp_path / "commonweal.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    wrapper = type(connection)({**connection.settings_dict, "NAME": str(path)}, alias="default")
    connections["default"] = wrapper
    try:
        yield wrapper
    finally:
        wrapper.close()
        connections["default"] = connection


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def every_table() -> dict[str, tuple[int, str]]:
    """Each model's table (M2M through tables too): its row count and a digest of its rows."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = [field.attname for field in model._meta.concrete_fields]
        digest, count = hashlib.sha256(), 0
        for row in model._base_manager.order_by("pk").values_list(*columns):
            digest.update(repr(row).encode())
            count += 1
        tables[model._meta.db_table] = (count, digest.hexdigest())
    return tables


def media(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "JPEG")
    return SimpleUploadedFile("pothole.jpg", out.getvalue(), content_type="image/jpeg")


def backup(path: Path) -> Path:
    call_command("backup", output=path, stdout=io.StringIO())
    return path


def restore(path: Path, *, yes: bool = False) -> str:
    out = io.StringIO()
    call_command("restore", str(path), yes=yes, stdout=out)
    return out.getvalue()


def rewritten(archive: Path, change: Callable[[str, bytes], bytes]) -> Path:
    """A copy of the archive with each member's bytes passed through `change`."""
    copy = archive.with_name("altered.tar.gz")
    with tarfile.open(archive) as source, tarfile.open(copy, "w:gz") as target:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return copy


def manifest_change(**changes) -> Callable[[str, bytes], bytes]:
    def change(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        for key, value in changes.items():
            manifest[key] = value(manifest[key])
        return json.dumps(manifest).encode()

    return change


def test_a_restore_brings_back_every_table_and_the_media(database, _media, tmp_path):
    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    create_demo()
    case = intake.submit(
        service_code="pothole",
        answers={"location": {"lat": 52.2053, "lon": 0.1218}, "position": "road"}
        | {"dangerous": False},
        channel="web",
        photos=[photo()],
    )
    attachment = Attachment.objects.get(case=case)
    before, files_before = every_table(), media(_media)
    assert before[Case._meta.db_table][0] == 1 and len(files_before) == 1

    archive = backup(tmp_path / "backup.tar.gz")

    Path(attachment.file.path).unlink()
    Case.objects.all().delete()
    Organisation.objects.filter(pk=case.organisation_id).update(name="Renamed")
    User.objects.create_user(email="new@example.org", password="x" * 12)
    (_media / "stray.txt").write_text("not in the backup")
    assert every_table() != before

    with pytest.raises(CommandError, match="already holds data"):
        restore(archive)
    said = restore(archive, yes=True)

    assert "Row counts match the manifest" in said
    assert every_table() == before
    assert media(_media) == files_before
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert set(before) <= set(manifest["row_counts"])
    assert manifest["database"]["vendor"] == database.vendor
    assert manifest["migrations"]["cases"]


@pytest.fixture
def small_backup(database, _media, tmp_path) -> Path:
    """A backup of a database holding one organisation and one media file."""
    Organisation.objects.create(name="Backed-up Council", slug="backed-up")
    _media.mkdir(parents=True, exist_ok=True)
    (_media / "note.txt").write_text("kept")
    archive = backup(tmp_path / "small.tar.gz")
    Organisation.objects.create(name="Made after the backup", slug="after")
    return archive


def test_an_altered_member_is_refused_and_nothing_changes(small_backup):
    altered = rewritten(
        small_backup, lambda name, data: b"changed" if name == "media/note.txt" else data
    )
    with pytest.raises(CommandError, match=r"altered or damaged: media/note.txt does not match"):
        restore(altered, yes=True)
    assert Organisation.objects.filter(slug="after").exists()


def test_an_extra_member_is_refused(small_backup, tmp_path):
    extra = tmp_path / "extra.txt"
    extra.write_text("slipped in")
    with tarfile.open(small_backup) as source:
        members = [(m, source.extractfile(m).read()) for m in source]
    altered = tmp_path / "extra.tar.gz"
    with tarfile.open(altered, "w:gz") as target:
        for member, data in members:
            target.addfile(member, io.BytesIO(data))
        target.add(extra, arcname="media/extra.txt")
    with pytest.raises(CommandError, match=r"media/extra.txt is not in the manifest"):
        restore(altered, yes=True)


def test_a_backup_from_the_other_database_is_refused(small_backup, database):
    other = "postgresql" if database.vendor == "sqlite" else "sqlite"
    altered = rewritten(small_backup, manifest_change(database=lambda d: d | {"vendor": other}))
    with pytest.raises(CommandError, match=r"this site runs on .*same database"):
        restore(altered, yes=True)
    assert Organisation.objects.filter(slug="after").exists()


def test_a_backup_from_newer_migrations_is_refused(small_backup):
    future = manifest_change(migrations=lambda m: m | {"cases": ["9999_from_the_future"]})
    with pytest.raises(CommandError, match=r"newer Commonweal.*cases.9999_from_the_future"):
        restore(rewritten(small_backup, future), yes=True)
    assert Organisation.objects.filter(slug="after").exists()


def test_a_manifest_that_does_not_match_its_database_is_refused(small_backup, database):
    if database.vendor != "sqlite":
        pytest.skip("SQLite only: a PostgreSQL dump's rows are counted once restored")
    wrong = manifest_change(row_counts=lambda c: c | {"organisations_organisation": 99})
    with pytest.raises(CommandError, match="does not hold the rows its manifest lists"):
        restore(rewritten(small_backup, wrong), yes=True)
    assert Organisation.objects.filter(slug="after").exists()


def test_an_empty_database_is_restored_without_yes(small_backup):
    call_command("flush", interactive=False, verbosity=0)
    said = restore(small_backup)
    assert "Row counts match the manifest" in said
    assert Organisation.objects.filter(slug="backed-up").exists()


def test_a_small_backup_restores_with_yes(small_backup, _media):
    (_media / "note.txt").write_text("changed since")
    restore(small_backup, yes=True)
    assert not Organisation.objects.filter(slug="after").exists()
    assert Organisation.objects.filter(slug="backed-up").exists()
    assert (_media / "note.txt").read_text() == "kept"


def test_sqlite_refuses_while_another_process_has_the_file_open(small_backup, database):
    if database.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL restores with other sessions connected")
    other = sqlite3.connect(database.settings_dict["NAME"])
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("SELECT COUNT(*) FROM organisations_organisation").fetchone()
    try:
        with pytest.raises(CommandError, match="Stop Commonweal's web and task workers"):
            restore(small_backup, yes=True)
    finally:
        other.close()
    assert Organisation.objects.filter(slug="after").exists()


def test_something_not_an_archive_is_refused(database, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar file")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        restore(junk)
