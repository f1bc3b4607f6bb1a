"""`commonweal import-cases FILE --organisation SLUG --mapping MAPPING [--check]`.

Checks the whole file against the mapping (see docs/import-cases.md) and, only when every
row is right, imports the cases in batches, drawing a progress bar on stderr and saying
how many rows a second it wrote. Run it again on the same file to finish an import that
stopped part-way. Exit code 0, or 1 when nothing was imported because of a problem.
"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonweal.insight import imports
from commonweal.insight.import_mapping import MappingInvalid, parse_mapping
from commonweal.organisations.models import Organisation

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Import historical cases from a CSV file, in batches (all rows checked first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="the CSV file")
        parser.add_argument("--organisation", required=True, metavar="SLUG")
        parser.add_argument(
            "--mapping", required=True, metavar="MAPPING", help="the mapping (JSON or YAML)"
        )
        parser.add_argument("--check", action="store_true", help="check only; write nothing")
        parser.add_argument("--batch-size", type=int, default=imports.BATCH_SIZE, metavar="N")
        parser.add_argument(
            "--stop-after", type=int, default=None, metavar="BATCHES",
            help="stop after this many batches (run again to go on)",
        )  # fmt: skip

    def handle(self, *args, file: str, organisation: str, mapping: str, **options) -> None:
        holder = Organisation.objects.filter(slug=organisation).first()
        if holder is None:
            raise CommandError(f"There is no organisation “{organisation}”.", returncode=1)
        data = self._read(Path(file))
        try:
            plan = parse_mapping(self._read(Path(mapping)))
        except MappingInvalid as invalid:
            for problem in invalid.errors:
                self.stderr.write(f"{mapping}: {problem}")
            raise CommandError("Nothing was imported: correct the mapping.", returncode=1) from None
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.", returncode=1)
        if options["check"]:
            found = imports.check_cases(organisation=holder, mapping=plan, data=data)
            self._notices(file, found.notices)
            if not found.ok:
                self._refuse(file, found)
            self.stdout.write(f"{file}: {len(found.rows):,} cases, no problems found.")
            return
        started = time.perf_counter()
        try:
            result = imports.import_cases(
                organisation=holder,
                mapping=plan,
                data=data,
                file_name=Path(file).name,
                batch_size=options["batch_size"],
                stop_after_batches=options["stop_after"],
                progress=self._bar(started),
            )
        except imports.ImportRefused as refused:
            self._notices(file, refused.check.notices)
            self._refuse(file, refused.check)
        except imports.AlreadyImported as done:
            self.stdout.write(str(done))
            return
        except imports.ImportRunBusy as busy:
            raise CommandError(str(busy), returncode=1) from None
        if result.written:
            sys.stderr.write("\n")  # end the progress bar's line
        self._notices(file, result.notices)
        run = result.run
        resumed = f" (going on after {result.resumed_from:,})" if result.resumed_from else ""
        speed = f"{result.rows_per_second:,.0f} rows a second, checking included"
        if run.status == run.Status.DONE:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {result.written:,} cases{resumed} for {holder.name} from {file} "
                    f"in {result.seconds:.1f} s: {speed}."
                )
            )
        else:
            self.stdout.write(
                f"Stopped after {run.rows_done:,} of {run.rows_total:,} cases{resumed} ({speed}). "
                "Run the same command again to import the rest."
            )

    def _read(self, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as problem:
            raise CommandError(f"Cannot read {path}: {problem.strerror}.", returncode=1) from None

    def _bar(self, started: float):
        def draw(done: int, total: int, written: int) -> None:
            share = done / total if total else 1
            filled = int(BAR_WIDTH * share)
            rate = written / max(time.perf_counter() - started, 1e-9)
            sys.stderr.write(
                f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {share:6.1%} "
                f"{done:,}/{total:,} rows, {rate:,.0f} rows/s"
            )
            sys.stderr.flush()

        return draw

    def _notices(self, file: str, notices: list[str]) -> None:
        for notice in notices:
            self.stderr.write(f"{file}: {notice}")

    def _refuse(self, file: str, check) -> None:
        for error in check.errors:
            self.stderr.write(f"{file}: {error}")
        count = check.error_count
        raise CommandError(
            f"Nothing was imported: {count:,} problem{'s' * (count != 1)}.", returncode=1
        )
