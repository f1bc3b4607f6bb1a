"""Tokens for staff clients of the REST API: shown once, stored hashed, revocable.

Made, kept and looked up as Open311 API keys are (`core.credentials`): only a prefix and
a hash are stored, so the database holds nothing a client could send. Tokens issued
before hashing (40 hexadecimal characters) were hashed in place by a migration and keep
working. A token acts as its user, with exactly the user's roles.
"""

from django.db import transaction
from django.utils import timezone

from commonweal.accounts.models import ApiToken, User
from commonweal.core.credentials import PREFIX_LENGTH, find_working, hash_key, new_key, revoke_row


class TokenExists(Exception):
    """The user already has a working token and replacing it was not asked for."""


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
    return find_working(ApiToken.objects.select_related("user"), key)


def revoke(*, token: ApiToken) -> ApiToken:
    """Stop the token working from the next request on. Revoking twice changes nothing."""
    return revoke_row(token)


def revoke_all(*, user: User) -> int:
    """Revoke every working token of the user; return how many there were."""
    return active_tokens(user).update(revoked_at=timezone.now())
