"""A believable commons for the demo: partnerships, assets, versions, adoptions, interest.

Everything goes through the commons' own functions (acting as the platform administrator),
so the demo obeys the same rules as staff do. Running it again changes nothing: an asset
whose short name exists is left as it is. The platform's standard service definitions are
already assets (published by `load_reference`); the demo councils that run them are
recorded as their adopters.
"""

from datetime import timedelta

from django.utils import timezone

from commonweal.commons import adoptions, partnerships, versions
from commonweal.commons.functions import publish_asset
from commonweal.commons.models import Adoption, Asset, Partnership, Visibility
from commonweal.demo.commons_elsewhere import ELSEWHERE
from commonweal.demo.commons_local import (
    CAMBRIDGE,
    COUNTY,
    DIGITAL,
    EAST_CAMBS,
    FENLAND,
    HUNTS,
    LOCAL,
    PETERBOROUGH,
    SOUTH_CAMBS,
    WASTE,
)
from commonweal.demo.commons_types import Shared
from commonweal.services import definitions
from commonweal.services.models import ServiceOffering

PARTNERSHIPS = {
    DIGITAL: (
        "Cambridgeshire and Peterborough Digital Partnership",
        "The county, its five districts and Peterborough, sharing the platforms every "
        "council needs: addresses, sign-in, hosting and digital inclusion.",
        (COUNTY, PETERBOROUGH),
        (CAMBRIDGE, EAST_CAMBS, FENLAND, HUNTS, SOUTH_CAMBS),
    ),
    WASTE: (
        "Greater Cambridge Shared Waste",
        "Cambridge and South Cambridgeshire's joint waste collection service.",
        (CAMBRIDGE,),
        (SOUTH_CAMBS,),
    ),
}
# What councils say running a standard definition saves them a year, by service code.
STANDARD_SAVINGS = {"missed-bin": 6_000, "pothole": 9_000, "fly-tipping": 4_000,
                    "street-light": 3_000, "bulky-waste": 2_500}  # fmt: skip


def create_demo_commons(*, actor, organisation) -> int:
    """Publish the demo assets not yet there; return how many were made.

    `organisation(code)` finds an organisation by GSS or ODS code or slug.
    """
    owners = _partnerships(actor, organisation)
    made = 0
    for shared in [*LOCAL, *ELSEWHERE]:
        if not Asset.objects.filter(slug=shared.slug).exists():
            _publish(shared, actor=actor, organisation=organisation, partnerships=owners)
            made += 1
    _standard_adoptions(actor)
    return made


def _partnerships(actor, organisation) -> dict[str, Partnership]:
    made = {}
    for key, (name, description, leads, members) in PARTNERSHIPS.items():
        slug = key.removeprefix("partnership:")
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            partnership = partnerships.form_partnership(
                name=name, lead=organisation(leads[0]), actor=actor,
                description=description, slug=slug,
            )  # fmt: skip
            for code in leads[1:]:
                partnerships.add_partner(
                    partnership=partnership, organisation=organisation(code), actor=actor,
                    role="lead",
                )  # fmt: skip
            for code in members:
                partnerships.add_partner(
                    partnership=partnership, organisation=organisation(code), actor=actor
                )
        made[key] = partnership
    return made


def _publish(shared: Shared, *, actor, organisation, partnerships: dict) -> Asset:
    partnership = partnerships.get(shared.owner)
    owner = None if partnership else organisation(shared.owner)
    home = f"https://{(owner or partnership).slug}.example.org"
    asset = publish_asset(
        actor=actor,
        kind=shared.kind,
        title=shared.title,
        summary=shared.summary,
        description=shared.description,
        licence=shared.licence,
        owner_organisation=owner,
        owner_partnership=partnership,
        slug=shared.slug,
        lgsl=shared.lgsl,
        functions=shared.functions,
        tags=shared.tags,
        stage=shared.stage,
        visibility=Visibility.MEMBERS if shared.members_only else Visibility.PUBLIC,
        code_url=f"https://code.example.org/{(owner or partnership).slug}/{shared.slug}"
        if shared.code
        else "",
        docs_url=f"{home}/commons/{shared.slug}" if shared.stage != "idea" else "",
        contact_url=f"{home}/contact",
    )
    today = timezone.localdate()
    for number, days_ago, notes in shared.versions:
        versions.release_version(
            asset=asset, actor=actor, number=number, release_notes=notes,
            released_on=today - timedelta(days=days_ago),
        )  # fmt: skip
    for code, status, saving, cost in shared.adopters:
        adoptions.adopt(
            organisation=organisation(code), asset=asset, actor=actor, status=status,
            started_on=today - timedelta(days=shared.age_days // 2),
            annual_saving_pounds=saving, one_off_cost_pounds=cost,
        )  # fmt: skip
    for code, note in shared.interested:
        adoptions.record_interest(
            organisation=organisation(code), asset=asset, actor=actor, note=note
        )
    # As if published over the years, not all at once.
    created = timezone.now() - timedelta(days=shared.age_days)
    last = min((days for _, days, _ in shared.versions), default=shared.age_days)
    Asset.objects.filter(pk=asset.pk).update(
        created_at=created, updated_at=timezone.now() - timedelta(days=last)
    )
    return asset


def _standard_adoptions(actor) -> None:
    """The demo councils adopted the standard definitions they run."""
    standard = {
        asset.service_code: asset
        for asset in Asset.objects.filter(owner_organisation=None, owner_partnership=None).exclude(
            service_code=""
        )
    }
    adopted = set(Adoption.objects.values_list("organisation_id", "asset_id"))
    running = ServiceOffering.objects.filter(service_code__in=standard).select_related(
        "organisation"
    )
    for offering in running.order_by("organisation__name", "service_code"):
        asset = standard[offering.service_code]
        if (offering.organisation_id, asset.pk) in adopted:
            continue
        definitions.adopt_definition(
            organisation=offering.organisation, asset=asset, actor=actor,
            annual_saving_pounds=STANDARD_SAVINGS.get(offering.service_code),
        )  # fmt: skip
