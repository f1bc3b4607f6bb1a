"""Re-use: an organisation adopts an asset, reports what it saves, moves to newer versions.

An adoption moves forward from interested to piloting to adopted; asking for a status it
has already reached is "adopting twice" and refused. Once stopped, adopting again starts
the same record afresh. Interest ("we need this too") is a separate, lighter signal.

For a service definition, call `services.definitions.adopt_definition`, which records the
adoption here and makes the organisation's offering in the same transaction.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from commonweal.commons import notices, permissions
from commonweal.commons.functions import refuse_unseen
from commonweal.commons.models import Adoption, Asset, AssetVersion, Interest, Kind, Stage
from commonweal.commons.validation import AssetInvalid, Conflict, NotAllowed
from commonweal.organisations.models import Organisation

Status = Adoption.Status
_RANK = {Status.INTERESTED: 0, Status.PILOTING: 1, Status.ADOPTED: 2}


def _may_adopt(actor, organisation: Organisation, asset: Asset) -> None:
    refuse_unseen(actor, asset)
    if not permissions.can_adopt(actor, organisation, asset):
        raise NotAllowed(
            f"Only service owners and administrators of {organisation} can record what it re-uses."
        )


def _pounds(field: str, value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise AssetInvalid({field: "Enter an amount in whole pounds, like 12000 (or leave it)."})
    return value


def _published_version(asset: Asset, version: AssetVersion | None) -> AssetVersion | None:
    if version is None:
        return asset.versions.filter(published=True).order_by("-sequence").first()
    if version.asset_id != asset.pk or not version.published:
        message = f"Version {version.number} is not a published version of {asset.title}."
        raise AssetInvalid({"version": message})
    return version


@transaction.atomic
def adopt(
    *,
    organisation: Organisation,
    asset: Asset,
    actor,
    status: str = Status.ADOPTED,
    version: AssetVersion | None = None,
    started_on: date | None = None,
    annual_saving_pounds: int | None = None,
    one_off_cost_pounds: int | None = None,
    notes: str = "",
) -> Adoption:
    """Record that the organisation re-uses the asset (the latest published version unless told).

    Refuses the owner itself, a retired asset, and a status the adoption already has or
    has passed.
    """
    _may_adopt(actor, organisation, asset)
    if asset.owner_organisation_id == organisation.pk:
        raise Conflict(f"{organisation} owns {asset.title}; adoptions record re-use by others.")
    if asset.stage == Stage.RETIRED:
        raise Conflict(
            f"{asset.title} is retired and cannot be adopted. Ask its owner what replaces it."
        )
    if status not in _RANK:
        raise AssetInvalid({"status": "Choose interested, piloting or adopted."})
    version = _published_version(asset, version)
    annual = _pounds("annual_saving_pounds", annual_saving_pounds)
    one_off = _pounds("one_off_cost_pounds", one_off_cost_pounds)
    adoption = (
        Adoption.objects.select_for_update().filter(organisation=organisation, asset=asset).first()
    )
    reached = adoption is not None and adoption.status != Status.STOPPED
    if reached and _RANK[adoption.status] >= _RANK[status]:
        raise Conflict(
            f"{organisation} has already recorded {asset.title} as "
            f"{adoption.get_status_display().lower()}. Update that record instead."
        )
    adoption = adoption or Adoption(organisation=organisation, asset=asset, created_by=actor)
    restarting = adoption.status == Status.STOPPED
    adoption.status, adoption.version = status, version
    if status != Status.INTERESTED and (adoption.started_on is None or restarting):
        adoption.started_on = started_on or timezone.localdate()
    adoption.ended_on = None
    if annual is not None:
        adoption.annual_saving_pounds = annual
    if one_off is not None:
        adoption.one_off_cost_pounds = one_off
    if notes.strip():
        adoption.notes = notes.strip()
    adoption.save()
    notices.close_answered(adoption=adoption, actor=actor)
    return adoption


@transaction.atomic
def report_savings(
    *,
    adoption: Adoption,
    actor,
    annual_saving_pounds: int | None,
    one_off_cost_pounds: int | None,
    notes: str | None = None,
) -> Adoption:
    """Set the adoption's estimated saving and cost (None for "not known")."""
    adoption = Adoption.objects.select_for_update().select_related("asset").get(pk=adoption.pk)
    _may_adopt(actor, adoption.organisation, adoption.asset)
    adoption.annual_saving_pounds = _pounds("annual_saving_pounds", annual_saving_pounds)
    adoption.one_off_cost_pounds = _pounds("one_off_cost_pounds", one_off_cost_pounds)
    if notes is not None:
        adoption.notes = notes.strip()
    adoption.save()
    return adoption


def next_statuses(adoption: Adoption) -> list[str]:
    """The statuses `update_adoption` may give it: its own and the later ones.

    A service definition someone was only interested in is taken up by adopting it from its
    page (that makes the organisation's offering), so it offers no later status here.
    """
    if adoption.status == Status.STOPPED:
        return []
    if adoption.status == Status.INTERESTED and adoption.asset.kind == Kind.SERVICE_DEFINITION:
        return [Status.INTERESTED]
    return [status for status in _RANK if _RANK[status] >= _RANK[adoption.status]]


@transaction.atomic
def update_adoption(
    *,
    adoption: Adoption,
    actor,
    status: str,
    annual_saving_pounds: int | None,
    one_off_cost_pounds: int | None,
    notes: str | None = None,
) -> Adoption:
    """Move the adoption on (never back) and set its figures, both or neither.

    A stopped adoption is refused: adopt the asset again from its page.
    """
    adoption = Adoption.objects.select_for_update().select_related("asset").get(pk=adoption.pk)
    _may_adopt(actor, adoption.organisation, adoption.asset)
    if adoption.status == Status.STOPPED:
        raise Conflict(
            f"{adoption.organisation} has stopped using {adoption.asset}. To use it again, "
            "adopt it from its page."
        )
    if status != adoption.status:
        if status not in next_statuses(adoption):
            raise AssetInvalid({"status": _status_refusal(adoption)})
        adoption.status = status
        if adoption.started_on is None:
            adoption.started_on = timezone.localdate()
    adoption.annual_saving_pounds = _pounds("annual_saving_pounds", annual_saving_pounds)
    adoption.one_off_cost_pounds = _pounds("one_off_cost_pounds", one_off_cost_pounds)
    if notes is not None:
        adoption.notes = notes.strip()
    adoption.save()
    return adoption


def _status_refusal(adoption: Adoption) -> str:
    if adoption.status == Status.INTERESTED and adoption.asset.kind == Kind.SERVICE_DEFINITION:
        return (
            "To pilot or use a service definition, adopt it from its page: "
            "that sets up your offering."
        )
    later = [Status(status).label.lower() for status in next_statuses(adoption)]
    return f"Choose {' or '.join(later)}: an adoption moves forward, never back."


@transaction.atomic
def stop_adoption(
    *,
    adoption: Adoption,
    actor,
    ended_on: date | None = None,
    notes: str | None = None,
    reason: str = "",
) -> Adoption:
    """Record that the organisation no longer uses the asset (nothing else is touched: for a
    service definition, its offering stays as it is). `notes` replaces the notes; a `reason`
    is added to them, dated. Open version notices close."""
    adoption = Adoption.objects.select_for_update().select_related("asset").get(pk=adoption.pk)
    _may_adopt(actor, adoption.organisation, adoption.asset)
    if adoption.status == Status.STOPPED:
        raise Conflict(f"{adoption.organisation} has already stopped using {adoption.asset}.")
    ended_on = ended_on or timezone.localdate()
    if adoption.started_on and ended_on < adoption.started_on:
        raise AssetInvalid(
            {"ended_on": f"The end date must be on or after the start ({adoption.started_on})."}
        )
    adoption.status, adoption.ended_on = Status.STOPPED, ended_on
    if notes is not None:
        adoption.notes = notes.strip()
    if reason.strip():
        stopped = f"Stopped on {ended_on:%-d %B %Y}: {reason.strip()}"
        adoption.notes = f"{adoption.notes}\n\n{stopped}" if adoption.notes else stopped
    adoption.save()
    notices.close_for_stopped(adoption=adoption, actor=actor)
    return adoption


@transaction.atomic
def move_to_version(*, adoption: Adoption, version: AssetVersion, actor) -> Adoption:
    """Record that the adopter now uses another published version of the asset."""
    adoption = Adoption.objects.select_for_update().select_related("asset").get(pk=adoption.pk)
    _may_adopt(actor, adoption.organisation, adoption.asset)
    if adoption.status == Status.STOPPED:
        raise Conflict(
            f"{adoption.organisation} has stopped using {adoption.asset}: adopt it again."
        )
    version = _published_version(adoption.asset, version)
    if version is not None and adoption.version_id == version.pk:
        raise Conflict(f"{adoption.organisation} already uses version {version.number}.")
    adoption.version = version
    adoption.save(update_fields=["version", "updated_at"])
    notices.close_answered(adoption=adoption, actor=actor)
    return adoption


def newer_version_for(adoption: Adoption) -> AssetVersion | None:
    """The latest published version if it is newer than the one adopted, else None.

    None too for a stopped adoption, or one that names no version.
    """
    if adoption.status == Status.STOPPED or adoption.version is None:
        return None
    return (
        adoption.asset.versions.filter(published=True, sequence__gt=adoption.version.sequence)
        .order_by("-sequence")
        .first()
    )


@transaction.atomic
def record_interest(*, organisation: Organisation, asset: Asset, actor, note: str = "") -> Interest:
    """ "We need this too". Recording it again replaces the note."""
    refuse_unseen(actor, asset)
    if not permissions.can_record_interest(actor, organisation, asset):
        raise NotAllowed(f"Only people who work for {organisation} can record its interest.")
    if asset.owner_organisation_id == organisation.pk:
        raise Conflict(f"{organisation} owns {asset.title}.")
    if asset.stage == Stage.RETIRED:
        raise Conflict(f"{asset.title} is retired. Ask its owner what replaces it.")
    interest, _ = Interest.objects.select_for_update().get_or_create(
        organisation=organisation, asset=asset, defaults={"created_by": actor}
    )
    interest.note = note.strip()
    interest.save(update_fields=["note"])
    return interest


@transaction.atomic
def withdraw_interest(*, organisation: Organisation, asset: Asset, actor) -> None:
    if not permissions.can_record_interest(actor, organisation, asset):
        raise NotAllowed(f"Only people who work for {organisation} can withdraw its interest.")
    deleted, _ = Interest.objects.filter(organisation=organisation, asset=asset).delete()
    if not deleted:
        raise Conflict(f"{organisation} has not recorded an interest in {asset.title}.")
