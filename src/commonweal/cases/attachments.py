"""Photos: checked by what they contain, re-encoded as plain JPEG, stripped of metadata.

A photo may show people, number plates or the inside of a home, and its EXIF data may
hold the exact place and the camera's owner. So every upload is decoded with Pillow
(whatever its name or declared type says), turned upright by its EXIF orientation,
bounded to MAX_SIDE pixels, and written out afresh as a JPEG carrying no metadata at all.
Refusals raise `PhotoRefused` with a message for the person who sent it.
"""

import io
import secrets
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from commonweal.cases.models import Attachment, Case

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel camera; far larger images are decompression bombs
MAX_SIDE = 2048
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
JPEG_QUALITY = 85


class PhotoRefused(ValueError):
    """An upload that is not a photo we can use; the message says why, in plain words."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo ready to store: its new random token and its re-encoded JPEG bytes."""

    token: str
    content: bytes
    width: int
    height: int


def _read(upload) -> bytes:
    """At most MAX_BYTES of the upload; refuse anything bigger without reading it all."""
    declared = getattr(upload, "size", None)
    if declared is not None and declared > MAX_BYTES:
        raise PhotoRefused(_too_big())
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise PhotoRefused(_too_big())
    if not data:
        raise PhotoRefused("The file is empty. Choose a photo and upload it again.")
    return data


def _too_big() -> str:
    return f"The photo must be smaller than {MAX_BYTES // (1024 * 1024)} MB."


NOT_A_PHOTO = "The file is not a photo we can use. Upload a JPEG, PNG, WebP or GIF image."


def _flatten(image: Image.Image) -> Image.Image:
    """RGB, with any transparency laid on white."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def prepare_photo(upload) -> PreparedPhoto:
    """Check and re-encode an upload (no database, no storage): see the module notes."""
    data = _read(upload)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    raise PhotoRefused(
                        f"The photo is too large ({opened.width} by {opened.height} pixels). "
                        "Upload a photo of 40 megapixels or fewer."
                    )
                opened.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a reduced scale
                opened.load()
                upright = ImageOps.exif_transpose(opened)
                image = _flatten(upright)
    except PhotoRefused:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ):
        raise PhotoRefused(NOT_A_PHOTO) from None
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    image.info = {}  # nothing of the original travels on: no EXIF, ICC, XMP or comments
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return PreparedPhoto(
        token=secrets.token_hex(16),
        content=out.getvalue(),
        width=image.width,
        height=image.height,
    )


def save_prepared(*, case: Case, photo: PreparedPhoto) -> Attachment:
    """Store a prepared photo for a saved case: the file first, then its row."""
    attachment = Attachment(
        case=case,
        token=photo.token,
        width=photo.width,
        height=photo.height,
        bytes=len(photo.content),
    )
    attachment.file.save(f"{photo.token}.jpg", ContentFile(photo.content), save=False)
    attachment.save()
    return attachment


def store_photo(*, case: Case, upload) -> Attachment:
    """Check, re-encode and store an upload for the case; `PhotoRefused` says why not."""
    return save_prepared(case=case, photo=prepare_photo(upload))


def delete_files(names: list[str]) -> None:
    """Remove stored files whose rows were rolled back."""
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)
