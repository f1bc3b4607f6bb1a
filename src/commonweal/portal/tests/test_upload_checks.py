"""A photo is judged by its content, not its name, and by its size: a disguised or
oversized file is refused next to the field, with the other answers kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commonweal.cases.attachments import MAX_BYTES
from commonweal.cases.models import Attachment
from commonweal.portal.tests.flows import POTHOLE, answer, html_of, locate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF",
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
    ],
    ids=["pdf", "html"],
)
def test_a_file_named_jpg_that_is_not_a_photo_is_refused(client, cambridge, content):
    locate(client)
    disguised = SimpleUploadedFile("pothole.jpg", content, "image/jpeg")

    html = html_of(answer(client, answers={**POTHOLE, "q-photos": disguised}))

    assert 'href="#q-photos">pothole.jpg:' in html
    assert 'value="road" checked' in html
    assert not Attachment.objects.exists()


def test_a_photo_over_the_size_limit_is_refused_with_the_limit_named(client, cambridge):
    locate(client)
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"\0" * MAX_BYTES, "image/jpeg")

    html = html_of(answer(client, answers={**POTHOLE, "q-photos": big}))

    assert "The photo must be smaller than 10 MB." in html
    assert 'value="road" checked' in html
