"""Open311 API keys: issued per organisation and client, shown once, stored hashed, revocable.

How keys are made, kept and looked up: `core.credentials`.
"""

from django.db import IntegrityError, transaction

from commonweal.core.credentials import PREFIX_LENGTH, find_working, hash_key, new_key, revoke_row
from commonweal.organisations.models import ApiClient, Organisation

_ATTEMPTS = 5


def assign_new_key(client: ApiClient) -> str:
    """Give an unsaved client a fresh key (its prefix and hash) and return the key."""
    key = new_key()
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
    return find_working(
        ApiClient.objects.select_related("organisation").filter(organisation__active=True), key
    )


def revoke(*, client: ApiClient) -> ApiClient:
    """Stop the key working, from the next request on. Revoking twice changes nothing."""
    return revoke_row(client)
