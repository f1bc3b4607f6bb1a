"""Browse and search the commons: words, facets, sort and pages, all in one GET form."""

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET

from commonweal.commons import queries
from commonweal.commons.browsing import (
    FACET_NAMES,
    chosen_filters,
    facet_groups,
    page_number,
    result_heading,
)
from commonweal.commons.display import error_list, pagination
from commonweal.commons.forms import BrowseForm
from commonweal.commons.search import search_assets

PAGE_SIZE = 20


@require_GET
def browse(request: HttpRequest) -> HttpResponse:
    form = BrowseForm(request.GET)
    form.is_valid()  # a value that is not acceptable is left out and its error shown
    cleaned = form.cleaned_data
    page = page_number(request.GET.get("page"))
    result = search_assets(
        user=request.user,
        words=cleaned.get("q", ""),
        sort=cleaned.get("sort") or "relevance",
        page=page,
        page_size=PAGE_SIZE,
        **{name: tuple(cleaned.get(name, ())) for name in FACET_NAMES},
    )
    query = kept_query(request.GET)
    groups = facet_groups(result.facets, {name: query.getlist(name) for name in FACET_NAMES})
    context = {
        "form": form,
        "errors": error_list(form),
        "result": result,
        "heading": result_heading(result.total),
        "groups": groups,
        "chosen": chosen_filters(groups, query),
        "pagination": pagination(query=query, page=page, total=result.total, page_size=PAGE_SIZE),
        "may_publish": bool(queries.publishing_owners(request.user)),
        "current_section": "commons",
    }
    return render(request, "commons/browse.html", context)


def kept_query(given: QueryDict) -> QueryDict:
    """The search as asked, without empty values, to carry into links."""
    query = QueryDict(mutable=True)
    for name in ("q", "sort", *FACET_NAMES):
        values = [value for value in given.getlist(name) if value.strip()]
        if values:
            query.setlist(name, values)
    return query
