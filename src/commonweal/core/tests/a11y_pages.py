"""Every page of the site's HTML apps, named by URL, with who may see it and its arguments.

`PAGES` lists the pages axe checks; `EXCLUDED` the URL names that are not pages, each with
the reason. A URL name in an app of `APPS` that is in neither fails the accessibility
tests, so a new page is checked from the day it is added.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.urls import URLPattern, URLResolver, get_resolver

# The URL namespaces whose pages are checked (services: the commons pages in /commons/).
APPS = (
    "portal",
    "accounts",
    "workspace",
    "commons",
    "services",
    "commissioning",
    "strategy",
    "insight",
    "open_data",
)

Args = Callable[[SimpleNamespace], dict]


def _none(world: SimpleNamespace) -> dict:
    return {}


@dataclass(frozen=True)
class Page:
    """Who looks at the page (a key of the world's sessions), its URL arguments and query."""

    who: str
    args: Args = field(default=_none)
    query: str = ""


def _service(world) -> dict:
    return {"code": "pothole"}


def _case(world) -> dict:
    return {"reference": world.case.reference}


def _county(world) -> dict:
    return {"slug": world.county.slug}


def _asset(world) -> dict:
    return {"slug": world.asset.slug}


def _adoption(world) -> dict:
    return {"slug": world.adoption.asset.slug, "organisation": world.county.slug}


def _partnership(world) -> dict:
    return {"slug": world.partnership.slug}


def _partner(world) -> dict:
    return {"slug": world.partnership.slug, "organisation": world.cambridge.slug}


def _contract(world) -> dict:
    return {"pk": world.contract.pk}


def _assessment(world) -> dict:
    return {"slug": world.county.slug, "pk": world.assessment.pk}


def _assessment_theme(world) -> dict:
    return {"slug": world.county.slug, "pk": world.started.pk, "theme": world.theme}


def _initiative(world) -> dict:
    return {"slug": world.county.slug, "pk": world.initiative.pk}


PAGES: dict[str, Page] = {
    # The portal: residents.
    "portal:home": Page("anonymous"),
    "portal:organisation-directory": Page("anonymous"),
    "portal:organisation-detail": Page("anonymous", lambda w: {"slug": w.cambridge.slug}),
    "portal:accessibility": Page("anonymous"),
    "portal:privacy": Page("anonymous"),
    "portal:find-service": Page("anonymous", query="?q=pothole"),
    "portal:service": Page("anonymous", _service),
    "portal:ask-location": Page("anonymous", _service),
    "portal:ask-questions": Page("drafting", _service),
    "portal:ask-contact": Page("drafting", _service),
    "portal:ask-check": Page("drafting", _service),
    "portal:ask-done": Page("sent", _service),
    "portal:track": Page("anonymous"),
    "portal:case": Page("anonymous", lambda w: {"reference": w.closed.reference}),
    "portal:register": Page("anonymous"),
    "portal:my-requests": Page("resident"),
    "portal:reports": Page("anonymous", query="?lat=52.2053&lon=0.1218"),
    "accounts:sign-in": Page("anonymous"),
    "accounts:sign-out": Page("resident"),
    "accounts:account": Page("caseworker"),
    "accounts:two-factor-set-up": Page("caseworker"),
    # The workspace: staff.
    "workspace:queue": Page("caseworker"),
    "workspace:case": Page("caseworker", _case),
    "workspace:services": Page("orgadmin"),
    "workspace:service-new": Page("orgadmin"),
    "workspace:service-edit": Page("orgadmin", _service),
    "workspace:service-version": Page("orgadmin", lambda w: {"code": "pothole", "version": 1}),
    # The commons.
    "commons:browse": Page("anonymous"),
    "commons:publish": Page("orgadmin"),
    "commons:mine": Page("orgadmin"),
    "commons:partnerships": Page("orgadmin"),
    "commons:partnership": Page("orgadmin", _partnership),
    "commons:add-partner": Page("orgadmin", _partnership),
    "commons:partner-role": Page("orgadmin", _partner),
    "commons:remove-partner": Page("orgadmin", _partner),
    "commons:asset": Page("anonymous", _asset),
    "commons:edit": Page("orgadmin", _asset),
    "commons:new-version": Page("orgadmin", _asset),
    "commons:update-adoption": Page("orgadmin", _adoption),
    "commons:stop-adoption": Page("orgadmin", _adoption),
    "services:reuse-map": Page("anonymous"),
    # Commissioning.
    "commissioning:register": Page("commissioner"),
    "commissioning:add-contract": Page("commissioner"),
    "commissioning:contract": Page("commissioner", _contract),
    "commissioning:change-contract": Page("commissioner", _contract),
    "commissioning:supplier": Page("commissioner", lambda w: {"pk": w.contract.supplier_id}),
    "commissioning:renewals": Page("commissioner"),
    "commissioning:opportunities": Page("commissioner"),
    "commissioning:import": Page("commissioner"),
    # Strategy.
    "strategy:framework": Page("anonymous"),
    "strategy:framework-theme": Page("anonymous", lambda w: {"key": w.theme}),
    "strategy:route-index": Page("two-hats"),
    "strategy:route-page": Page("executive", _county),
    "strategy:route-new": Page("executive", _county),
    "strategy:route-initiative": Page("executive", _initiative),
    "strategy:route-edit": Page("executive", _initiative),
    "strategy:route-key-players": Page("executive", _county),
    "strategy:home": Page("admin"),
    "strategy:progress": Page("executive", _county),
    "strategy:assessments": Page("executive", _county),
    "strategy:assessment": Page("executive", _assessment),
    "strategy:assessment-theme": Page("executive", _assessment_theme),
    "strategy:targets": Page("executive", _county),
    "strategy:theme-target": Page("executive", lambda w: {**_county(w), "theme": w.theme}),
    "strategy:measure-target": Page("executive", lambda w: {**_county(w), "key": w.measure}),
    # Insight.
    "insight:imports": Page("orgadmin"),
    "insight:import-run": Page("orgadmin", lambda w: {"pk": w.import_run.pk}),
    "insight:dashboards": Page("executive"),
    "insight:dashboard-platform": Page("admin"),
    "insight:dashboard-partnership": Page("executive", _partnership),
    "insight:dashboard-area": Page("executive", _county),
    "insight:dashboard-organisation": Page("executive", _county),
    "insight:dashboard-service": Page("executive", lambda w: {**_county(w), "code": "pothole"}),
    "insight:board-pack": Page("executive"),
    "open_data:index": Page("anonymous"),
}

POST_ONLY = "an action (POST only); the page it leads to is checked"
TWO_FACTOR_AXE = "axe checks it in accounts/tests/test_browser.py"
EXCLUDED: dict[str, str] = {
    "accounts:sign-in-code": "only between password and code; " + TWO_FACTOR_AXE,
    "accounts:two-factor-turn-off": "only while two-factor is on; " + TWO_FACTOR_AXE,
    "portal:ask": "redirects to the step the resident has reached",
    "portal:ask-remove-photo": POST_ONLY,
    "portal:rate": POST_ONLY,
    "portal:reports-geojson": "GeoJSON for the map",
    "workspace:assign-many": POST_ONLY,
    "workspace:photo": "an image file",
    "workspace:transition": POST_ONLY,
    "workspace:note": POST_ONLY,
    "workspace:assign": POST_ONLY,
    "workspace:merge": POST_ONLY,
    "workspace:reopen": POST_ONLY,
    "workspace:service-publish": POST_ONLY,
    "workspace:service-run": POST_ONLY,
    "commons:catalogue-json": "JSON",
    "commons:catalogue-csv": "CSV",
    "commons:dismiss-notice": POST_ONLY,
    "commons:adopt": POST_ONLY,
    "commons:interest": POST_ONLY,
    "commons:withdraw-interest": POST_ONLY,
    "commons:fork": POST_ONLY,
    "commons:move-to-latest": POST_ONLY,
    "services:adopt-definition": POST_ONLY,
    "services:fork-definition": POST_ONLY,
    "services:upgrade-offering": POST_ONLY,
    "commissioning:share": POST_ONLY,
    "commissioning:unshare": POST_ONLY,
    "commissioning:review": POST_ONLY,
    "commissioning:interest": POST_ONLY,
    "commissioning:import-confirm": POST_ONLY,
    "strategy:route-status": POST_ONLY,
    "strategy:route-milestone-add": POST_ONLY,
    "strategy:route-milestone-done": POST_ONLY,
    "strategy:route-milestone-remove": POST_ONLY,
    "strategy:route-key-player-remove": POST_ONLY,
    "strategy:assessment-start": POST_ONLY,
    "strategy:assessment-resume": "redirects to the first theme not yet scored",
    "strategy:assessment-complete": POST_ONLY,
    "insight:import-start": POST_ONLY,
    "open_data:csv": "CSV",
    "open_data:json": "JSON",
}


def url_names() -> set[str]:
    """Every URL name in the apps of APPS, as `namespace:name`."""
    found: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace in APPS:
                found.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return found
