"""`commonweal tick`: the periodic sweep: overdue rules, then personal data past retention,
then the commands of higher layers named in settings.TICK_ALSO (the insight rollups' catch-up),
so that cases never imports them, then the query planner's statistics (SQLite)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from commonweal.cases import privacy, sla
from commonweal.core.dbstats import refresh_statistics


def cases(count: int) -> str:
    return f"{count} case" if count == 1 else f"{count} cases"


class Command(BaseCommand):
    help = (
        "Fire the overdue rules of open cases that have passed their due time, once each, "
        "and erase the personal data of closed cases kept for longer than their service's "
        "retention period. Safe to run every minute, and safe to run twice at once."
    )

    def handle(self, *args: object, **options: object) -> None:
        fired = sla.fire_overdue()
        self.stdout.write(f"Overdue rules fired for {cases(fired)}.")
        erased = privacy.erase_due()
        self.stdout.write(f"Personal data erased from {cases(erased)} past their retention period.")
        for command in getattr(settings, "TICK_ALSO", ()):
            call_command(command, stdout=self.stdout)
        if refresh_statistics():
            self.stdout.write("Query planner statistics refreshed.")
