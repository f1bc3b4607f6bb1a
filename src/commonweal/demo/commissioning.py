"""A believable contracts register for the demo organisations.

The suppliers are made up (no Companies House numbers, so none is mistaken for a real
company). End dates are set from today, so the opportunities to buy together are there
whenever the demo is prepared: the districts' waste collection contracts end within a few
months of each other, several councils use the same revenues and benefits software
supplier, and the county, the fire service and the hospital trust have their vehicles
maintained by one firm. Districts, the unitary, the fire service and the trust share their
contracts with the county; the county shares its own with the councils.

Written through `commissioning.contracts` as the platform administrator; a contract whose
reference the organisation already has is left as it is, so running again adds nothing.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from commonweal.accounts.models import User
from commonweal.commissioning import contracts
from commonweal.commissioning.models import Contract, SupplierReview
from commonweal.commissioning.validation import add_months
from commonweal.commons.models import Asset
from commonweal.organisations.models import Organisation

COUNTY, CAMBRIDGE, EAST_CAMBS, FENLAND, HUNTS, SOUTH_CAMBS = (
    "E10000003", "E07000008", "E07000009", "E07000010", "E07000011", "E07000012",
)  # fmt: skip
PETERBOROUGH, CUH, FIRE, VOLUNTARY = (
    "E06000031", "RGT", "cambridgeshire-fire-and-rescue", "cam-valley-community-network",
)  # fmt: skip
COUNCILS = [CAMBRIDGE, EAST_CAMBS, FENLAND, HUNTS, SOUTH_CAMBS, PETERBOROUGH]

SUPPLIERS = {
    "ouse": ("Ouse Valley Waste Ltd", False),
    "fenenv": ("Fenland Environmental Services Ltd", True),
    "grounds": ("Cam Grounds Care Ltd", True),
    "granta": ("Granta Software Ltd", False),
    "fleet": ("Eastern Fleet Solutions Ltd", False),
    "highways": ("Anglia Highways Partnership Ltd", False),
    "lights": ("Brightway Street Lighting Ltd", False),
    "care": ("Isle Care Services CIC", True),
    "clean": ("Sparkle Facilities Ltd", True),
}


@dataclass(frozen=True)
class DemoContract:
    holder: str  # GSS code, ODS code or slug
    reference: str
    title: str
    supplier: str
    cpv: str
    annual: int
    years: int
    ends_in_months: int
    notice_months: int
    extension: str = ""
    asset_code: str = ""  # a standard service definition the contract relates to


CONTRACTS = [
    DemoContract(CAMBRIDGE, "CAM-ENV-014", "Household waste and recycling collection", "ouse",
                 "90511000-2", 3_100_000, 7, 14, 12, "Up to two further years", "missed-bin"),
    DemoContract(SOUTH_CAMBS, "SCDC-W-2019-03", "Refuse and recycling collection", "ouse",
                 "90511000-2", 2_750_000, 7, 16, 12, "One further year"),
    DemoContract(EAST_CAMBS, "ECDC/WASTE/21", "Waste collection and street cleansing", "fenenv",
                 "90511000-2", 1_650_000, 5, 17, 9, "Two further years, one at a time"),
    DemoContract(FENLAND, "FDC-0093", "Kerbside recycling collection", "fenenv",
                 "90514000-3", 1_180_000, 5, 19, 6),
    DemoContract(HUNTS, "HDC-OPS-117", "Trade and bulky waste collection", "fenenv",
                 "90511000-2", 640_000, 4, 31, 6),
    DemoContract(COUNTY, "CCC-WM-2012", "Household recycling centres", "ouse",
                 "90533000-2", 4_400_000, 10, 20, 12, "None"),
    DemoContract(PETERBOROUGH, "PCC/ENV/0442", "Energy from waste treatment", "ouse",
                 "90513300-9", 5_900_000, 25, 44, 24),
    DemoContract(CAMBRIDGE, "CAM-ENV-022", "Parks and open spaces maintenance", "grounds",
                 "77313000-7", 820_000, 5, 8, 6),
    DemoContract(SOUTH_CAMBS, "SCDC-GM-07", "Grounds maintenance", "grounds",
                 "77314000-4", 410_000, 4, 11, 6),
    DemoContract(HUNTS, "HDC-OPS-120", "Green spaces maintenance", "grounds",
                 "77310000-6", 530_000, 5, 10, 6),
    DemoContract(CAMBRIDGE, "CAM-ICT-031", "Revenues and benefits system", "granta",
                 "48442000-8", 310_000, 5, 22, 12, "One further year"),
    DemoContract(FENLAND, "FDC-0101", "Council tax and benefits software", "granta",
                 "48442000-8", 180_000, 5, 24, 12),
    DemoContract(HUNTS, "HDC-ICT-044", "Revenues and benefits software licences", "granta",
                 "48442000-8", 240_000, 3, 25, 9),
    DemoContract(COUNTY, "CCC-FL-009", "Fleet maintenance and repair", "fleet",
                 "50110000-9", 960_000, 5, 15, 6),
    DemoContract(FIRE, "CFRS-FLEET-2021", "Fire appliance and fleet maintenance", "fleet",
                 "50110000-9", 720_000, 5, 12, 6, "Two further years"),
    DemoContract(CUH, "CUH-PTS-118", "Patient transport vehicle maintenance", "fleet",
                 "50110000-9", 380_000, 3, 13, 3),
    DemoContract(COUNTY, "CCC-HW-2019", "Highways term maintenance", "highways",
                 "45233141-9", 18_500_000, 10, 26, 18, "Up to five further years",
                 "pothole"),
    DemoContract(PETERBOROUGH, "PCC/HW/0310", "Highways maintenance and improvements",
                 "highways", "45233141-9", 9_200_000, 7, 29, 12),
    DemoContract(COUNTY, "CCC-SL-2011", "Street lighting maintenance", "lights",
                 "50232100-1", 3_300_000, 25, 50, 24, "", "street-light"),
    DemoContract(PETERBOROUGH, "PCC/SL/0207", "Street lighting operation and maintenance",
                 "lights", "50232100-1", 1_400_000, 20, 47, 24),
    DemoContract(COUNTY, "CCC-ASC-551", "Home care for adults (north)", "care",
                 "85311000-2", 6_200_000, 4, 18, 6),
    DemoContract(PETERBOROUGH, "PCC/ASC/118", "Home care framework", "care",
                 "85311000-2", 4_100_000, 4, 21, 6),
    DemoContract(CUH, "CUH-FM-204", "Domestic cleaning services", "clean",
                 "90911200-8", 2_600_000, 5, 9, 6),
    DemoContract(COUNTY, "CCC-FM-330", "Office cleaning", "clean",
                 "90919200-4", 450_000, 3, 12, 3),
    DemoContract(VOLUNTARY, "CVCN-2024-01", "Community centre cleaning", "clean",
                 "90919200-4", 18_000, 2, 14, 1),
]  # fmt: skip

REVIEWS = {  # reference → (quality, delivery, value) for the last four quarters
    "CAM-ENV-014": [(4, 3, 4), (3, 3, 3), (3, 2, 3), (4, 3, 3)],
    "CAM-ICT-031": [(3, 4, 2), (3, 4, 3), (4, 4, 3), (4, 5, 3)],
    "CFRS-FLEET-2021": [(5, 4, 4), (4, 4, 4), (4, 3, 4), (5, 4, 4)],
}


def _partners(holder: str, by_code: dict[str, Organisation]) -> list[Organisation]:
    if holder == COUNTY:
        return [by_code[code] for code in COUNCILS]
    if holder == VOLUNTARY:
        return []
    return [by_code[COUNTY]]


def _quarters(today: date) -> list[tuple[date, date]]:
    """The last four complete quarters, oldest first."""
    start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    quarters = []
    for back in range(4, 0, -1):
        first = add_months(start, -3 * back)
        quarters.append((first, add_months(first, 3) - timedelta(days=1)))
    return quarters


def create_demo_contracts(*, by_code: dict[str, Organisation], today: date | None = None) -> int:
    """Record the demo contracts that are not there yet; returns how many were made."""
    today = today or timezone.localdate()
    admin = User.objects.get(email="admin@example.org")
    month_start = today.replace(day=1)
    made = 0
    for item in CONTRACTS:
        holder = by_code[item.holder]
        if Contract.objects.filter(organisation=holder, reference=item.reference).exists():
            continue
        name, sme = SUPPLIERS[item.supplier]
        supplier, _ = contracts.find_or_create_supplier(name=name, sme=sme)
        end = add_months(month_start, item.ends_in_months + 1) - timedelta(days=1)
        start = add_months(end, -12 * item.years) + timedelta(days=1)
        asset = (
            Asset.objects.filter(service_code=item.asset_code).first() if item.asset_code else None
        )
        contract = contracts.create_contract(
            actor=admin, organisation=holder, supplier=supplier, title=item.title,
            cpv_code=item.cpv, start_date=start, end_date=end,
            annual_value=Decimal(item.annual), total_value=Decimal(item.annual * item.years),
            notice_period_months=item.notice_months, extension_options=item.extension,
            reference=item.reference, commons_asset=asset,
            shared_with=_partners(item.holder, by_code),
        )  # fmt: skip
        made += 1
        for (first, last), (quality, delivery, value) in zip(
            _quarters(today), REVIEWS.get(item.reference, []), strict=False
        ):
            if not SupplierReview.objects.filter(contract=contract, period_start=first).exists():
                contracts.record_review(
                    actor=admin, organisation=holder, contract=contract, period_start=first,
                    period_end=last, quality=quality, delivery=delivery, value=value,
                )  # fmt: skip
    return made
