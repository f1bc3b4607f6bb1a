"""`Authorization: Token <key>` for staff clients, checked against hashed tokens.

A subclass of DRF's TokenAuthentication, so the header, the 401 answers and the OpenAPI
security scheme stay as they were; only the lookup changes (accounts.api_tokens).
"""

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from commonweal.accounts import api_tokens
from commonweal.accounts.models import ApiToken


class StaffTokenAuthentication(TokenAuthentication):
    model = ApiToken

    def authenticate_credentials(self, key: str):
        token = api_tokens.authenticate_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        return (token.user, token)
