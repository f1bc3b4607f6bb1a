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


def _notify_environment(notify) -> dict[str, str]:
    return {
        "NOTIFICATIONS_SENDER": "govuk-notify",
        "NOTIFY_API_KEY": notify.api_key,
        "NOTIFY_BASE_URL": notify.url,
        "NOTIFY_EMAIL_TEMPLATE_ID": "11111111-1111-1111-1111-111111111111",
        "NOTIFY_SMS_TEMPLATE_ID": "22222222-2222-2222-2222-222222222222",
        "TASKS_RETRY_SECONDS": "0.1",
    }


def test_a_message_notify_cannot_take_yet_is_sent_on_a_later_attempt(
    queue_url, report, start_worker, notify
):
    ada = intake.ReporterDetails(name="Ada Resident", email="ada@example.net", consent=True)
    case = report(reporter=ada)
    notify.fail_next = 2  # Notify answers 500 twice, then takes the message

    worker = start_worker("--max-tasks", "3", TASKS_MAX_ATTEMPTS="5", **_notify_environment(notify))
    _, log = worker.communicate(timeout=120)
    assert worker.returncode == 0, log

    (record,) = notify.records  # sent once, on the third attempt
    assert record.body["email_address"] == "ada@example.net"
    (notified,) = case.events.filter(kind="notified")  # only the outcome is in the history
    assert notified.data["sent"] is True
    queued = DBTaskResult.objects.get()
    assert queued.status == "SUCCESSFUL"
    assert list(queued.attempts.order_by("number").values_list("outcome", flat=True)) == [
        "retrying",
        "retrying",
        "succeeded",
    ]


def test_a_message_still_refused_after_the_last_attempt_is_recorded_as_not_sent(
    queue_url, report, start_worker, notify
):
    ada = intake.ReporterDetails(name="Ada Resident", email="ada@example.net", consent=True)
    case = report(reporter=ada)
    notify.fail_next = 10

    worker = start_worker("--max-tasks", "2", TASKS_MAX_ATTEMPTS="2", **_notify_environment(notify))
    _, log = worker.communicate(timeout=120)
    assert worker.returncode == 0, log

    assert notify.records == []
    (notified,) = case.events.filter(kind="notified")
    assert notified.data["sent"] is False
    assert "could not be sent after 2 tries" in notified.note
    assert "ada@example.net" not in notified.note
    # Given up by the task itself, on purpose: the queue shows it finished, not lost.
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_message_refused_for_good_is_not_tried_again(queue_url, report, start_worker, notify):
    ada = intake.ReporterDetails(name="Ada Resident", email="ada@example.net", consent=True)
    case = report(reporter=ada)
    notify.fail_with = (400, "Can't send to this recipient using a team-only API key")

    worker = start_worker("--batch", TASKS_MAX_ATTEMPTS="5", **_notify_environment(notify))
    _, log = worker.communicate(timeout=120)
    assert worker.returncode == 0, log

    (notified,) = case.events.filter(kind="notified")
    assert notified.data["sent"] is False
    assert "team-only API key" in notified.note
    assert DBTaskResult.objects.get().attempts.count() == 1
