"""Reports near a point: a page with a list (and a map where scripts run), and GeoJSON."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from commonweal.portal import catalogue, nearby
from commonweal.portal.display import error_list, map_settings, report_rows
from commonweal.portal.forms import NearbyForm

PAGE_LIMIT = 50


def _form(request: HttpRequest) -> NearbyForm:
    services = sorted(((s.code, s.name) for s in catalogue.live_services()), key=lambda s: s[1])
    bound = "lat" in request.GET or "lon" in request.GET
    return NearbyForm(request.GET if bound else None, services=services)


@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    context = {
        "form": form,
        "errors": error_list(form),
        "current_section": "reports",
        **map_settings(),
    }
    if form.is_bound and form.is_valid():
        found = nearby.reports(**form.cleaned_data, limit=PAGE_LIMIT)
        context |= {
            "reports": report_rows(found),
            "geojson_url": f"{reverse('portal:reports-geojson')}?{request.GET.urlencode()}",
        }
    return render(request, "portal/reports.html", context)


@require_GET
def reports_geojson(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if not form.is_bound:
        form = NearbyForm({}, services=[])
    if not form.is_valid():
        errors = {name: list(messages) for name, messages in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    found = nearby.reports(**form.cleaned_data)
    response = JsonResponse(nearby.feature_collection(found))
    response["Content-Type"] = "application/geo+json"
    response["Access-Control-Allow-Origin"] = "*"
    return response
