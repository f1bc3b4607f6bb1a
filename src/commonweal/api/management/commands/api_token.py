"""`commonweal api-token create|revoke --email EMAIL`: tokens for staff clients of REST v1.

A token acts as its user: it opens exactly what the user's roles open, no more. The key
is printed once, on creation; one user has at most one token.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token

from commonweal.accounts.models import User
from commonweal.organisations.permissions import is_platform_admin, organisations_with_cases


class Command(BaseCommand):
    help = "Create or revoke a REST API token for a user (Authorization: Token <key>)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Make a token and print it.")
        create.add_argument("--email", required=True)
        create.add_argument(
            "--replace", action="store_true", help="Replace the user's token if they have one."
        )
        revoke = actions.add_parser("revoke", help="Delete the user's token.")
        revoke.add_argument("--email", required=True)

    def handle(self, *args, action: str, email: str, **options) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"There is no user with the e-mail address {email}.")
        if action == "revoke":
            deleted, _ = Token.objects.filter(user=user).delete()
            self.stdout.write(f"Revoked the token of {user.email}." if deleted else "No token.")
            return
        self._create(user, replace=options["replace"])

    def _create(self, user: User, *, replace: bool) -> None:
        if not user.is_active:
            raise CommandError(f"{user.email} is not active, so a token would not work.")
        existing = Token.objects.filter(user=user)
        if existing.exists() and not replace:
            raise CommandError(
                f"{user.email} already has a token. Use --replace to make a new one "
                "(the old one stops working)."
            )
        existing.delete()
        token = Token.objects.create(user=user)
        if not (is_platform_admin(user) or organisations_with_cases(user)):
            self.stderr.write(
                f"Note: {user.email} has no role that shows cases, so the token opens "
                "only the public endpoints."
            )
        self.stdout.write(token.key)
