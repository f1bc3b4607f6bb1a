"""`commonweal rollups`: bring the daily rollups up to date; `--rebuild` starts them again."""

from django.core.management.base import BaseCommand

from commonweal.insight import rollups

BAR = 30


class Command(BaseCommand):
    help = (
        "Apply the case events not yet counted to the daily rollups (safe to run every "
        "minute, and twice at once). With --rebuild, recount everything from the cases "
        "and their events."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="Start again from every case and event."
        )

    def handle(self, *args: object, **options: object) -> None:
        if not options["rebuild"]:
            applied = rollups.catch_up()
            events = "event" if applied == 1 else "events"
            self.stdout.write(f"Rollups up to date: {applied} new {events} applied.")
            return
        seconds = rollups.timed_rebuild(progress=self._progress)
        self.stdout.write("")
        self.stdout.write(f"Rollups rebuilt in {seconds:.1f} s.")

    def _progress(self, done: int, total: int, what: str) -> None:
        filled = BAR * done // max(total, 1)
        self.stdout.write(
            f"\r[{'#' * filled}{'.' * (BAR - filled)}] {done}/{total} {what:<8}", ending=""
        )
        self.stdout.flush()
