"""The queue: filter (GET), a page of cases by keyset, and bulk assign (POST)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from commonweal.accounts.models import User
from commonweal.cases import queries
from commonweal.organisations.models import Team
from commonweal.organisations.permissions import organisations_with_cases
from commonweal.portal.display import error_list
from commonweal.workspace.access import case_staff
from commonweal.workspace.actions import bulk_assign
from commonweal.workspace.display import queue_rows
from commonweal.workspace.forms import AssignChoices, BulkAssignForm, QueueFilterForm

PAGE_SIZE = 50
# Read with each page's cases: two small tables a left join away cost the database less
# than two more queries (one for each) cost Python.
QUEUE_JOINED = ("team", "assignee")
BAD_CURSOR = "This page link no longer works. Start again from the first page."


@case_staff
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    return render_queue(request, request.GET)


def render_queue(
    request: HttpRequest, query: QueryDict, *, bulk: BulkAssignForm | None = None
) -> HttpResponse:
    organisation_ids = organisations_with_cases(request.user)
    choices = AssignChoices.of(organisation_ids)
    form = QueueFilterForm(
        query, user=request.user, organisation_ids=organisation_ids, choices=choices
    )
    errors = error_list(form)
    context = {"form": form, "rows": None, "current_section": "workspace-cases"}
    if form.is_valid():
        try:
            page = queries.queue(
                user=request.user,
                filters=form.filters(),
                after=form.cleaned_data["after"] or None,
                limit=PAGE_SIZE,
                joined=QUEUE_JOINED,
            )
        except queries.BadCursor:
            errors.append(("first-page", BAD_CURSOR))
        else:
            context |= _page_context(form, page, choices, bulk)
            if bulk is not None:
                errors += error_list(bulk)
    context["errors"] = errors
    return render(request, "workspace/queue.html", context)


def _page_context(form, page, choices: AssignChoices, bulk) -> dict:
    filters = form.query()

    def link(cursor: str | None) -> str:
        if cursor is None:
            return ""
        params = filters.copy()
        params["after"] = cursor
        return f"?{params.urlencode()}"

    if bulk is None:
        bulk = BulkAssignForm(
            choices=choices, initial={"query": filters.urlencode()}, prefix="bulk"
        )
    return {
        "rows": queue_rows(page.cases, now=timezone.now()),
        "pagination": {
            "next_url": link(page.next_cursor),
            "previous_url": link(page.previous_cursor),
            "links": [],
        }
        if page.next_cursor or page.previous_cursor
        else None,
        "first_page_url": f"?{filters.urlencode()}",
        "is_first_page": not form.cleaned_data["after"],
        "bulk": bulk,
    }


@case_staff
@require_POST
def assign_many(request: HttpRequest) -> HttpResponse:
    choices = AssignChoices.of(organisations_with_cases(request.user))
    form = BulkAssignForm(request.POST, choices=choices, prefix="bulk")
    query = QueryDict(request.POST.get("bulk-query", ""))
    if not form.is_valid():
        return render_queue(request, query, bulk=form)
    team = Team.objects.get(pk=form.cleaned_data["team"])
    chosen = form.cleaned_data["assignee"]
    assignee = User.objects.get(pk=chosen) if chosen else None
    result = bulk_assign(
        user=request.user, picked=form.cleaned_data["cases"], team=team, assignee=assignee
    )
    good, problems = result.messages(team=team, assignee=assignee)
    for text in good:
        messages.success(request, text)
    for text in problems:
        messages.warning(request, text)
    return redirect(f"{reverse('workspace:queue')}?{query.urlencode()}")
