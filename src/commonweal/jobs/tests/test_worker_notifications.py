"""A case's notification, queued when the case commits, is sent by a worker process."""

from django_tasks_db.models import DBTaskResult

from commonweal.cases import intake
from commonweal.cases.notifications import send_case_notification
from commonweal.cases.tests import conftest as cases_fixtures

# The cases tests' fixtures: a council that runs potholes, and a way to report one to it.
council = cases_fixtures.council
report = cases_fixtures.report


def test_the_reporter_is_e_mailed_by_the_worker_not_by_the_web_process(
    queue_url, report, start_worker
):
    ada = intake.ReporterDetails(name="Ada Resident", email="ada@example.net", consent=True)
    case = report(reporter=ada)

    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == send_case_notification.module_path
    assert not case.events.filter(kind="notified").exists()  # nothing sent yet

    worker = start_worker("--batch", EMAIL_URL="console:")
    sent, log = worker.communicate(timeout=120)
    assert worker.returncode == 0, log

    subject = f"We have your pothole report {case.reference}"
    assert f"Subject: {subject}" in sent
    assert "To: ada@example.net" in sent
    notified = case.events.get(kind="notified")
    assert notified.note == f"E-mail “{subject}” sent to the reporter."
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
