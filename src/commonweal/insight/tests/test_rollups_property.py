"""Rollups kept by catch-up equal a full rebuild, after any sequence of real case changes."""

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from commonweal.cases.changes import ChangeRefused
from commonweal.cases.feedback import RatingRefused
from commonweal.cases.models import Case
from commonweal.insight import rollups
from commonweal.insight.tests.factories import (
    at,
    close,
    pothole_council,
    rate,
    reinspect,
    reopen,
    report,
)
from commonweal.insight.tests.test_rollups import snapshot

CHANNELS = ("web", "phone", "open311", "email")
steps = st.one_of(
    st.tuples(st.just("submit"), st.sampled_from(CHANNELS)),
    st.tuples(st.just("close"), st.integers(0, 5)),
    st.tuples(st.just("reopen"), st.integers(0, 5)),
    st.tuples(st.just("reinspect"), st.integers(0, 5)),
    st.tuples(st.just("rate"), st.integers(0, 5), st.integers(1, 5)),
    st.tuples(st.just("catch-up")),
)


class RollupsEqualRebuild(TestCase):
    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        plan=st.lists(st.tuples(steps, st.integers(1, 60)), min_size=1, max_size=14),
    )
    def test_catch_up_equals_rebuild(self, plan) -> None:
        council = pothole_council()
        when = at(2026, 3, 27, 8)  # Friday before the clocks change, Easter a week later
        cases: list[Case] = []
        for step, hours in plan:
            when += timedelta(hours=hours)
            kind = step[0]
            if kind == "submit":
                cases.append(report(council, when=when, channel=step[1]))
            elif kind == "catch-up":
                rollups.catch_up(batch=4)
            elif cases:
                case = Case.objects.get(pk=cases[step[1] % len(cases)].pk)
                try:
                    if kind == "close" and not case.is_closed:
                        close(council, case, when=when)
                    elif kind == "reopen" and case.is_closed:
                        reopen(council, case, when=when)
                    elif kind == "reinspect" and case.is_closed:
                        reinspect(council, case, when=when)
                    elif kind == "rate":
                        rate(case, score=step[2], when=when)
                except (ChangeRefused, RatingRefused):
                    pass
        rollups.catch_up(batch=7)
        kept = snapshot()
        rollups.rebuild()
        self.assertEqual(snapshot(), kept)
