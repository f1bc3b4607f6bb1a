"""Partnerships: organisations that own and run assets together.

An administrator of an organisation forms one and leads it; administrators of its lead
organisations add and remove members. A partnership always keeps at least one lead, so
someone can always manage it and its assets.
"""

from django.db import transaction
from django.utils.text import slugify

from commonweal.commons import permissions
from commonweal.commons.models import Partnership, PartnershipMember
from commonweal.commons.validation import AssetInvalid, Conflict, NotAllowed
from commonweal.organisations.models import Organisation
from commonweal.organisations.permissions import can_edit_organisation

Role = PartnershipMember.Role


@transaction.atomic
def form_partnership(
    *, name: str, lead: Organisation, actor, description: str = "", slug: str = ""
) -> Partnership:
    """A new partnership with `lead` as its first lead member."""
    if not (lead.active and can_edit_organisation(actor, lead)):
        raise NotAllowed(f"Only administrators of {lead} can form a partnership it leads.")
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise AssetInvalid({"name": "Enter the partnership's name (200 characters or fewer)."})
    slug = slugify(slug or name)[:100].strip("-")
    if not slug:
        raise AssetInvalid({"slug": "Give the partnership a short name with letters or numbers."})
    if Partnership.objects.filter(slug=slug).exists():
        raise AssetInvalid({"slug": f"Another partnership already uses the short name {slug}."})
    partnership = Partnership.objects.create(name=name, slug=slug, description=description.strip())
    PartnershipMember.objects.create(partnership=partnership, organisation=lead, role=Role.LEAD)
    return partnership


@transaction.atomic
def add_partner(
    *, partnership: Partnership, organisation: Organisation, actor, role: str = Role.MEMBER
) -> PartnershipMember:
    if not permissions.can_manage_partnership(actor, partnership):
        raise NotAllowed(
            f"Only administrators of {partnership}'s lead organisations can add members."
        )
    if role not in Role.values:
        raise AssetInvalid({"role": "Choose lead or member."})
    if not organisation.active:
        raise Conflict(f"{organisation} is no longer active and cannot join.")
    if partnership.memberships.filter(organisation=organisation).exists():
        raise Conflict(f"{organisation} is already in {partnership}.")
    return PartnershipMember.objects.create(
        partnership=partnership, organisation=organisation, role=role
    )


@transaction.atomic
def remove_partner(*, partnership: Partnership, organisation: Organisation, actor) -> None:
    if not permissions.can_manage_partnership(actor, partnership):
        raise NotAllowed(
            f"Only administrators of {partnership}'s lead organisations can remove members."
        )
    _member_keeping_a_lead(partnership, organisation).delete()


@transaction.atomic
def change_partner_role(
    *, partnership: Partnership, organisation: Organisation, role: str, actor
) -> PartnershipMember:
    if not permissions.can_manage_partnership(actor, partnership):
        raise NotAllowed(
            f"Only administrators of {partnership}'s lead organisations can change roles."
        )
    if role not in Role.values:
        raise AssetInvalid({"role": "Choose lead or member."})
    member = _member_keeping_a_lead(partnership, organisation, staying=role == Role.LEAD)
    member.role = role
    member.save(update_fields=["role"])
    return member


def _member_keeping_a_lead(
    partnership: Partnership, organisation: Organisation, *, staying: bool = False
) -> PartnershipMember:
    """The organisation's membership, refused if losing it as a lead would leave no lead."""
    members = list(partnership.memberships.select_for_update())
    member = next((m for m in members if m.organisation_id == organisation.pk), None)
    if member is None:
        raise Conflict(f"{organisation} is not in {partnership}.")
    leads = sum(m.role == Role.LEAD for m in members)
    if member.role == Role.LEAD and leads == 1 and not staying:
        raise Conflict(
            f"{organisation} is {partnership}'s only lead. Make another member a lead first."
        )
    return member
