"""MEDIA_STORAGE_URL: photos and open-data files go to an S3-compatible bucket and come back
through the same pages; a URL that cannot work is refused with what to write instead.

The bucket is a real S3 server on loopback (moto's, in server mode): S3 itself is an
outside service these tests cannot reach.
"""

import io
import os
import socket
import subprocess
import sys

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from commonweal.cases import attachments
from commonweal.cases.tests.factories import CaseFactory, OfferingFactory
from commonweal.core.media_storage import MediaStorageUrlError, storage_from_url
from commonweal.insight import open_data
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import MembershipFactory, OrganisationFactory

BUCKET = "commonweal-media"
REGION = "eu-west-2"
KEYS = {"AWS_ACCESS_KEY_ID": "test-key", "AWS_SECRET_ACCESS_KEY": "test-secret"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name=REGION,
        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
    )  # fmt: skip
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    yield endpoint, client
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch, tmp_path):
    """Media in the bucket under `site/`, as MEDIA_STORAGE_URL would set it."""
    endpoint, client = s3_endpoint
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": storage_from_url(
            f"s3://{BUCKET}/site?endpoint_url={endpoint}&region_name={REGION}&addressing_style=path"
        ),
    }
    yield client
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in listed:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])


def keys(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(out, "PNG")
    return SimpleUploadedFile("pothole.png", out.getvalue(), content_type="image/png")


@pytest.mark.django_db
def test_a_photo_is_kept_in_the_bucket_and_shown_to_staff(bucket, client, settings):
    case = CaseFactory()
    attachment = attachments.store_photo(case=case, upload=png())
    staff = MembershipFactory(organisation=case.organisation, role=Role.CASEWORKER).user

    key = f"site/attachments/{case.pk}/{attachment.token}.jpg"
    assert keys(bucket) == [key]
    assert not settings.MEDIA_ROOT.exists()  # nothing written on this machine
    client.force_login(staff)
    response = client.get(f"/workspace/cases/{case.reference}/photos/{attachment.token}/")
    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    assert served == bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert served[:2] == b"\xff\xd8"


@pytest.mark.django_db
def test_the_bucket_is_not_public(bucket, s3_endpoint):
    case = CaseFactory()
    attachments.store_photo(case=case, upload=png())
    (key,) = keys(bucket)

    grants = bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert not [g for g in grants if "AllUsers" in str(g.get("Grantee", {}).get("URI", ""))]


@pytest.mark.django_db
def test_open_data_files_are_made_into_the_bucket_and_downloaded(
    bucket, client, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Wessex County Council", slug="wessex")
    offering = OfferingFactory(organisation=organisation)
    for _ in range(3):
        CaseFactory(offering=offering)

    first = open_data.make(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        again = open_data.make(organisation=organisation)

    made = sorted(f"site/{record.name}" for record in again.files)
    assert keys(bucket) == made  # the first making's files were removed
    assert {r.name for r in first.files}.isdisjoint(r.name for r in again.files)
    response = client.get("/open-data/wessex/cases.csv")
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("reference,service_code") and len(lines) == 4


def test_no_url_keeps_files_on_this_machine():
    assert storage_from_url("") == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_the_url_gives_bucket_prefix_and_options():
    found = storage_from_url(
        "s3://council-media/commonweal?endpoint_url=https://s3.example.net&region_name=eu-west-2"
    )
    assert found["BACKEND"] == "storages.backends.s3.S3Storage"
    options = found["OPTIONS"]
    assert (options["bucket_name"], options["location"]) == ("council-media", "commonweal")
    assert options["endpoint_url"] == "https://s3.example.net"
    assert options["file_overwrite"] is False and options["default_acl"] is None


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://bucket.example/", "must start with s3://"),
        ("s3://key:secret@bucket", "must not hold keys: set AWS_ACCESS_KEY_ID"),
        ("s3:///prefix", "names no bucket"),
        ("s3://bucket?endpoint=http://x", "unknown options endpoint: use only endpoint_url"),
        ("s3://bucket?addressing_style=sideways", "addressing_style must be one of"),
    ],
)
def test_a_url_that_cannot_work_says_what_to_write(url, message):
    with pytest.raises(MediaStorageUrlError, match=message):
        storage_from_url(url)


def test_the_server_refuses_to_start_with_a_bad_url(tmp_path):
    env = {
        **os.environ,
        "MEDIA_STORAGE_URL": "ftp://files.example/",
        "COMMONWEAL_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "commonweal.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "MEDIA_STORAGE_URL must start with s3://" in result.stderr
