"""Managing a partnership's members from its page: adding an organisation, changing a
member's role and removing one. For administrators of its lead organisations (and
platform administrators); anyone else is told who may. A partnership keeps at least one
lead: a change that would leave none is refused at the top of the form, saying what to
do first.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commonweal.commons import partnerships, permissions
from commonweal.commons.forms import RefusalShowingForm
from commonweal.commons.models import Partnership, PartnershipMember
from commonweal.commons.partnership_forms import AddMemberForm, RoleForm
from commonweal.commons.views.access import carry_out, form_page, refused
from commonweal.organisations.models import Organisation

NOT_A_LEAD = (
    "Only administrators of {partnership}'s lead organisations can change its members. "
    "Ask one of them to do it."
)


def _managed(request: HttpRequest, slug: str) -> tuple[Partnership, HttpResponse | None]:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not permissions.can_manage_partnership(request.user, partnership):
        return partnership, refused(request, NOT_A_LEAD.format(partnership=partnership.name))
    return partnership, None


def _member(partnership: Partnership, organisation: str) -> PartnershipMember:
    members = partnership.memberships.select_related("organisation")
    return get_object_or_404(members, organisation__slug=organisation)


def _address(partnership: Partnership) -> str:
    return reverse("commons:partnership", args=[partnership.slug]) + "#members"


@login_required
@require_http_methods(["GET", "POST"])
def add_member(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, refusal = _managed(request, slug)
    if refusal:
        return refusal
    candidates = list(
        Organisation.objects.filter(active=True)
        .exclude(partnership_memberships__partnership=partnership)
        .order_by("name")
    )
    data = request.POST if request.method == "POST" else None
    form = AddMemberForm(data, candidates=candidates)
    outcome: HttpResponse | str = ""
    if data is not None:

        def add(form: AddMemberForm) -> tuple[str, str]:
            member = partnerships.add_partner(
                partnership=partnership,
                organisation=form.chosen_organisation(),
                role=form.cleaned_data["role"],
                actor=request.user,
            )
            role = member.get_role_display().lower()
            return f"{member.organisation.name} is now a {role} of {partnership.name}", _address(
                partnership
            )

        outcome = carry_out(request, form, add, fallback="organisation")
        if isinstance(outcome, HttpResponse):
            return outcome
    return form_page(
        request, "commons/partnership_add.html", form, problem=outcome, partnership=partnership
    )


@login_required
@require_http_methods(["GET", "POST"])
def change_role(request: HttpRequest, slug: str, organisation: str) -> HttpResponse:
    partnership, refusal = _managed(request, slug)
    if refusal:
        return refusal
    member = _member(partnership, organisation)
    data = request.POST if request.method == "POST" else None
    form = RoleForm(data, initial={"role": member.role})
    outcome: HttpResponse | str = ""
    if data is not None:

        def change(form: RoleForm) -> tuple[str, str]:
            changed = partnerships.change_partner_role(
                partnership=partnership,
                organisation=member.organisation,
                role=form.cleaned_data["role"],
                actor=request.user,
            )
            role = changed.get_role_display().lower()
            return f"{member.organisation.name} is now a {role} of {partnership.name}", _address(
                partnership
            )

        outcome = carry_out(request, form, change, fallback="role")
        if isinstance(outcome, HttpResponse):
            return outcome
    return form_page(
        request,
        "commons/partnership_role.html",
        form,
        problem=outcome,
        partnership=partnership,
        member=member,
    )


@login_required
@require_http_methods(["GET", "POST"])
def remove_member(request: HttpRequest, slug: str, organisation: str) -> HttpResponse:
    partnership, refusal = _managed(request, slug)
    if refusal:
        return refusal
    member = _member(partnership, organisation)
    data = request.POST if request.method == "POST" else None
    form = RefusalShowingForm(data)
    outcome: HttpResponse | str = ""
    if data is not None:

        def remove(form: RefusalShowingForm) -> tuple[str, str]:
            partnerships.remove_partner(
                partnership=partnership, organisation=member.organisation, actor=request.user
            )
            return f"{member.organisation.name} has left {partnership.name}", _address(partnership)

        outcome = carry_out(request, form, remove, fallback=NON_FIELD_ERRORS)
        if isinstance(outcome, HttpResponse):
            return outcome
    return form_page(
        request,
        "commons/partnership_remove.html",
        form,
        problem=outcome,
        partnership=partnership,
        member=member,
    )
