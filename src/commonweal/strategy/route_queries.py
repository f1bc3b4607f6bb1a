"""Reading an organisation's route for its page: what is late, unowned, drafted or missing.

- **Late**: under way, and its end date has passed, or a milestone is overdue (due
  before today and not done).
- **No owner**: under way without an owner (drafts are listed apart, as drafts).
- **Themes with a target but no initiative**: a current target (not superseded) in a
  theme that no initiative led by the organisation, under way or drafted, works towards.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet

from commonweal.organisations.models import Organisation
from commonweal.strategy.framework import load_framework
from commonweal.strategy.models import Initiative, Milestone, Target
from commonweal.strategy.timeline import Timeline, build_timeline

Status = Initiative.Status


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def led_by(organisation: Organisation) -> QuerySet[Initiative]:
    return (
        Initiative.objects.filter(lead_organisation=organisation)
        .select_related("owner__user", "lead_organisation")
        .prefetch_related(
            "partners",
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "id")),
        )
        .order_by("starts_on", "title")
    )


def partnered_by(organisation: Organisation) -> QuerySet[Initiative]:
    """Initiatives other organisations lead that name this one as a partner."""
    return (
        Initiative.objects.filter(partners=organisation)
        .exclude(status=Status.DRAFT)
        .select_related("lead_organisation")
        .order_by("starts_on", "title")
    )


def late_reasons(initiative: Initiative, *, today: date) -> list[str]:
    """Why an initiative under way is late (none if it is not)."""
    if initiative.status != Status.ACTIVE:
        return []
    reasons = []
    if initiative.ends_on and initiative.ends_on < today:
        reasons.append(f"It was due to end on {_day(initiative.ends_on)}")
    for milestone in initiative.milestones.all():
        if milestone.done_on is None and milestone.due_on < today:
            reasons.append(f"“{milestone.title}” was due on {_day(milestone.due_on)}")
    return reasons


@dataclass(frozen=True)
class Gap:
    theme: str
    title: str
    level: int
    due_on: date


@dataclass
class Route:
    organisation: Organisation
    planned: list[Initiative]
    drafts: list[Initiative]
    late: list[tuple[Initiative, list[str]]]
    unowned: list[Initiative]
    gaps: list[Gap]
    timeline: Timeline
    partnered: list[Initiative] = field(default_factory=list)


def theme_titles() -> dict[str, str]:
    return {theme.key: theme.title for theme in load_framework().themes}


def read_route(*, organisation: Organisation, today: date) -> Route:
    """Everything the route page shows about the organisation's initiatives."""
    initiatives = list(led_by(organisation))
    titles = theme_titles()
    for initiative in initiatives:
        initiative.theme_titles = [titles.get(key, key) for key in initiative.themes]
    planned = [i for i in initiatives if i.status != Status.DRAFT]
    drafts = [i for i in initiatives if i.status == Status.DRAFT]
    late = [(i, reasons) for i in planned if (reasons := late_reasons(i, today=today))]
    covered = {
        key for i in initiatives if i.status in (Status.ACTIVE, Status.DRAFT) for key in i.themes
    }
    targets = Target.objects.filter(organisation=organisation, superseded_at__isnull=True)
    gaps = [
        Gap(theme=t.theme, title=titles.get(t.theme, t.theme), level=t.level, due_on=t.due_on)
        for t in targets
        if t.theme not in covered
    ]
    order = list(titles)
    gaps.sort(key=lambda gap: order.index(gap.theme) if gap.theme in order else len(order))
    return Route(
        organisation=organisation,
        planned=planned,
        drafts=drafts,
        late=late,
        unowned=[i for i in planned if i.status == Status.ACTIVE and i.owner_id is None],
        gaps=gaps,
        timeline=build_timeline(planned, themes=list(titles.items()), today=today),
        partnered=list(partnered_by(organisation)),
    )
