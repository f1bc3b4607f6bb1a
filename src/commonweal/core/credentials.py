"""Secrets that clients send (REST API tokens, Open311 API keys): made, hashed, looked up.

A secret is 43 random letters and digits (about 256 bits). Only its first 8 characters
(to recognise it in lists) and its SHA-256 hash are kept, so the database holds nothing a
client could send. Looking a secret up by its hash needs no constant-time comparison: an
attacker learns nothing from timing a lookup of a hash they cannot invert.
"""

import hashlib
import secrets
import string
from datetime import timedelta

from django.db.models import Model, QuerySet
from django.utils import timezone

KEY_LENGTH = 43
PREFIX_LENGTH = 8
MAX_KEY_LENGTH = 200
_ALPHABET = string.ascii_letters + string.digits
# last_used_at is written at most this often, so busy clients do not write on every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(KEY_LENGTH))


def find_working(candidates: QuerySet, key: str | None) -> Model | None:
    """The row of `candidates` (not revoked) holding this key, its last use noted; or None."""
    if not key or len(key) > MAX_KEY_LENGTH:
        return None
    found = candidates.filter(key_hash=hash_key(key), revoked_at__isnull=True).first()
    if found is None:
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at >= LAST_USED_RESOLUTION:
        type(found).objects.filter(pk=found.pk).update(last_used_at=now)
        found.last_used_at = now
    return found


def revoke_row(row: Model) -> Model:
    """Stop the row's secret working from the next request on. Twice changes nothing."""
    if row.revoked_at is None:
        row.revoked_at = timezone.now()
        type(row).objects.filter(pk=row.pk, revoked_at__isnull=True).update(
            revoked_at=row.revoked_at
        )
    return row
