"""Assessments: starting, scoring a theme at a time, resuming, completing, and history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commonweal.strategy import assessments
from commonweal.strategy.assessments import AssessmentRefused
from commonweal.strategy.framework import load_framework
from commonweal.strategy.models import Assessment, ThemeScore
from commonweal.strategy.tests.factories import scored, theme_keys


def test_starting_records_who_and_the_framework_version(council):
    assessment = assessments.start_assessment(organisation=council.org, actor=council.cio)

    assert assessment.status == Assessment.Status.IN_PROGRESS
    assert assessment.assessed_on == timezone.localdate()
    assert assessment.framework_version == load_framework().version
    assert assessment.started_by == council.cio
    assert list(assessment.assessors.all()) == [council.cio]


def test_starting_again_returns_the_assessment_in_progress(council):
    first = assessments.start_assessment(organisation=council.org, actor=council.cio)
    again = assessments.start_assessment(organisation=council.org, actor=council.admin)

    assert again == first
    assert Assessment.objects.count() == 1


def test_an_assessment_cannot_describe_a_future_day(council):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(AssessmentRefused, match="today's date or an earlier one"):
        assessments.start_assessment(
            organisation=council.org, actor=council.cio, assessed_on=tomorrow
        )
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("who", ["caseworker", "stranger"])
def test_only_executives_and_administrators_of_the_organisation_assess_it(council, who):
    with pytest.raises(AssessmentRefused, match="Only executives and administrators"):
        assessments.start_assessment(organisation=council.org, actor=getattr(council, who))
    assert not Assessment.objects.exists()


def test_scoring_records_the_level_evidence_and_who_scored(council):
    assessment = assessments.start_assessment(organisation=council.org, actor=council.cio)

    assessments.score_theme(
        assessment=assessment, theme="collaborate", level=3, evidence=" Shared plan ",
        actor=council.admin,
    )  # fmt: skip
    assessments.score_theme(assessment=assessment, theme="collaborate", level=4, actor=council.cio)

    score = ThemeScore.objects.get()
    assert (score.level, score.evidence, score.scored_by) == (4, "", council.cio)
    assert set(assessment.assessors.all()) == {council.cio, council.admin}


@pytest.mark.parametrize("level", [0, 6, -1, "3", 2.5, None])
def test_a_level_outside_1_to_5_is_refused_and_nothing_is_saved(council, level):
    assessment = assessments.start_assessment(organisation=council.org, actor=council.cio)

    with pytest.raises(AssessmentRefused, match="Choose a level from 1 to 5") as refusal:
        assessments.score_theme(
            assessment=assessment, theme="collaborate", level=level, actor=council.cio
        )
    assert refusal.value.field == "level"
    assert not ThemeScore.objects.exists()


def test_an_unknown_theme_and_overlong_evidence_are_refused(council):
    assessment = assessments.start_assessment(organisation=council.org, actor=council.cio)

    with pytest.raises(AssessmentRefused, match="no theme"):
        assessments.score_theme(
            assessment=assessment, theme="astrology", level=3, actor=council.cio
        )
    with pytest.raises(AssessmentRefused, match="5,000 characters or fewer"):
        assessments.score_theme(
            assessment=assessment, theme="collaborate", level=3, evidence="x" * 5001,
            actor=council.cio,
        )  # fmt: skip
    assert not ThemeScore.objects.exists()


def test_the_resume_point_is_the_first_theme_not_scored(council):
    keys = theme_keys()
    assessment = scored(council.org, 3, complete=False, only=(keys[0], keys[1], keys[3]))

    assert assessments.resume_point(assessment) == keys[2]
    assert assessments.resume_point(assessment, after=keys[2]) == keys[4]
    assert assessments.resume_point(assessment, after=keys[-1]) == keys[2]


def test_completing_needs_every_theme_and_names_the_missing_ones(council):
    keys = theme_keys()
    assessment = scored(council.org, 3, complete=False, only=keys[:-2])

    with pytest.raises(AssessmentRefused, match="2 themes to go") as refusal:
        assessments.complete_assessment(assessment=assessment, actor=council.cio)
    framework = load_framework()
    assert framework.theme(keys[-1]).title in refusal.value.message
    assert framework.theme(keys[-2]).title in refusal.value.message
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS


def test_a_completed_assessment_never_changes(council):
    keys = theme_keys()
    assessment = scored(council.org, 3, complete=False)

    assessments.complete_assessment(assessment=assessment, actor=council.cio)

    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.COMPLETE
    assert assessment.completed_at is not None
    with pytest.raises(AssessmentRefused, match="can no longer change"):
        assessments.score_theme(assessment=assessment, theme=keys[0], level=5, actor=council.cio)
    assert ThemeScore.objects.get(assessment=assessment, theme=keys[0]).level == 3


def test_history_is_the_completed_assessments_newest_first(council):
    today = timezone.localdate()
    old = scored(council.org, 2, assessed_on=today - timedelta(days=365))
    new = scored(council.org, 3, assessed_on=today - timedelta(days=1))
    scored(council.org, 4, complete=False)
    scored(council.other, 5)

    assert assessments.history(organisation=council.org) == [new, old]
    assert assessments.latest_completed(organisation=council.org) == new
