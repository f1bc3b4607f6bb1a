"""The case page and its actions. Each action is a POST carrying the version the page showed.

A refusal (role, workflow) is a 403 page saying why. A stale version shows the case
again as it is now, with what changed and the form as it was typed (409).
"""

from collections.abc import Callable

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from commonweal.accounts.models import User
from commonweal.cases import lifecycle
from commonweal.cases.models import Case
from commonweal.cases.state import case_definition
from commonweal.organisations.models import Team
from commonweal.organisations.permissions import can_work_cases
from commonweal.workspace.access import case_staff, refused, visible_case
from commonweal.workspace.actions import reason_of
from commonweal.workspace.case_forms import (
    AssignForm,
    CaseForm,
    MergeForm,
    NoteForm,
    ReopenForm,
    TransitionForm,
)
from commonweal.workspace.case_page import render_case

VIEW_ONLY = (
    "You can see this organisation's cases but not work on them. That needs the "
    "caseworker, service owner or organisation administrator role."
)


class FormProblem(Exception):
    """A value the form accepted but the case cannot use: shown against the field."""

    def __init__(self, field: str, message: str) -> None:
        self.field, self.message = field, message


@case_staff
@require_GET
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return render_case(request, visible_case(request, reference))


@case_staff
@require_GET
def photo(request: HttpRequest, reference: str, token: str) -> FileResponse:
    """A photo of a case the user may see; never served from a public media address."""
    case = visible_case(request, reference)
    attachment = get_object_or_404(case.attachments, token=token)
    response = FileResponse(attachment.file.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = f'inline; filename="{case.reference}-{token[:8]}.jpg"'
    return response


def _act(
    request: HttpRequest,
    reference: str,
    form: Callable[[Case], CaseForm],
    perform: Callable[[Case, dict], str],
) -> HttpResponse:
    """Bind the form, do the action, and answer: redirect, form errors, 403 or stale."""
    case = visible_case(request, reference)
    if not can_work_cases(request.user, case.organisation):
        return refused(request, VIEW_ONLY)
    bound = form(case)
    if not bound.is_valid():
        return render_case(request, case, bound=bound)
    try:
        done = perform(case, bound.cleaned_data)
    except FormProblem as problem:
        bound.add_error(problem.field, problem.message)
        return render_case(request, case, bound=bound)
    except lifecycle.ChangeRefused as problem:
        bound.add_error(bound.main_field, str(problem))
        return render_case(request, case, bound=bound)
    except (lifecycle.PermissionRefused, lifecycle.TransitionNotAllowed) as refusal:
        return refused(request, reason_of(refusal))
    except lifecycle.StaleCase as stale:
        current = visible_case(request, reference)
        return render_case(
            request, current, bound=bound.with_version(current.version), stale=stale, status=409
        )
    messages.success(request, done)
    return redirect("workspace:case", reference=case.reference)


@case_staff
@require_POST
def transition(request: HttpRequest, reference: str, transition_id: str) -> HttpResponse:
    def form(case: Case) -> TransitionForm:
        workflow = case_definition(case).workflow
        found = next((t for t in workflow.transitions if t.id == transition_id), None)
        if found is None:
            raise Http404("no such transition")
        return TransitionForm(request.POST, prefix=f"transition-{found.id}", transition=found)

    def perform(case: Case, data: dict) -> str:
        lifecycle.transition(
            case=case,
            transition=transition_id,
            actor=request.user,
            expected_version=data["version"],
            public_note=data["public_note"],
        )
        return f"Done: {_label(case, transition_id)}"

    return _act(request, reference, form, perform)


def _label(case: Case, transition_id: str) -> str:
    workflow = case_definition(case).workflow
    return next((t.label for t in workflow.transitions if t.id == transition_id), transition_id)


@case_staff
@require_POST
def add_note(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(case: Case, data: dict) -> str:
        public = data["visibility"] == "public"
        lifecycle.add_note(
            case=case,
            actor=request.user,
            text=data["text"],
            public=public,
            expected_version=data["version"],
        )
        return "Public note added" if public else "Internal note added"

    return _act(request, reference, lambda case: NoteForm(request.POST, prefix="note"), perform)


@case_staff
@require_POST
def assign(request: HttpRequest, reference: str) -> HttpResponse:
    def form(case: Case) -> AssignForm:
        return AssignForm(request.POST, prefix="assign", organisation=case.organisation)

    def perform(case: Case, data: dict) -> str:
        team = Team.objects.get(pk=data["team"]) if data["team"] else None
        assignee = User.objects.get(pk=data["assignee"]) if data["assignee"] else None
        lifecycle.assign(
            case=case,
            actor=request.user,
            team=team,
            assignee=assignee,
            expected_version=data["version"],
        )
        who = ", ".join(filter(None, [team and team.name, assignee and assignee.full_name]))
        return f"Assigned to {who}" if who else "Unassigned"

    return _act(request, reference, form, perform)


@case_staff
@require_POST
def merge(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(case: Case, data: dict) -> str:
        into = Case.objects.visible_to(request.user).filter(reference=data["into"]).first()
        if into is None:
            raise FormProblem("into", f"There is no case {data['into']} that you can see")
        if into.pk == case.pk:
            raise FormProblem("into", "Enter the reference of another case")
        lifecycle.merge_duplicate(
            case=case, into=into, actor=request.user, expected_version=data["version"]
        )
        return f"Merged as a duplicate of {into.reference}"

    return _act(request, reference, lambda case: MergeForm(request.POST, prefix="merge"), perform)


@case_staff
@require_POST
def reopen(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(case: Case, data: dict) -> str:
        lifecycle.reopen(
            case=case, actor=request.user, expected_version=data["version"], note=data["note"]
        )
        return "Case reopened"

    return _act(request, reference, lambda case: ReopenForm(request.POST, prefix="reopen"), perform)
