"""Telling adopters that a newer version of what they use is out.

When a version is published (`versions.release_version`, or a service definition's
through `versions.record_definition_version`), every organisation whose adoption is not
stopped and names an older version gets a `VersionNotice`, and its administrators and
service owners (and commissioners, for a contract) an e-mail, sent by a task once the
release has committed. The asset's owner is not told of its own release.

A notice stays on the organisation's commons page until it moves to that version or a
later one, stops using the asset, dismisses the notice, or a newer release replaces it.
Nothing here carries anything about residents: only the asset, the version and the
organisation.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskContext, task

from commonweal.commons import permissions
from commonweal.commons.models import Adoption, AssetVersion, VersionNotice
from commonweal.commons.validation import Conflict, NotAllowed
from commonweal.contrib.notify import SendFailed, get_sender
from commonweal.core.retries import will_be_retried
from commonweal.organisations.models import Membership, Organisation

logger = logging.getLogger(__name__)
Closed = VersionNotice.Closed


def open_notices(organisations: list[Organisation]) -> QuerySet[VersionNotice]:
    """The organisations' notices still waiting for an answer, newest first."""
    return (
        VersionNotice.objects.filter(organisation__in=organisations, closed_at__isnull=True)
        .select_related("organisation", "version", "adoption__version", "adoption__asset")
        .order_by("organisation__name", "-created_at")
    )


def _publishers(version: AssetVersion) -> set[int]:
    """The organisations that released it: the owner, or a partnership's leads."""
    asset = version.asset
    if asset.owner_partnership_id is not None:
        return {lead.pk for lead in permissions.lead_organisations(asset.owner_partnership)}
    return {asset.owner_organisation_id} if asset.owner_organisation_id else set()


@transaction.atomic
def tell_adopters(*, version: AssetVersion) -> list[VersionNotice]:
    """A notice for each organisation using an older version, and an e-mail after commit."""
    if not version.published:
        return []
    behind = (
        Adoption.objects.filter(
            asset_id=version.asset_id,
            version__sequence__lt=version.sequence,
            organisation__active=True,
        )
        .exclude(status=Adoption.Status.STOPPED)
        .exclude(organisation_id__in=_publishers(version))
    )
    adoptions = list(behind)
    if not adoptions:
        return []
    now = timezone.now()
    VersionNotice.objects.filter(adoption__in=adoptions, closed_at__isnull=True).update(
        closed_at=now, closed_because=Closed.SUPERSEDED
    )
    made = VersionNotice.objects.bulk_create(
        [
            VersionNotice(organisation_id=a.organisation_id, adoption=a, version=version)
            for a in adoptions
        ]
    )
    ids = [notice.pk for notice in made]
    for notice_id in ids:
        transaction.on_commit(
            lambda notice_id=notice_id: send_version_notice.enqueue(notice_id=notice_id),
            robust=True,
        )
    return made


def close_answered(*, adoption: Adoption, actor=None) -> None:
    """Close the adoption's notices of versions it has now reached."""
    if adoption.version_id is None:
        return
    VersionNotice.objects.filter(
        adoption=adoption,
        closed_at__isnull=True,
        version__sequence__lte=adoption.version.sequence,
    ).update(closed_at=timezone.now(), closed_because=Closed.MOVED, closed_by=actor)


def close_for_stopped(*, adoption: Adoption, actor) -> None:
    VersionNotice.objects.filter(adoption=adoption, closed_at__isnull=True).update(
        closed_at=timezone.now(), closed_because=Closed.STOPPED, closed_by=actor
    )


@transaction.atomic
def dismiss_notice(*, notice: VersionNotice, actor) -> VersionNotice:
    """The organisation has seen it and will not move now; the notice leaves its page."""
    notice = (
        VersionNotice.objects.select_for_update()
        .select_related("organisation", "version__asset")
        .get(pk=notice.pk)
    )
    asset = notice.version.asset
    if not permissions.can_adopt(actor, notice.organisation, asset):
        raise NotAllowed(
            f"Only service owners and administrators of {notice.organisation} can dismiss "
            "its notices."
        )
    if notice.closed_at is not None:
        raise Conflict(
            f"The notice about version {notice.version.number} of {asset.title} is already "
            "closed: there is nothing more to do."
        )
    notice.closed_at, notice.closed_by = timezone.now(), actor
    notice.closed_because = Closed.DISMISSED
    notice.save(update_fields=["closed_at", "closed_because", "closed_by"])
    return notice


def recipients(notice: VersionNotice) -> list[str]:
    """The e-mail addresses of the people who may move the organisation to the version."""
    roles = permissions.manage_roles(notice.version.asset.kind)
    return sorted(
        set(
            Membership.objects.filter(
                organisation_id=notice.organisation_id, role__in=roles, user__is_active=True
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def message(notice: VersionNotice) -> tuple[str, str]:
    """The e-mail's subject and body."""
    version, asset = notice.version, notice.version.asset
    site = getattr(settings, "SITE_URL", "http://localhost:8000").rstrip("/")
    used = notice.adoption.version.number if notice.adoption.version else "an earlier version"
    subject = f"Version {version.number} of {asset.title} is out"
    lines = [
        f"{asset.owner or 'Commonweal'} has released version {version.number} of {asset.title}.",
        f"{notice.organisation.name} uses version {used}.",
        "",
    ]
    if version.release_notes:
        lines += ["What changed:", version.release_notes, ""]
    lines += [
        "You can move to it in one step, or dismiss the notice, on your organisation's "
        f"commons page: {site}{reverse('commons:mine')}",
        f"The asset's page: {site}{reverse('commons:asset', args=[asset.slug])}",
    ]
    return subject, "\n".join(lines)


@task(takes_context=True)
def send_version_notice(context: TaskContext, notice_id: int) -> bool:
    """E-mail a notice to its organisation's people, unless it has closed meanwhile.

    A refusal that may pass is tried again by the worker while attempts remain.
    """
    notice = (
        VersionNotice.objects.select_related(
            "organisation", "version__asset__owner_organisation", "adoption__version"
        )
        .select_related("version__asset__owner_partnership")
        .filter(pk=notice_id, closed_at__isnull=True)
        .first()
    )
    if notice is None:
        return False
    addresses = recipients(notice)
    if not addresses:
        return False
    subject, body = message(notice)
    try:
        get_sender().send_email(to=addresses, subject=subject, body=body)
    except SendFailed as problem:
        logger.warning("Version notice %s not sent: %s", notice_id, problem)
        if not problem.permanent and will_be_retried(context):
            raise
        return False
    return True
