"""Open311 GeoReport v2 views: read the parameters, call a query or intake, render.

Every view runs inside `open311_view`, which answers every failure in the
specification's error format: an unknown format suffix (404, in XML, the format the
specification requires), a method the resource does not take (405), a body over
DATA_UPLOAD_MAX_MEMORY_SIZE (413), a malformed body (400), and anything unexpected (500,
logged with its traceback). Only the API key authorises a POST: no session, no CSRF.
"""

import functools
import logging
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from commonweal.api.open311 import params, queries, renderers, serialisers, submission
from commonweal.api.open311.errors import (
    Open311Error,
    bad_request,
    forbidden,
    not_found,
    too_many,
)
from commonweal.cases import references
from commonweal.core import ratelimit
from commonweal.core.dbfaults import database_unavailable, release_connections
from commonweal.organisations import api_keys
from commonweal.organisations.models import Organisation

logger = logging.getLogger(__name__)
View = Callable[..., HttpResponse]
CONTACT = "Ask the administrators of this Commonweal service."
UNAVAILABLE = "The service is unavailable at the moment. Try again in a few minutes."
KEY_SERVICE = (
    "API keys are issued per organisation and client by a platform administrator "
    "(commonweal apikey create). Only POST requests need one."
)


def open311_view(*methods: str) -> Callable[[View], View]:
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())

    def decorate(view: View) -> View:
        @csrf_exempt
        @functools.wraps(view)
        def run(request: HttpRequest, fmt: str, **kwargs) -> HttpResponse:
            if fmt not in renderers.FORMATS:
                return renderers.render_errors(
                    renderers.XML,
                    404,
                    [f"Unknown format “{params.shown(fmt, 20)}”: use .json or .xml."],
                )
            if request.method not in allowed:
                method = params.shown(request.method or "", 10)
                response = renderers.render_errors(
                    fmt, 405, [f"{method} is not allowed here: use {' or '.join(methods)}."]
                )
                response["Allow"] = ", ".join(sorted(allowed))
                return response
            try:
                _refuse_nul(request, kwargs)
                return view(request, fmt, **kwargs)
            except Open311Error as error:
                response = renderers.render_errors(fmt, error.status, error.descriptions)
                for name, value in error.headers.items():
                    response[name] = value
                return response
            except RequestDataTooBig:
                limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
                return renderers.render_errors(
                    fmt, 413, [f"The request body is larger than the limit of {limit} bytes."]
                )
            except (SuspiciousOperation, MultiPartParserError) as problem:
                return renderers.render_errors(
                    fmt, 400, [f"The request body is malformed: {problem}"]
                )
            except Exception as error:
                if database_unavailable(error):
                    release_connections(error)
                    response = renderers.render_errors(fmt, 503, [UNAVAILABLE])
                    response["Retry-After"] = "5"
                    return response
                logger.exception("Open311 %s %s failed", request.method, request.path)
                return renderers.render_errors(
                    fmt, 500, ["Something went wrong on our side. The problem has been logged."]
                )

        return run

    return decorate


def _texts(data: QueryDict) -> Iterator[str]:
    for key, values in data.lists():
        yield key
        yield from values


def _refuse_nul(request: HttpRequest, kwargs: dict[str, str]) -> None:
    """NUL cannot be stored in PostgreSQL text, nor written in XML: refuse it everywhere."""
    sent = [*kwargs.values(), *_texts(request.GET)]
    if request.method == "POST":
        sent += _texts(request.POST)
    if any("\x00" in text for text in sent):
        raise bad_request("Parameters must not contain NUL characters.")


def _param(request: HttpRequest, name: str) -> str:
    """A parameter from the query, or for a POST from the body first (the spec's place)."""
    if request.method == "POST" and request.POST.get(name):
        return request.POST[name]
    return request.GET.get(name, "")


def _jurisdiction(request: HttpRequest) -> Organisation | None:
    wanted = _param(request, "jurisdiction_id").strip()
    if not wanted:
        return None
    organisation = queries.jurisdiction(wanted)
    if organisation is None:
        raise not_found(f"The jurisdiction_id “{params.shown(wanted)}” was not found.")
    return organisation


@open311_view("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    document = serialisers.discovery(
        url=request.build_absolute_uri(reverse("open311:unknown", kwargs={"path": "v2/"})),
        changeset=queries.changeset(),
        contact=getattr(settings, "OPEN311_CONTACT", CONTACT),
        key_service=getattr(settings, "OPEN311_KEY_SERVICE", KEY_SERVICE),
        formats=[renderers.CONTENT_TYPES[name].split(";")[0] for name in renderers.FORMATS],
    )
    return renderers.render(fmt, "discovery", document)


@open311_view("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    listed = queries.services(_jurisdiction(request))
    return renderers.render(fmt, "services", [serialisers.service(item) for item in listed])


@open311_view("GET")
def service_definition(request: HttpRequest, fmt: str, service_code: str) -> HttpResponse:
    organisation = _jurisdiction(request)
    definition = queries.service(service_code, organisation)
    if definition is None:
        where = f" at {organisation.name}" if organisation else ""
        raise not_found(
            f"There is no service with the service_code “{params.shown(service_code)}”{where}."
        )
    return renderers.render(fmt, "service_definition", serialisers.service_definition(definition))


def _requests_page(rows: queries.RequestRows) -> list[dict]:
    return [
        serialisers.service_request(
            row,
            definition=rows.definitions[row["definition_id"]],
            agency=rows.agencies.get(row["organisation_id"]),
            status_notes=rows.notes.get(row["id"]),
            media_url=rows.media.get(row["id"]),
        )
        for row in rows.rows
    ]


@open311_view("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    organisation = _jurisdiction(request)
    filters = params.request_filters(
        request.GET,
        organisation_id=organisation.pk if organisation else None,
        now=timezone.now(),
    )
    rows = queries.find_requests(filters)
    response = renderers.render(fmt, "service_requests", _requests_page(rows))
    if not filters.references and len(rows.rows) == filters.page_size:
        following = request.GET.copy()
        following["page"] = str(filters.page + 1)
        response["Link"] = f'<{request.path}?{following.urlencode()}>; rel="next"'
    return response


def _limit(scope: str, key: str, whose: str) -> None:
    verdict = ratelimit.hit(scope=scope, key=key)
    if not verdict.allowed:
        raise too_many(
            f"Too many requests were posted from {whose}: wait {verdict.retry_after} seconds, "
            "then send this request again.",
            retry_after=verdict.retry_after,
        )


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    _limit("open311-post-ip", ratelimit.client_ip(request), "this address")
    key = _param(request, "api_key").strip()
    if not key:
        raise forbidden("api_key was not provided: a POST needs an API key.")
    client = api_keys.authenticate_key(key)
    if client is None:
        raise forbidden("The api_key is not valid, or has been revoked.")
    _limit("open311-post-key", str(client.pk), "this api_key")
    organisation = _jurisdiction(request)
    posted = params.posted_request(request.POST)
    case = submission.submit(posted=posted, client=client, organisation=organisation)
    notice = serialisers.service_notice(
        agency=case.organisation.name, due_at=case.due_at, closed=case.closed_at is not None
    )
    answer = serialisers.created(
        reference=case.reference, notice=notice, account_id=posted.account_id or None
    )
    return renderers.render(fmt, "service_requests", answer, status=201)


@open311_view("GET")
def request_detail(request: HttpRequest, fmt: str, request_id: str) -> HttpResponse:
    organisation = _jurisdiction(request)
    rows = queries.request_by_reference(
        references.normalise(request_id), organisation.pk if organisation else None
    )
    if not rows.rows:
        raise not_found(
            f"There is no request with the service_request_id “{params.shown(request_id)}”."
        )
    return renderers.render(fmt, "service_requests", _requests_page(rows))


@open311_view("GET")
def token(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    """Requests are made at once, so a token is the request's own id (for clients that ask)."""
    organisation = _jurisdiction(request)
    reference = references.normalise(token)
    rows = queries.request_by_reference(reference, organisation.pk if organisation else None)
    if not rows.rows:
        raise not_found(f"There is no request for the token “{params.shown(token)}”.")
    return renderers.render(
        fmt, "service_requests", serialisers.token(reference=reference, token=token)
    )


@csrf_exempt
def unknown(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any other address under /open311/: a 404 in the format its suffix asks for, else XML."""
    suffix = path.rsplit(".", 1)[-1] if "." in path else ""
    fmt = suffix if suffix in renderers.FORMATS else renderers.XML
    return renderers.render_errors(
        fmt, 404, ["There is no such Open311 resource. See /open311/discovery.xml."]
    )
