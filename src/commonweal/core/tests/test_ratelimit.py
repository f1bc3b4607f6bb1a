"""The rate limiter: counts per scope and key, a limit of 0 is none, waits read well."""

import pytest

from commonweal.core import ratelimit


def test_each_key_has_its_own_count_and_the_excess_is_told_how_long_to_wait(settings):
    settings.RATE_LIMITS = {"test": "2/3600"}
    verdicts = [ratelimit.hit(scope="test", key="a").allowed for _ in range(3)]
    assert verdicts == [True, True, False]
    refused = ratelimit.hit(scope="test", key="a")
    assert not refused.allowed and 3500 < refused.retry_after <= 3600
    assert ratelimit.hit(scope="test", key="b").allowed


def test_a_limit_of_zero_or_an_unknown_scope_limits_nothing(settings):
    settings.RATE_LIMITS = {"off": "0/60"}
    assert all(ratelimit.hit(scope="off", key="a").allowed for _ in range(50))
    assert all(ratelimit.hit(scope="unknown", key="a").allowed for _ in range(50))


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1, "1 second"), (30, "30 seconds"), (60, "1 minute"), (61, "2 minutes"), (600, "10 minutes")],
)
def test_waits_are_said_in_words(seconds, text):
    assert ratelimit.wait_text(seconds) == text
