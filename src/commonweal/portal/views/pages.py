"""The public pages: home, the organisation directory and pages, accessibility and privacy."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render

from commonweal.organisations.models import Organisation
from commonweal.organisations.outline import outline_svg
from commonweal.organisations.queries import roles_by_organisation, visible_organisations
from commonweal.portal.catalogue import standard_retention
from commonweal.portal.display import error_list, organisation_facts, result_count
from commonweal.portal.forms import DirectoryFilterForm
from commonweal.portal.pagination import pagination

PAGE_SIZE = 50


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"memberships": roles_by_organisation(request.user)})


def organisation_directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET)
    context = {
        "form": form,
        "errors": error_list(form),
        "current_section": "organisations",
    }
    if form.is_valid():
        found = search_organisations(visible_organisations(request.user), **form.cleaned_data)
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        context |= {
            "page": page,
            "result_count": result_count(page.paginator.count),
            "pagination": pagination(page, query=filter_query(form.cleaned_data)),
        }
    return render(request, "portal/organisation_directory.html", context)


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    visible = visible_organisations(request.user)
    organisation = get_object_or_404(visible.select_related("area"), slug=slug)
    area = getattr(organisation, "area", None)
    context = {
        "organisation": organisation,
        "parents": visible.filter(children=organisation),
        "children": visible.filter(parents=organisation),
        "facts": organisation_facts(organisation),
        "function_names": organisation.function_names(),
        "outline": outline_svg(area.geometry) if area else None,
        "current_section": "organisations",
    }
    return render(request, "portal/organisation_detail.html", context)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html", {"retention": standard_retention()})


def search_organisations(
    organisations: QuerySet[Organisation], *, q: str = "", kind: str = "", nation: str = ""
) -> QuerySet[Organisation]:
    if q:
        organisations = organisations.filter(name__icontains=q)
    if kind:
        organisations = organisations.filter(kind=kind)
    if nation:
        organisations = organisations.filter(nation=nation)
    return organisations.order_by("name", "pk")


def filter_query(cleaned: dict[str, str]) -> QueryDict:
    """The filters that are set, to carry into the pagination links."""
    query = QueryDict(mutable=True)
    for name, value in cleaned.items():
        if value:
            query[name] = value
    return query
