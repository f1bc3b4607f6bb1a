"""The small world the authorisation matrix runs in: two organisations in different places,
each with staff, and objects of every kind owned by organisation A.

- **A** (`org-a`, around Cambridge) has a person in every staff role; its area contains a
  parish (so A has an area dashboard). **B** (`org-b`, around Southampton) has a
  caseworker and an organisation administrator: the strangers who must not see A's things.
- **C** (`org-c`) has no staff: it owns the public tool A adopted, and a contract of A's is
  shared with it.
- Shared on purpose: partnership P (A leads, B is a member), contract `contract_shared_b`
  (A's, shared with B), initiative `initiative_shared_b` (A's, with B as a partner),
  A's public asset and every public page.
"""

import re
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from commonweal.accounts.tests.factories import UserFactory, api_token
from commonweal.cases.models import Attachment
from commonweal.cases.tests.factories import (
    CaseFactory,
    OfferingFactory,
    ReporterFactory,
    standard_definition,
)
from commonweal.commissioning.tests.factories import (
    ContractFactory,
    SupplierFactory,
    SupplierReviewFactory,
)
from commonweal.commons.models import Asset, PartnershipMember, VersionNotice, Visibility
from commonweal.commons.tests.factories import (
    AdoptionFactory,
    AssetFactory,
    AssetVersionFactory,
    InterestFactory,
    PartnershipFactory,
    PartnershipMemberFactory,
)
from commonweal.insight import open_data
from commonweal.insight.import_models import ImportRun
from commonweal.organisations import api_keys
from commonweal.organisations.models import Area, Role
from commonweal.organisations.models import Kind as OrgKind
from commonweal.organisations.tests.factories import MembershipFactory, OrganisationFactory
from commonweal.services import definitions
from commonweal.strategy.tests.factories import (
    AssessmentFactory,
    InitiativeFactory,
    KeyPlayerFactory,
    MilestoneFactory,
    OutcomeTargetFactory,
    TargetFactory,
)

# Who the matrix signs in as, in the order the table's columns read.
ROLES = (
    "anonymous",
    "resident",
    "caseworker_a",
    "caseworker_b",
    "service_owner_a",
    "commissioner_a",
    "executive_a",
    "admin_a",
    "admin_b",
    "platform_admin",
)


def _box(west: float, south: float, east: float, north: float) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def _jpeg() -> bytes:
    out = BytesIO()
    Image.new("RGB", (4, 4), "grey").save(out, format="JPEG")
    return out.getvalue()


@dataclass
class World:
    """Everything the table's argument builders and checks read."""

    users: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def build_world() -> World:
    world = World()
    o = world.objects
    o["org_a"] = OrganisationFactory(name="Organisation A", slug="org-a", kind=OrgKind.UNITARY)
    o["org_b"] = OrganisationFactory(name="Organisation B", slug="org-b", kind=OrgKind.UNITARY)
    o["org_c"] = OrganisationFactory(name="Organisation C", slug="org-c", kind=OrgKind.UNITARY)
    o["parish_a"] = OrganisationFactory(name="Parish in A", slug="parish-a", kind=OrgKind.PARISH)
    o["parish_a"].parents.add(o["org_a"])
    Area.objects.create(organisation=o["org_a"], geometry=_box(0.0, 52.1, 0.3, 52.3))
    Area.objects.create(organisation=o["org_b"], geometry=_box(-1.5, 50.8, -1.3, 51.0))

    staff = {
        "caseworker_a": ("org_a", Role.CASEWORKER),
        "caseworker_b": ("org_b", Role.CASEWORKER),
        "service_owner_a": ("org_a", Role.SERVICE_OWNER),
        "commissioner_a": ("org_a", Role.COMMISSIONER),
        "executive_a": ("org_a", Role.EXECUTIVE),
        "admin_a": ("org_a", Role.ADMIN),
        "admin_b": ("org_b", Role.ADMIN),
    }
    for name, (org, role) in staff.items():
        world.users[name] = MembershipFactory(organisation=o[org], role=role).user
    world.users["resident"] = UserFactory(email="resident@example.net")
    world.users["platform_admin"] = UserFactory(
        email="root@example.org", is_superuser=True, is_staff=True
    )
    for name, user in world.users.items():
        world.tokens[name] = api_token(user)

    # Cases: A's, reported by the resident, with a photo; and one of B's.
    pothole = standard_definition("pothole")
    o["offering_a"] = OfferingFactory(organisation=o["org_a"], definition=pothole)
    o["offering_b"] = OfferingFactory(organisation=o["org_b"], definition=pothole)
    reporter = ReporterFactory(user=world.users["resident"], email="resident@example.net")
    o["case_a"] = CaseFactory(offering=o["offering_a"], reporter=reporter)
    o["case_a2"] = CaseFactory(offering=o["offering_a"])  # merged into case_a by the matrix
    o["case_b"] = CaseFactory(offering=o["offering_b"])
    o["case_closed_a"] = CaseFactory(
        offering=o["offering_a"],
        reporter=ReporterFactory(user=world.users["resident"], email="resident@example.net"),
        state="fixed",
        closed_at=timezone.now(),
    )
    photo = Attachment(case=o["case_a"], token="phototoken0001", width=4, height=4, bytes=0)
    photo.file.save("photo.jpg", ContentFile(_jpeg()), save=False)
    photo.bytes = photo.file.size
    photo.save()
    o["photo_a"] = photo
    o["pothole_asset"] = _definition_asset("pothole")
    standard_definition("missed-bin")  # a standard service nobody runs yet
    o["missed_bin_asset"] = _definition_asset("missed-bin")
    own = (settings.DATA_DIR / "services" / "pothole.yaml").read_text(encoding="utf-8")
    own = re.sub(r"(?m)^code: pothole$", "code: a-pothole", own)
    own = re.sub(r"(?m)^name: .*$", "name: Report a pothole, A edition", own)
    o["own_definition"] = definitions.save_version(text=own, owner=o["org_a"])
    for offering in (o["offering_a"], o["offering_b"]):
        AdoptionFactory(
            organisation=offering.organisation,
            asset=o["pothole_asset"],
            version=o["pothole_asset"].versions.get(number=str(pothole.version)),
        )
    # A newer standard pothole: both offerings are one version behind.
    definitions.save_version(text=pothole.source_text, owner=None, publish=True)

    # The commons.
    o["asset_public_a"] = AssetFactory(owner_organisation=o["org_a"], slug="a-public-tool")
    o["asset_members_a"] = AssetFactory(
        owner_organisation=o["org_a"], slug="a-members-tool", visibility=Visibility.MEMBERS
    )
    o["asset_c"] = AssetFactory(owner_organisation=o["org_c"], slug="c-tool")
    first = AssetVersionFactory(asset=o["asset_c"], number="1.0.0")
    newer = AssetVersionFactory(asset=o["asset_c"], number="2.0.0")
    o["adoption_a"] = AdoptionFactory(organisation=o["org_a"], asset=o["asset_c"], version=first)
    o["notice_a"] = VersionNotice.objects.create(
        organisation=o["org_a"], adoption=o["adoption_a"], version=newer
    )
    o["interest_a"] = InterestFactory(organisation=o["org_a"], asset=o["asset_c"])
    # C's tools that nobody uses yet: to adopt and fork.
    o["asset_c_public"] = AssetFactory(owner_organisation=o["org_c"], slug="c-other-tool")
    o["asset_c_members"] = AssetFactory(
        owner_organisation=o["org_c"], slug="c-members-tool", visibility=Visibility.MEMBERS
    )
    o["partnership"] = PartnershipFactory(slug="shared-services", name="Shared services")
    PartnershipMemberFactory(
        partnership=o["partnership"], organisation=o["org_a"], role=PartnershipMember.Role.LEAD
    )
    PartnershipMemberFactory(partnership=o["partnership"], organisation=o["org_b"])

    # Commissioning.
    o["supplier"] = SupplierFactory()
    o["contract_a"] = ContractFactory(
        organisation=o["org_a"], supplier=o["supplier"], shared_with=[o["org_c"]]
    )
    o["contract_shared_b"] = ContractFactory(
        organisation=o["org_a"], supplier=o["supplier"], shared_with=[o["org_b"]]
    )
    o["review_a"] = SupplierReviewFactory(contract=o["contract_a"])

    # Strategy.
    o["assessment_a"] = AssessmentFactory(organisation=o["org_a"])
    o["target_a"] = TargetFactory(organisation=o["org_a"])
    o["outcome_target_a"] = OutcomeTargetFactory(organisation=o["org_a"])
    o["key_player_a"] = KeyPlayerFactory(organisation=o["org_a"])
    o["initiative_a"] = InitiativeFactory(lead_organisation=o["org_a"])
    o["milestone_a"] = MilestoneFactory(initiative=o["initiative_a"])
    o["initiative_shared_b"] = InitiativeFactory(
        lead_organisation=o["org_a"], partners=[o["org_b"]]
    )

    # Insight: an import waiting to start, and A's open-data files.
    o["import_run_a"] = ImportRun.objects.create(
        organisation=o["org_a"], file_name="old.csv", file_hash="0" * 64, mapping={}
    )
    open_data.make(organisation=o["org_a"], now=timezone.now())

    # Open311: an API key vouched for by A.
    o["api_client_a"], o["api_key_a"] = api_keys.create_key(organisation=o["org_a"], name="App")
    return world


def _definition_asset(code: str) -> Asset:
    return Asset.objects.get(service_code=code, owner_organisation__isnull=True)
