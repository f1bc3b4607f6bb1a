"""API keys: issued per organisation and client, shown once, stored hashed, revocable.

A key is 43 random letters and digits (about 256 bits). Only its first 8 characters
(to recognise it in lists) and its SHA-256 hash are kept. Looking a key up by its hash
needs no constant-time comparison: an attacker learns nothing from timing a lookup of a
hash they cannot invert.
"""

import hashlib
import secrets
import string
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from commonweal.organisations.models import ApiClient, Organisation

KEY_LENGTH = 43
PREFIX_LENGTH = 8
MAX_KEY_LENGTH = 200
_ALPHABET = string.ascii_letters + string.digits
# last_used_at is written at most this often per key, so busy clients do not write every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)
_ATTEMPTS = 5


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _new_key() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(KEY_LENGTH))


def assign_new_key(client: ApiClient) -> str:
    """Give an unsaved client a fresh key (its prefix and hash) and return the key."""
    key = _new_key()
    client.key_prefix = key[:PREFIX_LENGTH]
    client.key_hash = hash_key(key)
    return key


def create_key(*, organisation: Organisation, name: str) -> tuple[ApiClient, str]:
    """Make a client with a new key. The key is returned once and cannot be recovered."""
    for _ in range(_ATTEMPTS):
        client = ApiClient(organisation=organisation, name=name.strip())
        key = assign_new_key(client)
        try:
            with transaction.atomic():
                client.save(force_insert=True)
            return client, key
        except IntegrityError:
            if not ApiClient.objects.filter(key_prefix=client.key_prefix).exists():
                raise
    raise IntegrityError(f"No free key prefix after {_ATTEMPTS} tries.")


def authenticate_key(key: str | None) -> ApiClient | None:
    """The client holding this key, or None for a missing, unknown or revoked key."""
    if not key or len(key) > MAX_KEY_LENGTH:
        return None
    client = (
        ApiClient.objects.select_related("organisation")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True, organisation__active=True)
        .first()
    )
    if client is None:
        return None
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at >= LAST_USED_RESOLUTION:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return client


def revoke(*, client: ApiClient) -> ApiClient:
    """Stop the key working, from the next request on. Revoking twice changes nothing."""
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        ApiClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(
            revoked_at=client.revoked_at
        )
    return client
