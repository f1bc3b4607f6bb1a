"""Photos are judged by their content, re-encoded as plain JPEG, and large images refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from commonweal.cases import attachments
from commonweal.cases.tests.factories import CaseFactory


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "GIF", "JPEG"])
def test_each_accepted_format_becomes_a_jpeg(fmt):
    image = Image.new("RGB", (300, 200), (10, 120, 200))
    photo = attachments.prepare_photo(SimpleUploadedFile("x.bin", encoded(image, fmt)))
    with Image.open(io.BytesIO(photo.content)) as result:
        assert (result.format, result.size) == ("JPEG", (300, 200))
    assert len(photo.token) == 32


def test_transparency_is_laid_on_white():
    image = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
    photo = attachments.prepare_photo(SimpleUploadedFile("a.png", encoded(image, "PNG")))
    with Image.open(io.BytesIO(photo.content)) as result:
        assert min(result.getpixel((25, 25))) > 240


def test_a_decompression_bomb_is_refused_from_its_header():
    bomb = Image.new("1", (10_000, 5_000))  # 50 megapixels in a few kilobytes of PNG
    data = encoded(bomb, "PNG")
    assert len(data) < 100_000
    with pytest.raises(attachments.PhotoRefused, match=r"too large \(10000 by 5000 pixels\)"):
        attachments.prepare_photo(SimpleUploadedFile("small.png", data))


@pytest.mark.parametrize(
    "content",
    [b"", b"%PDF-1.7 not a photo", b"\x89PNG\r\n\x1a\n truncated", b"<svg></svg>"],
)
def test_what_is_not_an_image_is_refused(content):
    with pytest.raises(attachments.PhotoRefused):
        attachments.prepare_photo(SimpleUploadedFile("photo.jpg", content))


def test_a_truncated_jpeg_is_refused():
    data = encoded(Image.new("RGB", (400, 400), "blue"), "JPEG")
    with pytest.raises(attachments.PhotoRefused, match="not a photo"):
        attachments.prepare_photo(SimpleUploadedFile("cut.jpg", data[: len(data) // 3]))


@pytest.mark.django_db
def test_store_photo_saves_the_file_under_a_random_name():
    case = CaseFactory()
    data = encoded(Image.new("RGB", (64, 48), "green"), "PNG")
    attachment = attachments.store_photo(
        case=case, upload=SimpleUploadedFile("holiday-snap.png", data)
    )
    assert attachment.file.name == f"attachments/{case.pk}/{attachment.token}.jpg"
    assert "holiday" not in attachment.file.name
    assert (attachment.width, attachment.height) == (64, 48)
