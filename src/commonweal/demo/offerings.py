"""The demo councils run the standard services that fall to them, live."""

from commonweal.organisations.models import Organisation, Team
from commonweal.services import definitions
from commonweal.services.models import ServiceDefinition, ServiceOffering

# Which team takes a function's requests, where the organisation has such a team.
TEAM_FOR_FUNCTION = {
    "highways": "Highways",
    "street-lighting": "Highways",
    "waste-collection": "Waste and streets",
    "street-cleansing": "Waste and streets",
}
DEFAULT_TEAM = "Customer services"


def _team(organisation: Organisation, function: str) -> Team:
    wanted = TEAM_FOR_FUNCTION.get(function)
    team = organisation.teams.filter(name=wanted).first() if wanted else None
    if team is None:
        team, _ = Team.objects.get_or_create(organisation=organisation, name=DEFAULT_TEAM)
    return team


def standard_definitions() -> list[ServiceDefinition]:
    """The latest published version of each of the platform's standard definitions."""
    codes = (
        ServiceDefinition.objects.filter(owner=None, status=ServiceDefinition.Status.PUBLISHED)
        .values_list("code", flat=True)
        .distinct()
    )
    return [row for code in sorted(set(codes)) if (row := definitions.latest_published(code))]


def run_demo_offerings(*, councils: list[Organisation]) -> int:
    """Each council runs, live, every standard definition whose function it holds.

    An offering that already exists is left as staff have set it.
    """
    made = 0
    standard = standard_definitions()
    for council in councils:
        running = set(
            ServiceOffering.objects.filter(organisation=council).values_list(
                "service_code", flat=True
            )
        )
        for row in standard:
            if row.function in council.functions and row.code not in running:
                definitions.run_offering(
                    organisation=council, row=row, team=_team(council, row.function), live=True
                )
                made += 1
    return made
