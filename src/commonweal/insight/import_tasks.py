"""Running an import started on the page: as a task, on a worker when there is a queue.

The embedded set-up runs tasks at once, in the request that starts the import; with a
queue backend a worker runs it and the run's page shows it moving on. Either way the file
waits in the default storage until the import is done, and an import that stops part-way
goes on from its last complete batch when started again.
"""

import contextlib

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django_tasks import task

from commonweal.insight import imports
from commonweal.insight.import_mapping import MappingInvalid, mapping_from_document
from commonweal.insight.import_models import ImportRun


def stored_name(run: ImportRun) -> str:
    """Where the checked file waits: never served, removed once imported."""
    return f"imports/{run.organisation_id}/{run.file_hash}.csv"


@task()
def run_import(*, run_id: int, actor_id: int | None) -> str:
    """Import the stored file of the run; the run records what happened. Returns its status."""
    run = ImportRun.objects.select_related("organisation").get(pk=run_id)
    name = stored_name(run)
    if run.status == ImportRun.Status.DONE or not default_storage.exists(name):
        return run.status
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    with default_storage.open(name, "rb") as stored:
        data = stored.read()
    # Problems are recorded on the run (its page lists them); a second import of the same
    # file at once stops without writing.
    with contextlib.suppress(
        imports.ImportRefused, imports.AlreadyImported, imports.ImportRunBusy, MappingInvalid
    ):
        imports.import_cases(
            organisation=run.organisation,
            mapping=mapping_from_document(run.mapping),
            data=data,
            actor=actor,
            file_name=run.file_name,
            batch_size=run.batch_size,
        )
    run.refresh_from_db()
    if run.status == ImportRun.Status.DONE:
        default_storage.delete(name)
    return run.status
