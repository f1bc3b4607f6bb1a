"""Finding a service: search and topics, then the service's start page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from commonweal.portal import catalogue, search


@require_GET
def find_service(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    services = catalogue.live_services()
    context = {"query": query, "current_section": "services"}
    if query:
        context["results"] = search.search(services, query)
    else:
        context["topics"] = search.by_topic(services)
    return render(request, "portal/find_service.html", context)


@require_GET
def start(request: HttpRequest, code: str) -> HttpResponse:
    _, definition = catalogue.published(code)
    context = {
        "definition": definition,
        "page": catalogue.start_page(definition),
        "topic": catalogue.topic(definition.function),
        "offered_by": catalogue.offered_by(code),
        "current_section": "services",
    }
    return render(request, "portal/start.html", context)
