"""The expected-access table: for every URL pattern, who may GET it and who may POST to it.

Read a row as: the pattern's name, how to fill in its address from the world
(`access_world`), and the roles that are *allowed*; every other role must be *denied*.

- **Allowed**: a 2xx answer, or a redirect anywhere but a sign-in page (for a POST, also a
  form shown again with its errors: 400 or 409).
- **Denied**: 401, 403 or 404, or a redirect to a sign-in page (anonymous visitors); a
  denied POST changes nothing in the database.
- `get=None`: the pattern does not serve GET (405 for whoever gets past the sign-in);
  `post=None`: it does not take POST, and is not tried with one.
- `sees`/`hides`: for lists, text (such as A's case reference) that the allowed roles in
  `sees` find on the page and every other allowed role does not: the cross-organisation
  check for pages that are open to everyone's staff but must show each only their own.
- A row holding a dict has variants: the same pattern with different objects (a public and
  a members-only asset; A's contract and the one A shared with B on purpose).

The admin's model pages are made from the admin's registry (`admin_entries`): every page
of every registered model is for platform administrators only.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.test import RequestFactory

from commonweal.accounts.models import User
from commonweal.core.tests.access_world import ROLES, World

Roles = frozenset[str]

EVERYONE: Roles = frozenset(ROLES)
SIGNED_IN: Roles = EVERYONE - {"anonymous"}
PLATFORM: Roles = frozenset({"platform_admin"})
NOBODY: Roles = frozenset()
A_STAFF: Roles = frozenset(
    {"caseworker_a", "service_owner_a", "commissioner_a", "executive_a", "admin_a"}
)
B_STAFF: Roles = frozenset({"caseworker_b", "admin_b"})
STAFF: Roles = A_STAFF | B_STAFF | PLATFORM  # a role in some organisation, or the platform's
A_MEMBERS: Roles = A_STAFF | PLATFORM  # A's own people, whatever their role
# Seeing cases: caseworkers, service owners, executives and administrators.
A_CASE_VIEW: Roles = frozenset({"caseworker_a", "service_owner_a", "executive_a", "admin_a"})
A_CASE_VIEWERS: Roles = A_CASE_VIEW | PLATFORM
ANY_CASE_VIEWERS: Roles = A_CASE_VIEWERS | B_STAFF
# Working cases: caseworkers, service owners and administrators.
A_CASE_WORKERS: Roles = frozenset({"caseworker_a", "service_owner_a", "admin_a"}) | PLATFORM
ANY_CASE_WORKERS: Roles = A_CASE_WORKERS | B_STAFF
# Managing services and assets: service owners and administrators.
A_SERVICE_MANAGERS: Roles = frozenset({"service_owner_a", "admin_a"}) | PLATFORM
ANY_SERVICE_MANAGERS: Roles = A_SERVICE_MANAGERS | {"admin_b"}
# Contracts: commissioners and administrators.
A_CONTRACT_MANAGERS: Roles = frozenset({"commissioner_a", "admin_a"}) | PLATFORM
ANY_CONTRACT_MANAGERS: Roles = A_CONTRACT_MANAGERS | {"admin_b"}
# In the commons a person acts for the organisations they belong to: a platform
# administrator without a membership has none to adopt, fork or record interest for.
MEMBER_SERVICE_MANAGERS: Roles = ANY_SERVICE_MANAGERS - PLATFORM
# Strategy and board packs: executives and administrators.
A_LEADERS: Roles = frozenset({"executive_a", "admin_a"}) | PLATFORM
ANY_LEADERS: Roles = A_LEADERS | {"admin_b"}
ADMINS: Roles = frozenset({"admin_a", "admin_b"}) | PLATFORM

Args = Callable[[World], dict[str, Any]]
Data = Callable[[World], dict[str, Any]]


def _none(world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Entry:
    args: Args = _none
    get: Roles | None = EVERYONE
    post: Roles | None = None
    data: Data = _none  # the POST body (a valid one where that matters for the check)
    query: str = ""  # added to the GET address, such as "?lat=52.2&lon=0.1"
    sees: Roles | None = None
    hides: Callable[[World], str] | None = None
    untouched_by: Roles = NOBODY  # allowed to POST, yet must change nothing (not theirs)
    role_data: Callable[[World, str], dict[str, Any]] | None = None  # a body per role
    refuses_with_redirect: bool = False  # a refusal goes back to the page with a message
    writes: bool = False  # the body is valid: an allowed POST must change something
    group: str = ""  # tested together with the rest of its group (an admin model's pages)
    note: str = ""


# Shorthands for the address builders.
def case_a(w: World) -> dict:
    return {"reference": w.case_a.reference}


def org_a(w: World) -> dict:
    return {"slug": w.org_a.slug}


def public_asset(w: World) -> dict:
    return {"slug": w.asset_public_a.slug}


def members_asset(w: World) -> dict:
    return {"slug": w.asset_members_a.slug}


def c_tool(w: World) -> dict:
    return {"slug": w.asset_c.slug}


def c_public(w: World) -> dict:
    return {"slug": w.asset_c_public.slug}


def c_members(w: World) -> dict:
    return {"slug": w.asset_c_members.slug}


def pothole_asset(w: World) -> dict:
    return {"slug": w.pothole_asset.slug}


def contract_a(w: World) -> dict:
    return {"pk": w.contract_a.pk}


def contract_shared_b(w: World) -> dict:
    return {"pk": w.contract_shared_b.pk}


def own_version(w: World) -> dict:
    return {"code": w.own_definition.code, "version": w.own_definition.version}


def assessment_a(w: World) -> dict:
    return {"slug": w.org_a.slug, "pk": w.assessment_a.pk}


def initiative_a(w: World) -> dict:
    return {"slug": w.org_a.slug, "pk": w.initiative_a.pk}


def initiative_shared_b(w: World) -> dict:
    return {"slug": w.org_a.slug, "pk": w.initiative_shared_b.pk}


def partnership(w: World) -> dict:
    return {"slug": w.partnership.slug}


def case_a_reference(w: World) -> str:
    return w.case_a.reference


def reporter_email(w: World) -> str:
    return w.case_a.reporter.email


def case_version(w: World) -> dict:
    return {"expected_version": w.case_a.version}


def pothole(w: World) -> dict:
    return {"code": "pothole"}


# --- The table ---------------------------------------------------------------------------

MATRIX: dict[str, Entry | dict[str, Entry]] = {
    # Operations: for load balancers and Prometheus, not people. /metrics answers a request
    # from loopback or a private address without a token (so every role here, since the test
    # client comes from 127.0.0.1); see test_metrics_refuses_the_outside for the rest.
    "operations:healthz": Entry(),
    "operations:metrics": Entry(note="loopback, no METRICS_TOKEN: open to every role"),
    # Signing in and out.
    "accounts:sign-in": Entry(post=EVERYONE),
    "accounts:sign-out": Entry(post=EVERYONE, note="GET asks to confirm; only POST signs out"),
    "accounts:sign-in-code": Entry(
        get=NOBODY,
        post=NOBODY,
        note="only for someone between password and code; everyone else goes to sign in",
    ),
    # Your account and two-factor sign-in (which is for staff).
    "accounts:account": Entry(get=SIGNED_IN),
    "accounts:two-factor-set-up": Entry(get=STAFF, post=STAFF, note="a resident gets 404"),
    "accounts:two-factor-turn-off": Entry(
        get=SIGNED_IN, post=SIGNED_IN, note="while it is off: back to the account page"
    ),
    # The portal: public pages, asking for a service, following a request.
    "portal:home": Entry(),
    "portal:organisation-directory": Entry(),
    "portal:organisation-detail": Entry(args=org_a),
    "portal:accessibility": Entry(),
    "portal:privacy": Entry(),
    "portal:find-service": Entry(),
    "portal:service": Entry(args=pothole),
    "portal:ask": Entry(args=pothole),
    "portal:ask-location": Entry(args=pothole, post=EVERYONE),
    "portal:ask-questions": Entry(args=pothole, post=EVERYONE),
    "portal:ask-remove-photo": Entry(args=pothole, get=None, post=EVERYONE),
    "portal:ask-contact": Entry(args=pothole, post=EVERYONE),
    "portal:ask-check": Entry(args=pothole, post=EVERYONE),
    "portal:ask-done": Entry(args=pothole),
    "portal:track": Entry(),
    "portal:case": Entry(
        args=case_a,
        sees=NOBODY,
        hides=reporter_email,
        note="the public view of a request: no personal data",
    ),
    "portal:rate": Entry(
        args=lambda w: {"reference": w.case_closed_a.reference},
        get=None,
        post=frozenset({"resident"}),
        data=lambda w: {"score": "5"},
        refuses_with_redirect=True,
        writes=True,
        note="only the person who made the request rates it; others are sent back, unchanged",
    ),
    "portal:register": Entry(post=EVERYONE),
    "portal:my-requests": Entry(
        get=SIGNED_IN, sees=frozenset({"resident"}), hides=case_a_reference
    ),
    "portal:reports": Entry(query="?lat=52.2053&lon=0.1218"),
    "portal:reports-geojson": Entry(query="?lat=52.2053&lon=0.1218"),
    # REST API v1: public endpoints.
    "api-v1:services": Entry(),
    "api-v1:service": Entry(args=pothole),
    "api-v1:organisations": Entry(),
    "api-v1:organisation": Entry(args=org_a),
    "api-v1:places": Entry(query="?lat=52.2053&lon=0.1218"),
    "api-v1:not-found": Entry(
        args=lambda w: {"path": "no-such-thing/"}, get=NOBODY, note="a JSON 404 for every address"
    ),
    "api-v1:offerings": Entry(),
    "api-v1:commons-assets": Entry(sees=STAFF, hides=lambda w: w.asset_members_a.slug),
    "api-v1:commons-asset": {
        "public": Entry(args=public_asset),
        "members-only": Entry(args=members_asset, get=STAFF),
    },
    "api-v1:commons-partnerships": Entry(),
    "api-v1:schema": Entry(),
    "api-v1:docs": Entry(),
    # REST API v1: staff endpoints (token or session).
    "api-v1:cases": Entry(get=ANY_CASE_VIEWERS, sees=A_CASE_VIEWERS, hides=case_a_reference),
    "api-v1:case": Entry(
        args=case_a,
        get=A_CASE_VIEWERS,
        sees=A_CASE_WORKERS,
        hides=reporter_email,
        note="the reporter's details only for those who work the case",
    ),
    "api-v1:case-transition": Entry(
        args=case_a,
        get=None,
        post=A_CASE_WORKERS - {"admin_a"},
        data=lambda w: {"transition": "triage", "expected_version": w.case_a.version},
        note="the pothole's workflow gives triage to caseworkers and service owners only",
        writes=True,
    ),
    "api-v1:case-notes": Entry(
        args=case_a,
        get=None,
        post=A_CASE_WORKERS,
        data=lambda w: {"text": "Seen it.", "expected_version": w.case_a.version},
        writes=True,
    ),
    "api-v1:case-assign": Entry(
        args=case_a,
        get=None,
        post=A_CASE_WORKERS,
        data=lambda w: {"team": w.offering_a.team_id, "expected_version": w.case_a.version},
    ),
    # Open311 GeoReport v2: reading is public; a POST needs an API key, never a session
    # (see test_open311_post_needs_a_key).
    "open311:discovery": Entry(args=lambda w: {"fmt": "json"}),
    "open311:services": Entry(args=lambda w: {"fmt": "json"}),
    "open311:service": Entry(args=lambda w: {"service_code": "pothole", "fmt": "json"}),
    "open311:requests": Entry(
        args=lambda w: {"fmt": "json"},
        post=NOBODY,
        data=lambda w: {"service_code": "pothole", "lat": "52.2053", "long": "0.1218"},
    ),
    "open311:request": Entry(
        args=lambda w: {"request_id": w.case_a.reference, "fmt": "json"},
        sees=NOBODY,
        hides=reporter_email,
    ),
    "open311:token": Entry(args=lambda w: {"token": w.case_a.reference, "fmt": "json"}),
    "open311:unknown": Entry(
        args=lambda w: {"path": "v3/anything"}, get=NOBODY, note="404 for every address"
    ),
    # The workspace: cases and services, for staff.
    "workspace:queue": Entry(get=ANY_CASE_VIEWERS, sees=A_CASE_VIEWERS, hides=case_a_reference),
    "workspace:assign-many": Entry(
        get=None,
        post=ANY_CASE_VIEWERS,
        role_data=lambda w, role: {
            "bulk-cases": [f"{w.case_a.reference}:{w.case_a.version}"],
            "bulk-team": str((w.offering_b if role in B_STAFF else w.offering_a).team_id),
        },
        untouched_by=B_STAFF | {"executive_a"},
        writes=True,
        note="B's staff may pick A's case, but it must not change; executives only look",
    ),
    "workspace:case": Entry(
        args=case_a,
        get=A_CASE_VIEWERS,
        sees=NOBODY,
        hides=reporter_email,
        note="the page shows no reporter details (the API shows them to those who work it)",
    ),
    "workspace:photo": Entry(
        args=lambda w: {"reference": w.case_a.reference, "token": w.photo_a.token},
        get=A_CASE_VIEWERS,
    ),
    "workspace:transition": Entry(
        args=lambda w: {"reference": w.case_a.reference, "transition_id": "triage"},
        get=None,
        post=A_CASE_WORKERS,
        data=lambda w: {"expected_version": w.case_a.version},
    ),
    "workspace:note": Entry(
        args=case_a,
        get=None,
        post=A_CASE_WORKERS,
        data=lambda w: {
            "note-text": "Seen it.",
            "note-visibility": "internal",
            "note-version": w.case_a.version,
        },
        writes=True,
    ),
    "workspace:assign": Entry(
        args=case_a,
        get=None,
        post=A_CASE_WORKERS,
        data=lambda w: {"expected_version": w.case_a.version},
    ),
    "workspace:merge": Entry(
        args=case_a,
        get=None,
        post=A_CASE_WORKERS,
        data=lambda w: {"into": w.case_a2.reference, "expected_version": w.case_a.version},
    ),
    "workspace:reopen": Entry(
        args=case_a,
        get=None,
        post=A_CASE_WORKERS,
        data=lambda w: {"expected_version": w.case_a.version},
    ),
    "workspace:services": Entry(
        get=ANY_SERVICE_MANAGERS,
        sees=A_SERVICE_MANAGERS,
        hides=lambda w: w.own_definition.name,
    ),
    "workspace:service-new": Entry(get=ANY_SERVICE_MANAGERS, post=ANY_SERVICE_MANAGERS),
    "workspace:service-edit": Entry(
        args=pothole,
        get=ANY_SERVICE_MANAGERS,
        post=ANY_SERVICE_MANAGERS,
        note="edits the person's own organisation's offering of the code",
    ),
    "workspace:service-version": Entry(args=own_version, get=A_SERVICE_MANAGERS),
    "workspace:service-publish": Entry(args=own_version, get=None, post=A_SERVICE_MANAGERS),
    "workspace:service-run": Entry(args=own_version, get=None, post=A_SERVICE_MANAGERS),
    # The commons: service definitions (adopt, fork, upgrade) and the re-use map.
    "services:reuse-map": Entry(),
    "services:adopt-definition": Entry(
        args=lambda w: {"slug": w.missed_bin_asset.slug}, get=None, post=MEMBER_SERVICE_MANAGERS
    ),
    "services:fork-definition": Entry(args=pothole_asset, get=None, post=MEMBER_SERVICE_MANAGERS),
    "services:upgrade-offering": Entry(args=pothole_asset, get=None, post=MEMBER_SERVICE_MANAGERS),
    # The commons: assets, adoptions, interest, partnerships.
    "commons:browse": Entry(sees=STAFF, hides=lambda w: w.asset_members_a.title),
    "commons:catalogue-json": Entry(sees=NOBODY, hides=lambda w: w.asset_members_a.slug),
    "commons:catalogue-csv": Entry(sees=NOBODY, hides=lambda w: w.asset_members_a.slug),
    "commons:publish": Entry(
        get=ANY_SERVICE_MANAGERS | {"commissioner_a"},
        post=ANY_SERVICE_MANAGERS | {"commissioner_a"},
        note="commissioners publish contracts",
    ),
    "commons:mine": Entry(get=SIGNED_IN, note="lists only the person's own organisations"),
    "commons:dismiss-notice": Entry(
        args=lambda w: {"pk": w.notice_a.pk}, get=None, post=A_SERVICE_MANAGERS
    ),
    "commons:partnerships": Entry(),
    "commons:partnership": Entry(args=partnership),
    "commons:add-partner": Entry(
        args=partnership,
        post=frozenset({"admin_a"}) | PLATFORM,
        get=frozenset({"admin_a"}) | PLATFORM,
        data=lambda w: {"organisation": w.org_c.slug, "role": "member"},
    ),
    "commons:partner-role": Entry(
        args=lambda w: {"slug": w.partnership.slug, "organisation": w.org_b.slug},
        get=frozenset({"admin_a"}) | PLATFORM,
        post=frozenset({"admin_a"}) | PLATFORM,
        data=lambda w: {"role": "lead"},
    ),
    "commons:remove-partner": Entry(
        args=lambda w: {"slug": w.partnership.slug, "organisation": w.org_b.slug},
        get=frozenset({"admin_a"}) | PLATFORM,
        post=frozenset({"admin_a"}) | PLATFORM,
    ),
    "commons:asset": {
        "public": Entry(args=public_asset),
        "members-only": Entry(args=members_asset, get=STAFF),
    },
    "commons:edit": Entry(args=public_asset, get=A_SERVICE_MANAGERS, post=A_SERVICE_MANAGERS),
    "commons:new-version": Entry(
        args=public_asset, get=A_SERVICE_MANAGERS, post=A_SERVICE_MANAGERS
    ),
    "commons:adopt": {
        "public": Entry(args=c_public, get=None, post=MEMBER_SERVICE_MANAGERS),
        "members-only": Entry(args=c_members, get=None, post=MEMBER_SERVICE_MANAGERS),
    },
    "commons:interest": Entry(args=c_public, get=None, post=STAFF - PLATFORM),
    "commons:withdraw-interest": Entry(args=c_tool, get=None, post=A_STAFF),
    "commons:fork": Entry(args=c_public, get=None, post=MEMBER_SERVICE_MANAGERS),
    "commons:move-to-latest": Entry(args=c_tool, get=None, post=A_SERVICE_MANAGERS - PLATFORM),
    "commons:update-adoption": Entry(
        args=lambda w: {"slug": w.asset_c.slug, "organisation": w.org_a.slug},
        get=A_SERVICE_MANAGERS,
        post=A_SERVICE_MANAGERS,
    ),
    "commons:stop-adoption": Entry(
        args=lambda w: {"slug": w.asset_c.slug, "organisation": w.org_a.slug},
        get=A_SERVICE_MANAGERS,
        post=A_SERVICE_MANAGERS,
    ),
    # Commissioning: contracts are seen by their organisation and those it shares them with.
    "commissioning:register": Entry(get=STAFF, sees=A_MEMBERS, hides=lambda w: w.contract_a.title),
    "commissioning:add-contract": Entry(get=ANY_CONTRACT_MANAGERS, post=ANY_CONTRACT_MANAGERS),
    "commissioning:contract": {
        "own": Entry(args=contract_a, get=A_MEMBERS),
        "shared-with-b": Entry(args=contract_shared_b, get=A_MEMBERS | B_STAFF),
    },
    "commissioning:change-contract": Entry(
        args=contract_a, get=A_CONTRACT_MANAGERS, post=A_CONTRACT_MANAGERS
    ),
    "commissioning:share": Entry(
        args=contract_a,
        get=None,
        post=A_CONTRACT_MANAGERS,
        data=lambda w: {"partner": w.org_b.pk},
    ),
    "commissioning:unshare": Entry(
        args=lambda w: {"pk": w.contract_a.pk, "partner": w.org_c.pk},
        get=None,
        post=A_CONTRACT_MANAGERS,
    ),
    "commissioning:review": Entry(args=contract_a, get=None, post=A_CONTRACT_MANAGERS),
    "commissioning:supplier": Entry(args=lambda w: {"pk": w.supplier.pk}, get=STAFF),
    "commissioning:renewals": Entry(get=STAFF, sees=A_MEMBERS, hides=lambda w: w.contract_a.title),
    "commissioning:opportunities": Entry(get=STAFF),
    "commissioning:interest": Entry(get=None, post=ANY_LEADERS | {"commissioner_a"}),
    "commissioning:import": Entry(get=ANY_CONTRACT_MANAGERS, post=ANY_CONTRACT_MANAGERS),
    "commissioning:import-confirm": Entry(get=None, post=ANY_CONTRACT_MANAGERS),
    # Strategy: the framework is public; an organisation's strategy is its members'.
    "strategy:framework": Entry(),
    "strategy:framework-theme": Entry(args=lambda w: {"key": "collaborate"}),
    "strategy:home": Entry(get=STAFF),
    "strategy:progress": Entry(args=org_a, get=A_MEMBERS),
    "strategy:assessments": Entry(args=org_a, get=A_MEMBERS),
    "strategy:assessment-start": Entry(args=org_a, get=None, post=A_LEADERS),
    "strategy:assessment": Entry(args=assessment_a, get=A_MEMBERS),
    "strategy:assessment-resume": Entry(
        args=assessment_a, get=A_MEMBERS, note="redirects to the theme page, which decides"
    ),
    "strategy:assessment-complete": Entry(args=assessment_a, get=None, post=A_LEADERS),
    "strategy:assessment-theme": Entry(
        args=lambda w: {"slug": w.org_a.slug, "pk": w.assessment_a.pk, "theme": "collaborate"},
        get=A_LEADERS,
        post=A_LEADERS,
        data=lambda w: {"level": "3", "evidence": "Shared plan."},
    ),
    "strategy:targets": Entry(args=org_a, get=A_MEMBERS),
    "strategy:theme-target": Entry(
        args=lambda w: {"slug": w.org_a.slug, "theme": "collaborate"},
        get=A_LEADERS,
        post=A_LEADERS,
        data=lambda w: {"level": "5", "due_on-day": "31", "due_on-month": "3"},
    ),
    "strategy:measure-target": Entry(
        args=lambda w: {"slug": w.org_a.slug, "key": "online-share"},
        get=A_LEADERS,
        post=A_LEADERS,
    ),
    "strategy:route-index": Entry(get=SIGNED_IN),
    "strategy:route-page": Entry(args=org_a, get=A_MEMBERS),
    "strategy:route-new": Entry(args=org_a, get=A_LEADERS, post=A_LEADERS),
    "strategy:route-initiative": {
        "own": Entry(args=initiative_a, get=A_MEMBERS),
        "shared-with-b": Entry(args=initiative_shared_b, get=A_MEMBERS | B_STAFF),
    },
    "strategy:route-edit": Entry(args=initiative_a, get=A_LEADERS, post=A_LEADERS),
    "strategy:route-status": Entry(
        args=initiative_a, get=None, post=A_LEADERS, data=lambda w: {"status": "paused"}
    ),
    "strategy:route-milestone-add": Entry(args=initiative_a, get=None, post=A_LEADERS),
    "strategy:route-milestone-done": Entry(
        args=lambda w: {**initiative_a(w), "milestone": w.milestone_a.pk},
        get=None,
        post=A_LEADERS,
    ),
    "strategy:route-milestone-remove": Entry(
        args=lambda w: {**initiative_a(w), "milestone": w.milestone_a.pk},
        get=None,
        post=A_LEADERS,
    ),
    "strategy:route-key-players": Entry(args=org_a, get=A_MEMBERS, post=A_LEADERS),
    "strategy:route-key-player-remove": Entry(
        args=lambda w: {"slug": w.org_a.slug, "key_player": w.key_player_a.pk},
        get=None,
        post=A_LEADERS,
    ),
    # Insight: imports (administrators), dashboards (members), the board pack (leaders).
    "insight:imports": Entry(get=ADMINS, post=ADMINS),
    "insight:import-run": Entry(
        args=lambda w: {"pk": w.import_run_a.pk}, get=PLATFORM | {"admin_a"}
    ),
    "insight:import-start": Entry(
        args=lambda w: {"pk": w.import_run_a.pk}, get=None, post=PLATFORM | {"admin_a"}
    ),
    "insight:dashboards": Entry(get=SIGNED_IN),
    "insight:dashboard-platform": Entry(get=PLATFORM),
    "insight:dashboard-partnership": Entry(args=partnership, get=A_MEMBERS | B_STAFF),
    "insight:dashboard-area": Entry(args=org_a, get=A_MEMBERS),
    "insight:dashboard-organisation": Entry(args=org_a, get=A_MEMBERS),
    "insight:dashboard-service": Entry(
        args=lambda w: {"slug": w.org_a.slug, "code": "pothole"}, get=A_MEMBERS
    ),
    "insight:board-pack": Entry(
        get=A_LEADERS, query="?organisation=org-a", note="B's administrator: 404 for A's pack"
    ),
    # Open data: public files of each organisation's cases, without personal data.
    "open_data:index": Entry(),
    "open_data:csv": Entry(args=org_a, sees=NOBODY, hides=reporter_email),
    "open_data:json": Entry(args=org_a, sees=NOBODY, hides=reporter_email),
    # The admin's pages that are not a model's: the sign-in page is open; the rest need a
    # platform administrator.
    "admin:login": Entry(
        get=SIGNED_IN,
        post=NOBODY,
        note="signs nobody in: the site's sign-in (and its code step) does; the signed-in go on",
    ),
    "admin:index": Entry(get=PLATFORM),
    "admin:logout": Entry(
        get=EVERYONE - PLATFORM,
        post=EVERYONE,
        note="signs out whoever posts; others are sent to the admin, which asks for sign-in",
    ),
    "admin:password_change": Entry(get=PLATFORM),
    "admin:password_change_done": Entry(get=PLATFORM),
    "admin:autocomplete": Entry(get=NOBODY, note="needs the admin's query parameters: 403"),
    "admin:jsi18n": Entry(get=PLATFORM),
    "admin:view_on_site": Entry(
        args=lambda w: {"content_type_id": "1", "object_id": "1"},
        get=NOBODY,
        note="no model has a public address: 404 for platform administrators",
    ),
    "admin:app_list": Entry(args=lambda w: {"app_label": "organisations"}, get=PLATFORM),
    "admin:<admin/(?P<url>.*)$>": Entry(
        args=lambda w: {"url": "nothing/here/"},
        get=NOBODY,
        note="404 for platform administrators, the admin's sign-in for everyone else",
    ),
    "admin:auth_user_password_change": Entry(
        args=lambda w: {"id": w.users["resident"].pk}, get=PLATFORM
    ),
}


# --- The admin's model pages, from its registry -----------------------------------------

ADMIN_MODEL_PAGES = ("changelist", "add", "history", "delete", "change")


def _platform_admin_may(model_admin, page: str) -> bool:
    """What the model's admin lets even a platform administrator do (some models are
    read-only there: sign-in logs, task results, contracts imported elsewhere)."""
    request = RequestFactory().get("/admin/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    if page == "add":
        return model_admin.has_add_permission(request)
    if page == "delete":
        return model_admin.has_delete_permission(request)
    return model_admin.has_view_or_change_permission(request)


def admin_entries() -> dict[str, Entry]:
    """Every registered model's admin pages: for platform administrators only (and not even
    for them where the model's admin refuses adding or deleting). Each model's pages are
    tested together, one test per model and role (`group`)."""
    entries: dict[str, Entry] = {}
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        base = f"admin:{meta.app_label}_{meta.model_name}"

        def some_pk(world: World, model=model) -> dict:
            row = model._default_manager.order_by("pk").first()
            return {"object_id": str(row.pk if row else 1)}

        for page in ADMIN_MODEL_PAGES:
            allowed = PLATFORM if _platform_admin_may(model_admin, page) else NOBODY
            entries[f"{base}_{page}"] = Entry(
                args=some_pk if page in ("history", "delete", "change") else _none,
                get=allowed,
                post=allowed if page in ("add", "delete") else None,
                group=base,
            )
        prefix = f"admin/{meta.app_label}/{meta.model_name}/<path:object_id>/"
        entries[f"admin:<{prefix}>"] = Entry(args=some_pk, get=PLATFORM, group=base)
    return entries


def full_table() -> dict[str, Entry | dict[str, Entry]]:
    return {**admin_entries(), **MATRIX}
