"""Tokens for staff clients of the REST API: shown once, stored hashed, revocable.

The same approach as Open311 API keys (`organisations.api_keys`): a token is 43 random
letters and digits (about 256 bits); only its first 8 characters (to recognise it) and its
SHA-256 hash are kept, so the database holds nothing a client could send. Tokens issued
before hashing (40 hexadecimal characters) were hashed in place by a migration and keep
working. A token acts as its user, with exactly the user's roles.
"""

import hashlib
import secrets
import string
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from commonweal.accounts.models import ApiToken, User

KEY_LENGTH = 43
PREFIX_LENGTH = 8
MAX_KEY_LENGTH = 200
_ALPHABET = string.ascii_letters + string.digits
# last_used_at is written at most this often per token, so busy clients do not write every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenExists(Exception):
    """The user already has a working token and replacing it was not asked for."""


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(KEY_LENGTH))


def active_tokens(user: User):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


def create_token(*, user: User, replace: bool = False) -> tuple[ApiToken, str]:
    """Issue the user's token and return it with its key, which cannot be recovered later.

    A user has one working token at a time: with `replace`, the old one is revoked;
    without it, TokenExists is raised and nothing changes.
    """
    with transaction.atomic():
        current = active_tokens(user)
        if current.exists():
            if not replace:
                raise TokenExists(user.email)
            current.update(revoked_at=timezone.now())
        key = new_key()
        token = ApiToken.objects.create(
            user=user, prefix=key[:PREFIX_LENGTH], key_hash=hash_key(key)
        )
    return token, key


def authenticate_key(key: str | None) -> ApiToken | None:
    """The working token with this key (its user loaded), or None."""
    if not key or len(key) > MAX_KEY_LENGTH:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def revoke(*, token: ApiToken) -> ApiToken:
    """Stop the token working from the next request on. Revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=token.revoked_at
        )
    return token


def revoke_all(*, user: User) -> int:
    """Revoke every working token of the user; return how many there were."""
    return active_tokens(user).update(revoked_at=timezone.now())
