"""The board pack: one PDF for an organisation's chief executive, finance director and CIO.

For a chosen period it gathers, each from the module that owns it:

- **Headline measures** from the metric registry, against the period before (as the
  dashboard shows them), with the requests trend drawn as a chart.
- **Maturity**: the latest completed self-assessment's level in each theme against the
  current target (`strategy.progress`), with the radar chart.
- **The route**: the initiatives the organisation leads, by RAG rating, and those that are
  late or under way with no owner, as at the period's last day (`strategy.route_queries`).
- **Contract renewals**: contracts not ended whose notice date falls in the period or in
  the three months after it (`commissioning`).

A section with nothing to show says so in words; a period with no data at all still makes
a pack. WeasyPrint, which draws the PDF, is imported only when a PDF is asked for, and may
fetch nothing from the network: only `data:` URLs are allowed (fonts come from the system).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from PIL import ImageFile

from commonweal.commissioning.models import Contract
from commonweal.commissioning.validation import add_months
from commonweal.core.db_routers import replica_reads
from commonweal.insight import dashboards, metrics, rollups
from commonweal.insight.dashboards import Headline, Subject
from commonweal.insight.metrics import METRICS, Scope
from commonweal.insight.periods import Period
from commonweal.organisations.models import Organisation
from commonweal.strategy import charts as strategy_charts
from commonweal.strategy import progress, route_queries
from commonweal.strategy.models import Initiative

HEADLINES = dashboards.CASE_HEADLINES + dashboards.SHARING_HEADLINES
RENEWAL_MONTHS_AFTER = 3
RAG_ORDER = (("red", "Red"), ("amber", "Amber"), ("green", "Green"), ("", "Not rated"))


@dataclass
class RouteSummary:
    by_rag: list[tuple[str, list[Initiative]]]  # (label, initiatives under way)
    late: list[tuple[Initiative, list[str]]]
    unowned: list[Initiative]
    finished: int  # complete or stopped

    @property
    def empty(self) -> bool:
        return not any(found for _, found in self.by_rag) and not self.finished


@dataclass
class BoardPack:
    organisation: Organisation
    period: Period
    previous: Period
    headlines: list[Headline]
    trend_svg: SafeString
    themes: list[progress.ThemeRow]
    assessed_on: date | None
    radar_svg: SafeString | None
    route: RouteSummary
    renewals: list[Contract]
    renewals_until: date
    trend_title: str = ""
    made_at: datetime = field(default_factory=timezone.now)

    @property
    def no_measures(self) -> bool:
        """No measure has a figure other than none or nought in the period."""
        return all(not h.value for h in self.headlines)

    @property
    def no_maturity(self) -> bool:
        return self.assessed_on is None and all(t.target is None for t in self.themes)

    @property
    def no_data(self) -> bool:
        return self.no_measures and self.no_maturity and self.route.empty and not self.renewals


def _headlines(organisation: Organisation, period: Period) -> list[Headline]:
    scope = Scope.for_organisation(organisation)
    previous = period.previous()
    return [
        Headline(
            metric=METRICS[key],
            value=metrics.value(metric=key, scope=scope, start=period.start, end=period.end),
            previous=metrics.value(metric=key, scope=scope, start=previous.start, end=previous.end),
        )
        for key in HEADLINES
    ]


def _trend(organisation: Organisation, period: Period) -> tuple[str, SafeString]:
    subject = Subject(
        kind="organisation", name=organisation.name,
        scope=Scope.for_organisation(organisation), organisation=organisation,
    )  # fmt: skip
    spec = next(s for s in dashboards.specs(subject, period) if s.key == "requests-trend")
    return spec.title, dashboards.chart(spec=spec, subject=subject, period=period).svg


def _radar(organisation: Organisation, themes: list[progress.ThemeRow]) -> SafeString | None:
    if len(themes) < 3:
        return None
    return strategy_charts.radar_chart(
        spokes=[strategy_charts.Spoke(row.title, row.current, row.target) for row in themes],
        title=f"Current level and target in each theme, {organisation.name}",
        description=(
            "The shaded shape is the latest completed self-assessment, the dashed line the "
            "current targets; a theme with no level or no target is drawn at the centre. "
            "The table gives the same figures."
        ),
        chart_id="maturity-chart",
    )


def _route(organisation: Organisation, end: date) -> RouteSummary:
    found = route_queries.read_route(organisation=organisation, today=end)
    active = [i for i in found.planned if i.status == Initiative.Status.ACTIVE]
    return RouteSummary(
        by_rag=[(label, [i for i in active if i.rag == rag]) for rag, label in RAG_ORDER],
        late=found.late,
        unowned=found.unowned,
        finished=len(found.planned) - len(active),
    )


def _renewals(organisation: Organisation, start: date, until: date) -> list[Contract]:
    return list(
        Contract.objects.filter(organisation=organisation)
        .exclude(status=Contract.Status.ENDED)
        .filter(notice_date__gte=start, notice_date__lte=until)
        .select_related("supplier")
        .order_by("notice_date", "title")
    )


def board_pack_data(*, organisation: Organisation, start: date, end: date) -> BoardPack:
    """Everything the board pack shows for the organisation over `start` to `end` (both
    included). Sections without data are empty; the template says so."""
    period = Period(start=start, end=end)
    rollups.fresh()
    with replica_reads():  # the catch-up above writes; what follows only reads
        found = progress.progress(organisation=organisation, today=end)
        until = add_months(end, RENEWAL_MONTHS_AFTER)
        trend_title, trend_svg = _trend(organisation, period)
        return BoardPack(
            organisation=organisation,
            period=period,
            previous=period.previous(),
            headlines=_headlines(organisation, period),
            trend_svg=trend_svg,
            themes=found.themes,
            assessed_on=found.latest.assessed_on if found.latest else None,
            radar_svg=_radar(organisation, found.themes),
            route=_route(organisation, end),
            renewals=_renewals(organisation, start, until),
            renewals_until=until,
            trend_title=trend_title,
        )


class PdfUnavailable(Exception):
    """WeasyPrint, or the system libraries it loads (Pango), is not installed here."""


def refuse_remote(url: str) -> object:
    """WeasyPrint's URL fetcher: `data:` URLs only, never a file or the network; the pack
    carries its charts inline and its fonts come from the system."""
    if not url.startswith("data:"):
        raise ValueError(f"The board pack fetches nothing: refused {url[:80]}")
    from weasyprint.urls import URLFetcher

    return URLFetcher()(url)


def render_html(*, pack: BoardPack) -> str:
    return render_to_string("insight/board_pack/pack.html", {"pack": pack})


def weasyprint_html():
    """WeasyPrint's HTML class, imported here so that nothing else needs WeasyPrint.

    Importing WeasyPrint tells Pillow, for the whole process, to accept truncated images;
    the pack draws no raster images, and photo uploads must refuse truncated files
    (`cases.attachments`), so Pillow's default is put back at once.
    """
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(error)) from error
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
    return HTML


def render_board_pack(*, organisation: Organisation, start: date, end: date) -> bytes:
    """The board pack as PDF bytes (A4, numbered pages). Raises `PdfUnavailable` when
    WeasyPrint cannot be loaded."""
    HTML = weasyprint_html()
    pack = board_pack_data(organisation=organisation, start=start, end=end)
    document = HTML(string=render_html(pack=pack), url_fetcher=refuse_remote)
    return document.write_pdf()


def filename(*, organisation: Organisation, start: date, end: date) -> str:
    return f"board-pack-{organisation.slug}-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.pdf"
