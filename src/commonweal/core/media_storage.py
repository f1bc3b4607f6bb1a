"""Where media files go: the local file system, or an S3-compatible bucket (MEDIA_STORAGE_URL).

Attachments, photos waiting to be sent, import files and open-data files are all written
through Django's default storage, so choosing the storage here moves every one of them.
The bucket is private: files are read back through Commonweal (attachments only by staff
who may see the case), never from public bucket URLs.

    s3://BUCKET[/PREFIX][?endpoint_url=URL&region_name=NAME&addressing_style=path]

Keys never go in the URL: boto3 finds them where it always does (AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY, a profile in ~/.aws, or the machine's role).
"""

from urllib.parse import parse_qsl, urlsplit

FILE_SYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"
S3_QUERY_OPTIONS = ("endpoint_url", "region_name", "addressing_style")
ADDRESSING_STYLES = ("auto", "path", "virtual")


class MediaStorageUrlError(ValueError):
    """MEDIA_STORAGE_URL cannot be used; the message says how to write it."""


def storage_from_url(url: str) -> dict:
    """The STORAGES["default"] entry that MEDIA_STORAGE_URL describes ("" or file: local)."""
    url = url.strip()
    if url in {"", "file:", "file://"}:
        return dict(FILE_SYSTEM)
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise MediaStorageUrlError(
            f"MEDIA_STORAGE_URL must start with s3:// (or be empty for local files), "
            f"not {parts.scheme or url!r}:// ."
        )
    if parts.username or parts.password:
        raise MediaStorageUrlError(
            "MEDIA_STORAGE_URL must not hold keys: set AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY instead."
        )
    bucket = parts.hostname or ""
    if not bucket:
        raise MediaStorageUrlError("MEDIA_STORAGE_URL names no bucket: write s3://BUCKET .")
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    unknown = sorted(set(query) - set(S3_QUERY_OPTIONS))
    if unknown:
        raise MediaStorageUrlError(
            f"MEDIA_STORAGE_URL has unknown options {', '.join(unknown)}: "
            f"use only {', '.join(S3_QUERY_OPTIONS)}."
        )
    style = query.get("addressing_style")
    if style is not None and style not in ADDRESSING_STYLES:
        raise MediaStorageUrlError(
            f"addressing_style must be one of {', '.join(ADDRESSING_STYLES)}, not {style!r}."
        )
    options = {
        "bucket_name": bucket,
        "location": parts.path.strip("/"),
        # Django's own behaviour: a name already taken gets a suffix, never overwritten.
        "file_overwrite": False,
        # No ACL on the objects: the bucket's own (private) policy applies.
        "default_acl": None,
        "querystring_auth": True,
        **{key: value for key, value in query.items() if value},
    }
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
