"""`commonweal apikey create|list|revoke`: issue, list and revoke API keys.

commonweal apikey create --organisation SLUG --name NAME   prints the new key once
commonweal apikey list [--organisation SLUG]
commonweal apikey revoke PREFIX
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from commonweal.organisations import api_keys
from commonweal.organisations.models import ApiClient, Organisation


def _organisation(slug: str) -> Organisation:
    try:
        return Organisation.objects.get(slug=slug)
    except Organisation.DoesNotExist:
        raise CommandError(
            f"There is no organisation with the slug “{slug}”. "
            "See the slugs in the admin, under Organisations.",
            returncode=1,
        ) from None


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "never"


class Command(BaseCommand):
    help = "Issue, list and revoke the API keys that Open311 clients use."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        create = actions.add_parser("create", help="issue a new key (printed once)")
        create.add_argument("--organisation", required=True, metavar="SLUG")
        create.add_argument("--name", required=True, metavar="NAME", help="who uses the key")
        listing = actions.add_parser("list", help="list keys (never the keys themselves)")
        listing.add_argument("--organisation", metavar="SLUG")
        revoke = actions.add_parser("revoke", help="stop a key working")
        revoke.add_argument("prefix", metavar="PREFIX", help="the key's first 8 characters")

    def handle(self, *args, action: str, **options) -> None:
        if action == "create":
            self._create(options["organisation"], options["name"])
        elif action == "list":
            self._list(options.get("organisation"))
        else:
            self._revoke(options["prefix"])

    def _create(self, slug: str, name: str) -> None:
        if not name.strip():
            raise CommandError("Give the key a --name saying who uses it.", returncode=1)
        organisation = _organisation(slug)
        client, key = api_keys.create_key(organisation=organisation, name=name)
        self.stdout.write(f"API key for {client.name} ({organisation.name}):\n\n    {key}\n")
        self.stdout.write(
            self.style.WARNING(
                "Store this key safely now: it is shown only this once and cannot be "
                f"recovered. It is listed as {client.key_prefix}…"
            )
        )

    def _list(self, slug: str | None) -> None:
        clients = ApiClient.objects.select_related("organisation")
        if slug:
            clients = clients.filter(organisation=_organisation(slug))
        rows = list(clients)
        if not rows:
            self.stdout.write("No API keys.")
            return
        self.stdout.write(
            f"{'PREFIX':<10}{'STATUS':<9}{'ORGANISATION':<32}{'CREATED':<18}{'LAST USED':<18}NAME"
        )
        for client in rows:
            status = "revoked" if client.is_revoked else "active"
            self.stdout.write(
                f"{client.key_prefix:<10}{status:<9}{client.organisation.slug[:30]:<32}"
                f"{_when(client.created_at):<18}{_when(client.last_used_at):<18}{client.name}"
            )

    def _revoke(self, prefix: str) -> None:
        wanted = prefix.strip()[: api_keys.PREFIX_LENGTH]
        found = None
        if len(wanted) == api_keys.PREFIX_LENGTH:
            found = (
                ApiClient.objects.select_related("organisation").filter(key_prefix=wanted).first()
            )
        if found is None:
            raise CommandError(
                f"No API key starts with “{prefix}”. Give the 8 characters that "
                "`commonweal apikey list` shows.",
                returncode=1,
            )
        if found.is_revoked:
            self.stdout.write(f"The key {found.key_prefix}… ({found.name}) was already revoked.")
            return
        api_keys.revoke(client=found)
        self.stdout.write(
            f"Revoked the key {found.key_prefix}… of {found.name} ({found.organisation.name})."
        )
