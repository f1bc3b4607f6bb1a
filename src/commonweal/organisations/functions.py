"""The functions a public body may hold, and which ones each kind holds by default.

A service definition names one function; routing sends a request to the organisation
that holds that function where the request is. Defaults follow the usual split of
duties between tiers and nations; an organisation may add or remove functions.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Function:
    slug: str
    name: str


FUNCTIONS: dict[str, Function] = {
    f.slug: f
    for f in [
        Function("highways", "Highways and roads"),
        Function("street-lighting", "Street lighting"),
        Function("waste-collection", "Waste collection"),
        Function("waste-disposal", "Waste disposal and recycling centres"),
        Function("street-cleansing", "Street cleansing"),
        Function("planning", "Planning and building control"),
        Function("strategic-planning", "Strategic planning, minerals and waste"),
        Function("housing", "Housing"),
        Function("environmental-health", "Environmental health"),
        Function("social-care", "Adult and children's social care"),
        Function("public-health", "Public health"),
        Function("education", "Education"),
        Function("libraries", "Libraries"),
        Function("council-tax", "Council tax and business rates"),
        Function("benefits", "Housing benefit and council tax support"),
        Function("parking", "Parking"),
        Function("licensing", "Licensing"),
        Function("trading-standards", "Trading standards"),
        Function("parks", "Parks and open spaces"),
        Function("leisure", "Leisure and culture"),
        Function("transport", "Public transport"),
        Function("economic-development", "Economic development"),
        Function("flood-risk", "Local flood risk management"),
        Function("registration", "Births, deaths and marriages"),
        Function("health-care", "Health care"),
        Function("fire-and-rescue", "Fire and rescue"),
        Function("policing", "Policing"),
        Function("community-support", "Community support"),
        Function("allotments", "Allotments"),
    ]
}

_COUNTY = {
    "highways", "street-lighting", "waste-disposal", "strategic-planning", "social-care",
    "public-health", "education", "libraries", "trading-standards", "flood-risk",
    "registration", "transport",
}  # fmt: skip
_DISTRICT = {
    "waste-collection", "street-cleansing", "planning", "housing", "environmental-health",
    "council-tax", "benefits", "parking", "licensing", "parks", "leisure",
}  # fmt: skip
_UNITARY = _COUNTY | _DISTRICT
# Northern Ireland's councils do not run roads, schools, social care or housing: the
# Department for Infrastructure, the Education Authority, the health and social care
# trusts and the Housing Executive do.
_NI_DISTRICT = {
    "waste-collection", "waste-disposal", "street-cleansing", "planning",
    "environmental-health", "licensing", "parks", "leisure", "registration",
    "economic-development",
}  # fmt: skip

DEFAULT_FUNCTIONS: dict[str, frozenset[str]] = {
    "county": frozenset(_COUNTY),
    "district": frozenset(_DISTRICT),
    "unitary": frozenset(_UNITARY),
    "metropolitan-district": frozenset(_UNITARY),
    "london-borough": frozenset(_UNITARY),
    "scottish-council": frozenset(_UNITARY),
    "welsh-council": frozenset(_UNITARY),
    "ni-district": frozenset(_NI_DISTRICT),
    "combined-authority": frozenset({"economic-development"}),
    "parish": frozenset({"allotments"}),
    "nhs-trust": frozenset({"health-care"}),
    "icb": frozenset({"health-care"}),
    "school": frozenset({"education"}),
    "fire-and-rescue": frozenset({"fire-and-rescue"}),
    "police": frozenset({"policing"}),
    "voluntary": frozenset({"community-support"}),
    "other": frozenset(),
}


def unknown_functions(slugs: list[str] | set[str]) -> list[str]:
    """The slugs that name no known function, in the order given."""
    return [slug for slug in slugs if slug not in FUNCTIONS]


def effective_functions(*, kind: str, added: list[str], removed: list[str]) -> frozenset[str]:
    """The functions an organisation holds: its kind's defaults plus and minus its overrides."""
    return (DEFAULT_FUNCTIONS.get(kind, frozenset()) | set(added)) - set(removed)
