"""Display values for the pages, prepared here so the templates only place them."""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils.text import Truncator

from commonweal.cases import references
from commonweal.organisations.models import Organisation
from commonweal.portal.nearby import Report

NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Fact:
    """One row of a GOV.UK summary list; `href` makes the value a link."""

    label: str
    value: str
    href: str = ""


def organisation_facts(organisation: Organisation) -> list[Fact]:
    facts = [
        Fact("Kind", organisation.get_kind_display()),
        Fact("Nation", organisation.get_nation_display()),
    ]
    if organisation.gss_code or not organisation.ods_code:
        facts.append(Fact("GSS code", organisation.gss_code or NOT_RECORDED))
    if organisation.ods_code:
        facts.append(Fact("ODS code", organisation.ods_code))
    facts.append(
        Fact("Website", organisation.website, href=organisation.website)
        if organisation.website
        else Fact("Website", NOT_RECORDED)
    )
    email = organisation.contact_email
    facts.append(
        Fact("Contact e-mail", email, href=f"mailto:{email}")
        if email
        else Fact("Contact e-mail", NOT_RECORDED)
    )
    return facts


def result_count(count: int) -> str:
    if count == 0:
        return "No organisations found"
    return f"{count:,} organisation{'' if count == 1 else 's'} found"


def error_list(form: forms.Form) -> list[tuple[str, str]]:
    """(field id, message) pairs for the GOV.UK error summary, in the form's field order.

    Radios have no single label, so they link to their first input (`auto_id`).
    """
    return [
        (field.id_for_label or field.auto_id, error) for field in form for error in field.errors
    ]


def map_settings() -> dict[str, str]:
    """The map's tile URL and attribution; with no tile URL the map has no background."""
    return {
        "tile_url": getattr(settings, "MAP_TILE_URL", ""),
        "tile_attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
    }


DESCRIPTION_CHARACTERS = 160


@dataclass(frozen=True)
class ReportRow:
    """One row of the reports-nearby table."""

    reference: str
    url: str
    service_name: str
    description: str  # shortened; empty unless the definition makes descriptions public
    status_tag: str
    state: str
    submitted: str
    distance: str


def report_rows(found: list[Report]) -> list[ReportRow]:
    case_url = references.url_maker("portal:case")
    return [
        ReportRow(
            reference=report.reference,
            url=case_url(report.reference),
            service_name=report.service_name,
            description=Truncator(report.description).chars(DESCRIPTION_CHARACTERS),
            status_tag="govuk-tag--grey" if report.status == "closed" else "govuk-tag--blue",
            state=report.state,
            submitted=f"{report.submitted.day} {report.submitted:%B %Y}",
            distance=f"{report.metres} m",
        )
        for report in found
    ]
