"""Photos a resident has added but not yet sent, held in storage between the steps.

A photo is checked and re-encoded the moment it arrives (intake's own rules: type, size,
pixels; the copy kept has no EXIF), so a problem is shown next to the upload field at
once and a good photo is not lost when another answer is wrong. On sending, the kept
copies go to intake like any upload and are deleted. A draft that is never sent leaves
its photos here: `delete_abandoned` clears those older than a day.
"""

from collections.abc import Sequence
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import timezone

from commonweal.cases.submission import prepare_photos
from commonweal.services import engine

FOLDER = "portal-pending"
KEEP_FOR = timedelta(days=1)


def _path(token: str) -> str:
    return f"{FOLDER}/{token}.jpg"


def add(
    question: engine.Question, uploads: Sequence[UploadedFile], kept: list[dict[str, str]]
) -> tuple[list[dict[str, str]], list[str]]:
    """Keep the good uploads beside those already kept; return them all and any problems."""
    uploads = [upload for upload in uploads if upload.name or upload.size]
    if not uploads:
        return kept, []
    limit = question.max_photos  # without one, the engine's own limit is checked later
    if limit is not None and len(kept) + len(uploads) > limit:
        room = limit - len(kept)
        return kept, [
            f"You can add up to {limit} photo{'s' if limit != 1 else ''}. "
            + (f"Choose {room} or fewer." if room > 0 else "Remove one before adding another.")
        ]
    added, problems = [], []
    for upload in uploads:
        prepared, errors = prepare_photos([upload], question)
        problems += errors.get(question.id, [])
        for photo in prepared:
            default_storage.save(_path(photo.token), ContentFile(photo.content))
            added.append({"token": photo.token, "name": _short(upload.name or "photo")})
    return kept + added, problems


def _short(name: str) -> str:
    return name if len(name) <= 60 else f"{name[:28]}…{name[-28:]}"


def remove(token: str, kept: list[dict[str, str]]) -> list[dict[str, str]]:
    if any(photo["token"] == token for photo in kept):
        default_storage.delete(_path(token))
    return [photo for photo in kept if photo["token"] != token]


def uploads(kept: list[dict[str, str]]) -> list[UploadedFile]:
    """The kept photos as uploads for intake (a missing file is skipped)."""
    files = []
    for photo in kept:
        path = _path(photo["token"])
        if default_storage.exists(path):
            with default_storage.open(path, "rb") as stored:
                files.append(SimpleUploadedFile(photo["name"], stored.read(), "image/jpeg"))
    return files


def discard(kept: list[dict[str, str]]) -> None:
    for photo in kept:
        default_storage.delete(_path(photo["token"]))


def delete_abandoned(now=None) -> int:
    """Delete kept photos older than KEEP_FOR (for a periodic task); return how many."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    try:
        _, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in names:
        path = f"{FOLDER}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            deleted += 1
    return deleted
