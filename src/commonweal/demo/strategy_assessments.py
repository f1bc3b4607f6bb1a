"""Self-assessments and targets for the demo organisations.

Cambridgeshire County Council has two completed assessments about a year apart, written by
its CIO, and targets for every theme and for most outcome measures. Four of the district
councils have one completed assessment each, so a district's progress page shows the
anonymous benchmark (three or more others of its kind); the county, the only county in the
demo, shows why it has none.

Written through `strategy.assessments` and `strategy.targets`; an organisation that already
has a completed assessment is left as it is, so running again adds nothing.
"""

from datetime import timedelta

from django.utils import timezone

from commonweal.accounts.models import User
from commonweal.organisations.models import Organisation
from commonweal.strategy import assessments, targets
from commonweal.strategy.framework import load_framework

COUNTY = "E10000003"
DISTRICTS = {"E07000008": 3, "E07000009": 2, "E07000010": 2, "E07000011": 3}
CIO = "cio@cambridgeshire.example.org"
ADMIN = "admin@example.org"
# The county's levels a year ago and now, theme by theme in the framework's order.
COUNTY_BEFORE = (2, 2, 1, 2, 2, 1, 2, 1, 2, 1, 2, 2, 3, 2, 2)
COUNTY_NOW = (3, 3, 2, 3, 3, 2, 3, 2, 2, 2, 3, 3, 3, 3, 2)
OUTCOME_TARGETS = {
    "online-share": "75",
    "sla-compliance": "90",
    "resident-satisfaction": "4.2",
    "assets-adopted": "8",
    "reuse-savings": "150000",
}
EVIDENCE = "Agreed at the corporate leadership team; the board papers hold the detail."


def _assess(organisation: Organisation, actor: User, levels, *, days_ago: int) -> None:
    assessment = assessments.start_assessment(
        organisation=organisation,
        actor=actor,
        assessed_on=timezone.localdate() - timedelta(days=days_ago),
    )
    for n, key in enumerate(load_framework().theme_keys):
        assessments.score_theme(
            assessment=assessment, theme=key, level=levels[n % len(levels)], evidence=EVIDENCE,
            actor=actor,
        )  # fmt: skip
    assessments.complete_assessment(assessment=assessment, actor=actor)


def create_demo_assessments(*, by_code: dict[str, Organisation]) -> int:
    """Assess the demo organisations that have no completed assessment; how many were made."""
    admin = User.objects.get(email=ADMIN)
    cio = User.objects.filter(email=CIO).first() or admin
    made = 0
    county = by_code[COUNTY]
    if assessments.latest_completed(organisation=county) is None:
        _assess(county, cio, COUNTY_BEFORE, days_ago=400)
        _assess(county, cio, COUNTY_NOW, days_ago=35)
        for n, key in enumerate(load_framework().theme_keys):
            level = min(COUNTY_NOW[n % len(COUNTY_NOW)] + 2, 5)
            targets.set_target(organisation=county, theme=key, level=level, actor=cio)
        for measure, value in OUTCOME_TARGETS.items():
            targets.set_outcome_target(organisation=county, measure=measure, value=value, actor=cio)
        made += 2
    for code, level in DISTRICTS.items():
        district = by_code[code]
        if assessments.latest_completed(organisation=district) is None:
            count = len(load_framework().theme_keys)
            levels = [max(1, min(5, level + (n % 3) - 1)) for n in range(count)]
            _assess(district, admin, levels, days_ago=60 + 7 * made)
            made += 1
    return made
