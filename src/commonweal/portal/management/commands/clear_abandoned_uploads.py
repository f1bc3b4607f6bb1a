"""`commonweal clear-abandoned-uploads`: delete photos kept for unfinished requests (run daily)."""

from django.core.management.base import BaseCommand

from commonweal.portal.photos import KEEP_FOR, delete_abandoned


class Command(BaseCommand):
    help = f"Delete photos uploaded to requests never sent, once older than {KEEP_FOR}."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Deleted {delete_abandoned()} abandoned photo(s).")
