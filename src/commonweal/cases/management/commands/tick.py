"""`commonweal tick`: fire the overdue rules of cases that have passed their due time."""

from django.core.management.base import BaseCommand

from commonweal.cases import sla


class Command(BaseCommand):
    help = (
        "Fire the overdue rules of open cases that have passed their due time, once each. "
        "Safe to run every minute, and safe to run twice at once."
    )

    def handle(self, *args: object, **options: object) -> None:
        fired = sla.fire_overdue()
        cases = "case" if fired == 1 else "cases"
        self.stdout.write(f"Overdue rules fired for {fired} {cases}.")
