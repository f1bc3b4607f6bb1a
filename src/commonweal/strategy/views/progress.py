"""An organisation's progress page: where it stands against its targets, and how it moves."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from commonweal.strategy import charts
from commonweal.strategy.progress import BENCHMARK_MINIMUM, Progress, progress
from commonweal.strategy.views.common import SECTION, may_manage, staff_page, visible_organisation


def _chart(found: Progress):
    if found.latest is None and not any(row.target for row in found.themes):
        return None
    if found.latest is not None:
        when = f"the assessment of {found.latest.assessed_on:%-d %B %Y}"
        current = f"The filled shape is each theme's level from {when}"
    else:
        current = "There is no completed assessment yet, so no current levels are drawn"
    description = (
        f"A radar chart with one spoke for each of the {len(found.themes)} themes, level 0 at "
        f"the centre and level 5 at the edge. {current}; the dashed line is the target. A "
        "theme with no level or no target is drawn at the centre. The table 'Levels and "
        "targets by theme' gives the same figures."
    )
    return charts.radar_chart(
        spokes=[charts.Spoke(row.title, row.current, row.target) for row in found.themes],
        title=f"Current level and target in each theme, {found.organisation.name}",
        description=description,
        chart_id="levels-chart",
    )


@staff_page
@require_GET
def progress_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = visible_organisation(request, slug)
    found = progress(organisation=organisation)
    context = {
        "organisation": organisation,
        "progress": found,
        "chart": _chart(found),
        "benchmark_minimum": BENCHMARK_MINIMUM,
        "kind": organisation.get_kind_display().lower(),
        "manages": may_manage(request, organisation),
        "current_section": SECTION,
    }
    return render(request, "strategy/progress/page.html", context)
