"""The worker: a task outlives a killed worker and runs once; failures retry with backoff."""

import signal
import subprocess
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django_tasks.base import TaskResultStatus

from commonweal.jobs.models import Attempt
from commonweal.jobs.tests import tasks


def wait_until(condition: Callable[[], bool], *, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Gave up after {seconds} s waiting for {what}")
        time.sleep(0.05)


def finish(process: subprocess.Popen) -> tuple[int, str]:
    """Ask a worker to stop (SIGTERM) and return its exit code and log."""
    process.send_signal(signal.SIGTERM)
    _, log = process.communicate(timeout=60)
    return process.returncode, log


def test_a_task_whose_worker_is_killed_mid_way_runs_exactly_once_after_a_restart(
    start_worker, tmp_path
):
    marker = tmp_path / "started"
    result = tasks.write_then_sleep.enqueue(label="once", marker=str(marker), seconds=120)

    first = start_worker("--worker-id", "first")
    wait_until(marker.exists, what="the task to write its row and go to sleep")
    first.kill()
    first.wait(timeout=30)

    assert not Group.objects.filter(name="once").exists()  # its write died with it
    result.refresh()
    assert result.status == TaskResultStatus.READY
    assert not Attempt.objects.exists()

    second = start_worker("--worker-id", "second", "--batch")
    _, log = second.communicate(timeout=120)
    assert second.returncode == 0, log
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert result.worker_ids == ["second"]
    assert Group.objects.filter(name="once").count() == 1
    assert list(Attempt.objects.values_list("number", "worker_id", "outcome")) == [
        (1, "second", "succeeded")
    ]
    assert "Worker second started: queues default" in log
    assert f"Task {tasks.write_then_sleep.module_path} ({result.id}) attempt 1 succeeded" in log
    assert "No task is due: worker second stops." in log


def test_sigterm_lets_the_task_in_hand_finish_and_commit_before_the_worker_stops(
    start_worker, tmp_path
):
    marker = tmp_path / "started"
    result = tasks.write_then_sleep.enqueue(label="graceful", marker=str(marker), seconds=2)
    worker = start_worker("--worker-id", "polite")
    wait_until(marker.exists, what="the task to start")

    code, log = finish(worker)

    assert code == 0, log
    assert "SIGTERM: worker polite finishes the task in hand, then stops." in log
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert Group.objects.filter(name="graceful").count() == 1


def test_a_failing_task_is_retried_after_growing_waits_until_it_succeeds_or_runs_out(
    start_worker,
):
    base = 0.3
    flaky = tasks.fail_until.enqueue(label="flaky", succeed_on=3)
    hopeless = tasks.fail_until.enqueue(label="hopeless", succeed_on=99)
    worker = start_worker(TASKS_RETRY_SECONDS=str(base), TASKS_MAX_ATTEMPTS="3")

    def both_finished() -> bool:
        flaky.refresh()
        hopeless.refresh()
        return flaky.is_finished and hopeless.is_finished

    wait_until(both_finished, what="both tasks to finish")
    code, log = finish(worker)
    assert code == 0, log

    assert flaky.status == TaskResultStatus.SUCCESSFUL
    assert (flaky.return_value, flaky.attempts) == (3, 3)
    attempts = list(Attempt.objects.filter(result_id=flaky.id))
    assert [a.outcome for a in attempts] == ["retrying", "retrying", "succeeded"]
    for before, after, doubling in zip(attempts, attempts[1:], (1, 2), strict=False):
        wait = timedelta(seconds=base * doubling)
        assert before.retry_at - before.started_at >= wait
        assert before.retry_at - before.finished_at <= wait * 1.25
        assert after.started_at >= before.retry_at
    first_wait = attempts[0].retry_at - attempts[0].finished_at
    second_wait = attempts[1].retry_at - attempts[1].finished_at
    assert second_wait > first_wait
    assert attempts[0].error == "builtins.RuntimeError: flaky: attempt 1 fails on purpose"
    # A failed attempt's writes roll back with it: only the third attempt's group is left.
    assert list(Group.objects.values_list("name", flat=True)) == ["flaky attempt 3"]

    assert hopeless.status == TaskResultStatus.FAILED
    assert hopeless.attempts == 3
    assert hopeless.errors[0].exception_class_path == "builtins.RuntimeError"
    assert "attempt 3 fails on purpose" in hopeless.errors[0].traceback
    outcomes = Attempt.objects.filter(result_id=hopeless.id).values_list("outcome", flat=True)
    assert list(outcomes) == ["retrying", "retrying", "failed"]
    assert hopeless.attempts == 3

    assert "attempt 1 failed (builtins.RuntimeError: flaky: attempt 1 fails" in log
    assert "that was the last attempt" in log


def test_two_workers_share_the_queue_and_run_each_task_once(start_worker, tmp_path):
    results = [
        tasks.write_then_sleep.enqueue(
            label=f"task {n}", marker=str(tmp_path / f"{n}"), seconds=0.2
        )
        for n in range(8)
    ]
    workers = [start_worker("--worker-id", name, "--batch") for name in ("left", "right")]
    for worker in workers:
        _, log = worker.communicate(timeout=120)
        assert worker.returncode == 0, log

    for result in results:
        result.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL
        assert result.return_value == 1
    assert Group.objects.count() == 8
    assert Attempt.objects.count() == 8
