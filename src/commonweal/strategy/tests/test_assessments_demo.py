"""The demo gives the county two assessments a year apart with targets, and enough district
assessments for a district's benchmark; running it again adds nothing."""

import pytest

from commonweal.demo.content import create_demo
from commonweal.organisations.models import Organisation
from commonweal.strategy import assessments, progress, targets
from commonweal.strategy.models import Assessment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def test_the_demo_county_has_a_history_targets_and_the_districts_a_benchmark():
    create_demo()
    create_demo()

    county = Organisation.objects.get(gss_code="E10000003")
    history = assessments.history(organisation=county)
    assert len(history) == 2
    assert 300 < (history[0].assessed_on - history[1].assessed_on).days < 400
    assert len(targets.current_targets(organisation=county)) == 15
    assert targets.current_outcome_targets(organisation=county)
    assert not progress.progress(organisation=county).benchmark_shown

    cambridge = Organisation.objects.get(gss_code="E07000008")
    assert progress.progress(organisation=cambridge).benchmark_shown
    assert Assessment.objects.filter(status=Assessment.Status.IN_PROGRESS).count() == 0
    assert Assessment.objects.count() == 6
