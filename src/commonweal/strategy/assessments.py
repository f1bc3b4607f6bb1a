"""Self-assessment: an organisation scores every theme of the framework from 1 to 5.

One assessment is in progress at a time; it is scored a theme at a time, by any of the
organisation's executives and administrators (each is recorded), and can be left and taken
up again. Completing it needs every theme scored; a completed assessment never changes,
and the completed ones are the organisation's history.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from commonweal.organisations.models import Organisation
from commonweal.strategy.framework import Theme, load_framework
from commonweal.strategy.models import Assessment, ThemeScore
from commonweal.strategy.permissions import can_manage_strategy

LEVELS = range(1, 6)
MAX_EVIDENCE = 5000


class AssessmentRefused(ValueError):
    """A change that cannot be made; `field` names the part at fault ("level", "evidence")."""

    def __init__(self, message: str, field: str = "") -> None:
        self.message = message
        self.field = field
        super().__init__(message)


def _check_actor(actor, organisation: Organisation) -> None:
    if not can_manage_strategy(actor, organisation):
        raise AssessmentRefused(
            f"Only executives and administrators of {organisation.name} can assess it. "
            "Ask one of them to give you that role."
        )


def in_progress(*, organisation: Organisation) -> Assessment | None:
    return organisation.assessments.filter(status=Assessment.Status.IN_PROGRESS).first()


def start_assessment(
    *, organisation: Organisation, actor, assessed_on: date | None = None
) -> Assessment:
    """A new assessment against the current framework, or the one already in progress."""
    _check_actor(actor, organisation)
    today = timezone.localdate()
    assessed_on = assessed_on or today
    if assessed_on > today:
        raise AssessmentRefused(
            "An assessment describes where the organisation stands now: give today's date "
            "or an earlier one.",
            field="assessed_on",
        )
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        current = in_progress(organisation=organisation)
        if current is not None:
            return current
        assessment = Assessment.objects.create(
            organisation=organisation,
            framework_version=load_framework().version,
            assessed_on=assessed_on,
            started_by=actor,
        )
        assessment.assessors.add(actor)
        return assessment


def score_theme(
    *, assessment: Assessment, theme: str, level: int, evidence: str = "", actor
) -> ThemeScore:
    """Record (or change) the theme's level, with the evidence for it."""
    _check_actor(actor, assessment.organisation)
    if assessment.status != Assessment.Status.IN_PROGRESS:
        raise AssessmentRefused(
            "This assessment is complete and can no longer change. Start a new assessment "
            "to record where the organisation stands now."
        )
    framework = load_framework()
    if theme not in framework.theme_keys:
        raise AssessmentRefused(f"There is no theme “{theme}” in the framework.", field="theme")
    if type(level) is not int or level not in LEVELS:
        raise AssessmentRefused(
            f"Choose a level from 1 to 5 for {framework.theme(theme).title.lower()}.",
            field="level",
        )
    evidence = evidence.strip()
    if len(evidence) > MAX_EVIDENCE:
        raise AssessmentRefused(
            f"Enter evidence of {MAX_EVIDENCE:,} characters or fewer "
            f"(you entered {len(evidence):,}).",
            field="evidence",
        )
    with transaction.atomic():
        score, _ = ThemeScore.objects.update_or_create(
            assessment=assessment,
            theme=theme,
            defaults={"level": level, "evidence": evidence, "scored_by": actor},
        )
        assessment.assessors.add(actor)
        assessment.save(update_fields=["updated_at"])
    return score


def scores_of(assessment: Assessment) -> dict[str, ThemeScore]:
    """The assessment's scores by theme key."""
    return {score.theme: score for score in assessment.scores.select_related("scored_by")}


def missing_themes(assessment: Assessment) -> list[Theme]:
    """The themes not yet scored, in the framework's order."""
    scored = set(assessment.scores.values_list("theme", flat=True))
    return [theme for theme in load_framework().themes if theme.key not in scored]


def resume_point(assessment: Assessment, *, after: str | None = None) -> str | None:
    """The theme to take up next: the first not scored (after `after`, if given, then from
    the start); None when every theme is scored."""
    missing = [theme.key for theme in missing_themes(assessment)]
    if after is not None:
        keys = load_framework().theme_keys
        later = [key for key in missing if keys.index(key) > keys.index(after)]
        missing = later or missing
    return missing[0] if missing else None


def complete_assessment(*, assessment: Assessment, actor) -> Assessment:
    """Mark the assessment complete: every theme must be scored."""
    _check_actor(actor, assessment.organisation)
    if assessment.status != Assessment.Status.IN_PROGRESS:
        raise AssessmentRefused("This assessment is already complete.")
    missing = missing_themes(assessment)
    if missing:
        names = ", ".join(theme.title for theme in missing)
        count = f"{len(missing)} theme{'s' * (len(missing) != 1)}"
        raise AssessmentRefused(f"Score every theme before completing: {count} to go ({names}).")
    assessment.status = Assessment.Status.COMPLETE
    assessment.completed_at = timezone.now()
    assessment.save(update_fields=["status", "completed_at", "updated_at"])
    return assessment


def history(*, organisation: Organisation) -> list[Assessment]:
    """The organisation's completed assessments, newest first."""
    return list(
        organisation.assessments.filter(status=Assessment.Status.COMPLETE)
        .order_by("-assessed_on", "-id")
        .prefetch_related("scores", "assessors")
    )


def latest_completed(*, organisation: Organisation) -> Assessment | None:
    return (
        organisation.assessments.filter(status=Assessment.Status.COMPLETE)
        .order_by("-assessed_on", "-id")
        .first()
    )
