"""`commonweal generate --cases N`: fill the database with generated cases (demo.generate)."""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonweal.demo.generate import NoLiveOfferings, generate_cases

BAR = 30


class Command(BaseCommand):
    help = (
        "Add N generated cases to the live services, spread over the last years with "
        "seasons, channels and outcomes (the same seed on the same database gives the "
        "same cases). Run `commonweal demo --no-serve` first for the demo councils."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, required=True, help="how many cases to add")
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same cases")
        parser.add_argument(
            "--years", type=int, default=3, help="how many years before today they span"
        )

    def handle(self, *args, cases: int, seed: int, years: int, **options) -> None:
        if cases <= 0:
            raise CommandError(f"--cases must be a whole number of at least 1, not {cases}.")
        if not 1 <= years <= 20:
            raise CommandError(f"--years must be between 1 and 20, not {years}.")
        self._shown = 0.0
        self._started = time.perf_counter()
        try:
            made = generate_cases(count=cases, seed=seed, years=years, progress=self._progress)
        except NoLiveOfferings as problem:
            raise CommandError(str(problem)) from None
        self.stderr.write("")
        self.stdout.write(
            f"Generated {made.count:,} cases and {made.events:,} events from "
            f"{made.first:%d %B %Y} to {made.until:%d %B %Y} in {made.seconds:.1f} s: "
            f"{made.per_second:,.0f} cases/s."
        )
        self.stdout.write("The dashboards count them at the next `commonweal rollups` (or tick).")

    def _progress(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if done < total and now - self._shown < 0.2:
            return
        self._shown = now
        filled = BAR * done // total
        rate = done / max(now - self._started, 1e-9)
        self.stderr.write(
            f"\r[{'#' * filled}{'.' * (BAR - filled)}] {done:,}/{total:,} cases {rate:,.0f}/s",
            ending="",
        )
        self.stderr.flush()
