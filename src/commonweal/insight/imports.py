"""Importing historical cases from CSV, for dashboards that start before Commonweal did.

`import_cases` checks the whole file against a mapping (`import_mapping`) first and
writes nothing unless every row is right (`import_check` lists every problem with its
line). Then it writes the cases in batches, each batch in one transaction together with
the run's count of rows done (`ImportRun.rows_done`), so a run that stops part-way —
stopped on purpose after some batches, or killed — is resumed by importing the same
file again: it goes on after the last complete batch and makes no case twice.

Each imported case: a new Commonweal reference (the old one is kept in its answers as
`imported_reference`, with `imported_channel` and `imported_category`), channel
`import`, the state its status gives (open: the workflow's initial state; closed: its
first closing state), its due time from the service's SLA in working days, and the
events the insight rollups count: `submitted` at the opened time and, for a case not in
its initial state, a `transition` at the closed time. No reporter: no personal data is
imported. Open cases already overdue are marked as such without firing the overdue rules,
which are for cases that become overdue now.
"""

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from commonweal.core.dbstats import refresh_statistics
from commonweal.insight.import_check import KEPT_ERRORS, FileCheck, RowError, check_file
from commonweal.insight.import_mapping import Mapping, mapping_from_document
from commonweal.insight.import_models import ImportRun
from commonweal.insight.import_writes import write_batch
from commonweal.organisations.models import Membership, Organisation, Role
from commonweal.organisations.permissions import can_edit_organisation, is_platform_admin

__all__ = [
    "AlreadyImported",
    "ImportRefused",
    "ImportResult",
    "ImportRunBusy",
    "NotAllowed",
    "can_import_cases",
    "check_cases",
    "file_hash",
    "import_cases",
    "last_mapping",
    "organisations_to_import_for",
    "prepare_import",
]
BATCH_SIZE = 5000
STATISTICS_AFTER_ROWS = 10_000  # a larger import refreshes the query planner's statistics
MAX_BYTES = 1024 * 1024 * 1024  # the command's limit; the upload page sets its own

Progress = Callable[[int, int, int], None]  # rows done, rows in all, rows written by this call


class NotAllowed(PermissionError):
    """The person may not import cases for the organisation."""


class ImportRefused(ValueError):
    """The file or the mapping has problems: every one is listed, and nothing was written."""

    def __init__(self, check: FileCheck, message: str = "") -> None:
        self.check = check
        self.errors: list[RowError] = check.errors
        count = check.error_count
        super().__init__(
            message or f"The file has {count:,} problem{'s' * (count != 1)}: nothing was imported."
        )


class AlreadyImported(ValueError):
    """The same file was imported for the organisation already, to the end."""

    def __init__(self, run: ImportRun) -> None:
        self.run = run
        when = timezone.localtime(run.finished_at or run.updated_at)
        super().__init__(
            f"This file was imported for {run.organisation.name} on {when:%d %B %Y at %H:%M} "
            f"({run.rows_done:,} cases): nothing more to do."
        )


@dataclass
class ImportResult:
    run: ImportRun
    written: int = 0  # rows written by this call
    resumed_from: int = 0  # rows an earlier call had written
    seconds: float = 0.0
    notices: list[str] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        return self.written / self.seconds if self.seconds else 0.0


def can_import_cases(user, organisation: Organisation) -> bool:
    """Organisation administrators (and platform administrators) import historical cases."""
    return can_edit_organisation(user, organisation)


def organisations_to_import_for(user) -> list[Organisation]:
    """The active organisations whose cases the user may import, by name."""
    if is_platform_admin(user):
        return list(Organisation.objects.filter(active=True).order_by("name"))
    ids = Membership.objects.filter(user=user, role=Role.ADMIN).values_list(
        "organisation_id", flat=True
    )
    return list(Organisation.objects.filter(pk__in=ids, active=True).order_by("name"))


def last_mapping(organisation: Organisation) -> Mapping | None:
    """The mapping of the organisation's latest import, to use again; None before any."""
    run = ImportRun.objects.filter(organisation=organisation).exclude(mapping={}).first()
    return mapping_from_document(run.mapping) if run is not None else None


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def find_run(*, organisation: Organisation, data: bytes) -> ImportRun | None:
    return ImportRun.objects.filter(organisation=organisation, file_hash=file_hash(data)).first()


def check_cases(
    *,
    organisation: Organisation,
    mapping: Mapping,
    data: bytes,
    max_bytes: int = MAX_BYTES,
    now: datetime | None = None,
) -> FileCheck:
    """Check the file as `import_cases` would; write nothing."""
    run = find_run(organisation=organisation, data=data)
    return check_file(
        organisation=organisation,
        mapping=mapping,
        data=data,
        max_bytes=max_bytes,
        now=now or timezone.now(),
        run_id=run.pk if run else None,
    )


def import_cases(
    *,
    organisation: Organisation,
    mapping: Mapping,
    data: bytes,
    actor=None,
    file_name: str = "",
    batch_size: int = BATCH_SIZE,
    stop_after_batches: int | None = None,
    progress: Progress | None = None,
    max_bytes: int = MAX_BYTES,
    now: datetime | None = None,
) -> ImportResult:
    """Check the whole file, then write its cases batch by batch (see the module notes).

    `actor` None is the platform's operators at the command line. `stop_after_batches`
    stops after that many batches (status "stopped"), as an interrupted run would.
    `progress(rows_done, rows_total, written)` is called after each batch is committed.
    """
    _allowed(actor, organisation)
    now = now or timezone.now()
    started = time.perf_counter()
    run, check = _checked(organisation, mapping, data, actor, file_name, batch_size, max_bytes, now)
    if not check.ok:
        raise ImportRefused(check)
    # Written oldest first: each batch then adds to the ends of the cases' time indexes
    # instead of all through them (two to three times faster), in the same order on a rerun.
    planned = sorted(check.rows, key=lambda row: (row.submitted_at, row.line))
    result = ImportResult(run=run, resumed_from=run.rows_done, notices=check.notices)
    with _large_page_cache():
        _write_batches(run, planned, check, organisation, now, stop_after_batches, progress, result)
    if result.written >= STATISTICS_AFTER_ROWS:
        refresh_statistics(after_bulk_load=True)
    result.seconds = time.perf_counter() - started
    return result


def _write_batches(run, planned, check, organisation, now, stop_after_batches, progress, result):
    batches = 0
    while run.rows_done < run.rows_total:
        if stop_after_batches is not None and batches >= stop_after_batches:
            ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.STOPPED)
            run.status = ImportRun.Status.STOPPED
            break
        done = run.rows_done
        batch = planned[done : done + run.batch_size]
        with transaction.atomic():
            _claim(run, done, done + len(batch))
            write_batch(
                rows=batch,
                services=check.services,
                organisation_id=organisation.pk,
                run_id=run.pk,
                now=now,
            )
        run.rows_done = done + len(batch)
        result.written += len(batch)
        batches += 1
        if progress is not None:
            progress(run.rows_done, run.rows_total, result.written)
    else:
        run.status, run.finished_at = ImportRun.Status.DONE, timezone.now()
        run.save(update_fields=["status", "finished_at", "updated_at"])


@contextlib.contextmanager
def _large_page_cache() -> Iterator[None]:
    """On SQLite, 64 MB of page cache while importing (the default is 2 MB), and the
    write-ahead log copied back into the database every 64 MB instead of every 4 MB.

    Every case goes into seventeen indexes, two of them (reference, place) in no useful
    order; with the indexes' pages in memory, writing takes about a fifth less time, and
    with fewer copies back a page changed by many batches is copied once (7% less).
    """
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    before = raw.execute("PRAGMA cache_size").fetchone()[0]
    checkpoint = raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    raw.execute("PRAGMA cache_size = -65536")
    raw.execute("PRAGMA wal_autocheckpoint = 16384")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size = {int(before)}")
        raw.execute(f"PRAGMA wal_autocheckpoint = {int(checkpoint)}")


def prepare_import(
    *,
    organisation: Organisation,
    mapping: Mapping,
    data: bytes,
    actor=None,
    file_name: str = "",
    max_bytes: int = MAX_BYTES,
    now: datetime | None = None,
) -> tuple[ImportRun, FileCheck]:
    """Check the file and record the check on its import run, ready to start; write no case.

    The upload page's first step. A run stopped part-way stays stopped, ready to go on.
    """
    _allowed(actor, organisation)
    now = now or timezone.now()
    run, check = _checked(organisation, mapping, data, actor, file_name, BATCH_SIZE, max_bytes, now)
    if check.ok and not run.rows_done:
        run.status = ImportRun.Status.CHECKED
        run.save(update_fields=["status", "updated_at"])
    elif check.ok:
        run.status = ImportRun.Status.STOPPED
        run.save(update_fields=["status", "updated_at"])
    return run, check


def _allowed(actor, organisation: Organisation) -> None:
    if actor is not None and not can_import_cases(actor, organisation):
        raise NotAllowed(
            f"Only administrators of {organisation.name} can import its cases. Ask one of them "
            "to import the file, or to make you an administrator."
        )


def _checked(organisation, mapping, data, actor, file_name, batch_size, max_bytes, now):
    """The file's run (made if new) with this check recorded on it, and the check."""
    digest = file_hash(data)
    run = ImportRun.objects.filter(organisation=organisation, file_hash=digest).first()
    if run is not None and run.status == ImportRun.Status.DONE:
        raise AlreadyImported(run)
    document = mapping.as_document()
    if run is not None and run.rows_done and run.mapping != document:
        check = FileCheck()
        check.add(
            0,
            f"This file was partly imported ({run.rows_done:,} of {run.rows_total:,} cases) "
            "with another mapping: import it again with the mapping it began with, "
            "so that the rest is read the same way.",
        )
        return run, check
    check = check_file(
        organisation=organisation,
        mapping=mapping,
        data=data,
        max_bytes=max_bytes,
        now=now,
        run_id=run.pk if run else None,
    )
    run = _record_check(run, organisation, digest, document, check, actor, file_name, batch_size)
    return run, check


def _claim(run: ImportRun, done: int, new: int) -> None:
    """Move the run's count on, first thing in the batch's transaction; refuse if moved."""
    moved = ImportRun.objects.filter(pk=run.pk, rows_done=done).update(
        rows_done=new, status=ImportRun.Status.RUNNING, updated_at=timezone.now()
    )
    if not moved:
        raise ImportRunBusy(
            "Another import of this file is running: wait for it to finish, then look at "
            "its progress on the imports page."
        )


class ImportRunBusy(RuntimeError):
    """Two imports of one file at once: the second stops without writing."""


def _record_check(run, organisation, digest, document, check, actor, file_name, batch_size):
    """Record the check on the run (made now if the file is new); rows done are kept."""
    if run is None:
        run = ImportRun(organisation=organisation, file_hash=digest, batch_size=batch_size)
    if not run.rows_done:
        run.batch_size, run.mapping = batch_size, document
    run.file_name = file_name[:255] or run.file_name
    run.started_by = actor if actor is not None else run.started_by
    run.errors = [[e.line, e.message] for e in check.errors[:KEPT_ERRORS]]
    run.error_count, run.notices = check.error_count, check.notices
    if check.ok:
        run.rows_total = len(check.rows)
        run.status = ImportRun.Status.RUNNING
    elif not run.rows_done:
        run.status = ImportRun.Status.REFUSED
    if run.pk is None:
        run.save()
    else:
        # Never rows_done: another import of the file may be moving it on meanwhile.
        run.save(update_fields=[*_CHECK_FIELDS, "updated_at"])
    return run


_CHECK_FIELDS = (
    "batch_size", "mapping", "file_name", "started_by", "errors", "error_count", "notices",
    "rows_total", "status",
)  # fmt: skip
