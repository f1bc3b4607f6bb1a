"""Everything the case page shows, with one form bound when a POST needs showing again."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from commonweal.cases import lifecycle, queries
from commonweal.cases.models import Case
from commonweal.cases.state import case_definition
from commonweal.organisations.permissions import can_work_cases
from commonweal.portal.display import error_list
from commonweal.workspace.case_forms import (
    AssignForm,
    CaseForm,
    MergeForm,
    NoteForm,
    ReopenForm,
    TransitionForm,
)
from commonweal.workspace.display import (
    PRIORITY_TAGS,
    answer_rows,
    is_overdue,
    short_moment,
    state_label,
    timeline_entries,
)

STALE = (
    "Someone else changed this case after you opened it, so nothing you sent was saved. "
    "Check what changed, then send it again if it is still right."
)
TYPED = ("public_note", "text", "note", "into")
OSM = "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"


def render_case(
    request: HttpRequest,
    case: Case,
    *,
    bound: CaseForm | None = None,
    stale: lifecycle.StaleCase | None = None,
    status: int = 200,
) -> HttpResponse:
    definition = case_definition(case)
    user = request.user
    may_act = can_work_cases(user, case.organisation)
    forms = _Forms(case, bound)
    transitions = lifecycle.available_transitions(case=case, user=user) if may_act else []
    context = {
        "case": case,
        "current_section": "workspace-cases",
        "state": state_label(case),
        "overdue": is_overdue(case, timezone.now()),
        "priority_tag": PRIORITY_TAGS.get(case.priority, ""),
        "submitted": short_moment(case.submitted_at),
        "due": short_moment(case.due_at),
        "closed": short_moment(case.closed_at),
        "answers": answer_rows(definition, case.answers),
        "photos": list(case.attachments.order_by("created_at", "id")),
        "map_url": OSM.format(lat=case.lat, lon=case.lon) if case.lat is not None else "",
        "timeline": timeline_entries(
            queries.case_timeline(case=case, public_only=False), definition
        ),
        "may_act": may_act,
        "transitions": [
            forms.get(f"transition-{t.id}", TransitionForm, transition=t) for t in transitions
        ],
        "assign": forms.get("assign", AssignForm, organisation=case.organisation),
        "note": forms.get("note", NoteForm),
        "merge": forms.get("merge", MergeForm) if not case.is_closed else None,
        "reopen": forms.get("reopen", ReopenForm) if case.is_closed else None,
    }
    errors = error_list(bound) if bound is not None and bound.errors else []
    if stale is not None:
        errors.insert(0, ("what-changed", STALE))
        context["changes"] = timeline_entries(stale.changes, definition)
        if bound is not None and not forms.used:  # its form is gone: show what was typed
            typed = (bound.data.get(bound.add_prefix(name), "") for name in TYPED)
            context["unsent"] = [text for text in typed if text.strip()]
    context["errors"] = errors
    return render(request, "workspace/case.html", context, status=status)


class _Forms:
    """Blank forms for the case's version, or the bound one where its prefix matches."""

    def __init__(self, case: Case, bound: CaseForm | None) -> None:
        self.case, self.bound, self.used = case, bound, False

    def get(self, prefix: str, form_class: type[CaseForm], **kwargs) -> CaseForm:
        if self.bound is not None and self.bound.prefix == prefix:
            self.used = True
            return self.bound
        return form_class(prefix=prefix, initial={"version": self.case.version}, **kwargs)
