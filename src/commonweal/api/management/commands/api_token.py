"""`commonweal api-token create|revoke|list`: tokens for staff clients of REST v1.

commonweal api-token create --email EMAIL [--replace]   prints the new token once
commonweal api-token revoke --email EMAIL               stops the user's token working
commonweal api-token list                               prefixes and dates, never tokens

A token acts as its user: it opens exactly what the user's roles open, no more. Only a
hash of it is stored (accounts.api_tokens); one user has one working token at a time.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from commonweal.accounts import api_tokens
from commonweal.accounts.models import ApiToken, User
from commonweal.organisations.permissions import is_platform_admin, organisations_with_cases


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "never"


class Command(BaseCommand):
    help = "Create, revoke or list REST API tokens for users (Authorization: Token <key>)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Make a token and print it (once).")
        create.add_argument("--email", required=True)
        create.add_argument(
            "--replace", action="store_true", help="Replace the user's token if they have one."
        )
        revoke = actions.add_parser("revoke", help="Stop the user's token working.")
        revoke.add_argument("--email", required=True)
        actions.add_parser("list", help="List tokens (their prefixes, never the tokens).")

    def handle(self, *args, action: str, **options) -> None:
        if action == "list":
            self._list()
            return
        email = options["email"]
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"There is no user with the e-mail address {email}.")
        if action == "revoke":
            revoked = api_tokens.revoke_all(user=user)
            self.stdout.write(f"Revoked the token of {user.email}." if revoked else "No token.")
            return
        self._create(user, replace=options["replace"])

    def _create(self, user: User, *, replace: bool) -> None:
        if not user.is_active:
            raise CommandError(f"{user.email} is not active, so a token would not work.")
        try:
            token, key = api_tokens.create_token(user=user, replace=replace)
        except api_tokens.TokenExists:
            raise CommandError(
                f"{user.email} already has a token. Use --replace to make a new one "
                "(the old one stops working)."
            ) from None
        if not (is_platform_admin(user) or organisations_with_cases(user)):
            self.stderr.write(
                f"Note: {user.email} has no role that shows cases, so the token opens "
                "only the public endpoints."
            )
        self.stderr.write(
            "Store this token safely now: it is shown only this once and cannot be "
            f"recovered. It is listed as {token.prefix}…"
        )
        self.stdout.write(key)

    def _list(self) -> None:
        tokens = list(ApiToken.objects.select_related("user"))
        if not tokens:
            self.stdout.write("No tokens.")
            return
        self.stdout.write(f"{'PREFIX':<10}{'STATUS':<9}{'CREATED':<18}{'LAST USED':<18}USER")
        for token in tokens:
            status = "revoked" if token.is_revoked else "active"
            self.stdout.write(
                f"{token.prefix:<10}{status:<9}{_when(token.created_at):<18}"
                f"{_when(token.last_used_at):<18}{token.user.email}"
            )
