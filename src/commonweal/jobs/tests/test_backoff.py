"""Retry waits: doubling from the base, a little jitter that never reorders them, a ceiling."""

import random

import pytest

from commonweal.jobs.runner import LONGEST_WAIT_SECONDS, backoff_seconds


@pytest.mark.parametrize("seed", range(20))
def test_each_wait_doubles_with_at_most_a_quarter_more_and_grows_every_time(seed):
    rng = random.Random(seed)
    waits = [backoff_seconds(attempt=n, base=30, rng=rng) for n in range(1, 8)]
    for n, wait in enumerate(waits, start=1):
        assert 30 * 2 ** (n - 1) <= wait <= 30 * 2 ** (n - 1) * 1.25
    assert waits == sorted(set(waits))


def test_waits_stop_growing_at_six_hours():
    assert backoff_seconds(attempt=40, base=30) == LONGEST_WAIT_SECONDS == 6 * 60 * 60


def test_tasks_that_failed_together_come_back_at_different_moments():
    rng = random.Random(1)
    assert len({backoff_seconds(attempt=1, base=30, rng=rng) for _ in range(10)}) == 10
