"""The dashboard pages: the list a person may open, and one page per organisation, service,
partnership, area and the platform. Each page takes `?period=` (and custom dates), and
`?chart=<key>&format=csv` downloads one chart's figures. Thin: the figures come from
`insight.dashboards`, who may see what from `insight.permissions`; a dashboard someone
may not see answers 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from commonweal.commons.models import Partnership
from commonweal.insight import csv_export, dashboards, periods, permissions
from commonweal.insight.dashboards import Subject
from commonweal.insight.metrics import METRICS, Scope
from commonweal.organisations.models import Organisation
from commonweal.services.models import ServiceOffering

SECTION = "insight-dashboards"
KIND_LABELS = {
    "organisation": "Organisation dashboard",
    "service": "Service dashboard",
    "partnership": "Partnership dashboard",
    "area": "Area dashboard",
    "platform": "Platform dashboard",
}
DATE_PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    visible = permissions.visible_dashboards(request.user)
    return render(
        request,
        "insight/dashboards/index.html",
        {
            "visible": visible,
            "board_pack": bool(permissions.board_pack_organisations(request.user)),
            "current_section": SECTION,
        },
    )


@login_required
@require_GET
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    found = _organisation(request, slug)
    offerings = ServiceOffering.objects.filter(organisation=found).select_related("definition")
    subject = Subject(
        kind="organisation", name=found.name, scope=Scope.for_organisation(found),
        organisation=found,
    )  # fmt: skip
    services = sorted((o.definition.name, o.service_code) for o in offerings)
    return _page(request, subject, {"services": services, "organisation": found})


@login_required
@require_GET
def service(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    found = _organisation(request, slug)
    offering = get_object_or_404(
        ServiceOffering.objects.select_related("definition"), organisation=found, service_code=code
    )
    subject = Subject(
        kind="service", name=f"{offering.definition.name}, {found.name}",
        scope=Scope.for_organisation(found), organisation=found,
        service=offering.definition.name,
    )  # fmt: skip
    back = reverse("insight:dashboard-organisation", args=[found.slug])
    return _page(request, subject, {"organisation": found, "back_href": back})


@login_required
@require_GET
def partnership(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Partnership, slug=slug)
    members = permissions.partnership_organisations(found)
    if not permissions.can_view_group(request.user, members):
        raise Http404
    return _group(request, "partnership", found.name, members)


@login_required
@require_GET
def area(request: HttpRequest, slug: str) -> HttpResponse:
    members = permissions.area_organisations(get_object_or_404(Organisation, slug=slug))
    if not permissions.can_view_group(request.user, members):
        raise Http404
    return _group(request, "area", f"{members[0].name} area", members)


@login_required
@require_GET
def platform(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_platform(request.user):
        raise Http404
    return _page(request, Subject(kind="platform", name="Platform", scope=Scope.platform()), {})


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    found = get_object_or_404(Organisation, slug=slug)
    if not permissions.can_view_organisation(request.user, found):
        raise Http404
    return found


def _group(request: HttpRequest, kind: str, name: str, members: list) -> HttpResponse:
    subject = Subject(
        kind=kind, name=name, scope=Scope.for_organisations(members), members=tuple(members)
    )
    return _page(request, subject, {})


def _page(request: HttpRequest, subject: Subject, extra: dict) -> HttpResponse:
    choice = periods.choose(params=request.GET, today=timezone.localdate())
    if request.GET.get("format") == "csv":
        chart = dashboards.find_chart(
            subject=subject, period=choice.period, key=request.GET.get("chart", "")
        )
        if chart is None or choice.errors:
            raise Http404
        return csv_export.response(chart=chart, name=subject.name, period=choice.period)
    dashboard = dashboards.build(subject=subject, period=choice.period)
    context = {
        "dashboard": dashboard,
        "subject": subject,
        "choice": choice,
        "period_choices": list(periods.CHOICES.items()),
        "errors": list(choice.errors.items()),
        "date_fields": date_fields(choice),
        "period_query": choice.period.query(),
        "definitions": [METRICS[h.metric.key] for h in dashboard.headlines + dashboard.sharing],
        "kind_label": KIND_LABELS[subject.kind],
        "back_href": reverse("insight:dashboards"),
        "current_section": SECTION,
        **extra,
    }
    status = 400 if choice.errors else 200
    return render(request, "insight/dashboards/dashboard.html", context, status=status)


def date_fields(choice: periods.Choice) -> list[dict]:
    """The custom dates' inputs as the GOV.UK date input needs them, with what was entered."""
    return [
        {
            "prefix": prefix,
            "legend": legend,
            "error": choice.errors.get(f"{prefix}-day", ""),
            "parts": [
                (name, label, choice.entered.get(f"{prefix}-{name}", ""), width)
                for name, label, width in DATE_PARTS
            ],
        }
        for prefix, legend in (("from", "Start date"), ("to", "End date"))
    ]
