"""Every request: an id (kept from X-Request-ID or made), timed, counted, and logged once.

The request's log line names the route (the URL pattern's name), never the path as asked
for, so no query string (which may hold an e-mail address) and no identifier reaches the
log or the metrics' labels. Place the middleware first, so it also times WhiteNoise's
static files and every other middleware.
"""

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import Counter, Histogram

from commonweal.core.logs import accepted_request_id, request_id

logger = logging.getLogger("commonweal.request")

REQUESTS = Counter(
    "commonweal_http_requests",
    "HTTP requests answered, by route, method and status class.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "commonweal_http_request_duration_seconds",
    "Time from the request reaching Django to the response leaving it, by route.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
HEADER = "X-Request-ID"
View = TypeVar("View", bound=Callable)


def quiet(view: View) -> View:
    """Log this view's successful requests at DEBUG: for probes and scrapes every few seconds."""
    view.log_quietly = True  # type: ignore[attr-defined]
    return view


def route_of(request: HttpRequest) -> str:
    """The resolved URL pattern's name, "static" for static files, else "unmatched"."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or match.route or "unnamed"
    if request.path.startswith(settings.STATIC_URL):
        return "static"
    return "unmatched"


def _is_quiet(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and getattr(match.func, "log_quietly", False)


def status_class(status: int) -> str:
    return f"{status // 100}xx"


class RequestObservabilityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = accepted_request_id(request.headers.get(HEADER))
        token = request_id.set(rid)
        request.request_id = rid
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = rid
            self._record(request, response.status_code, time.perf_counter() - started)
            return response
        finally:
            request_id.reset(token)

    def _record(self, request: HttpRequest, status: int, seconds: float) -> None:
        route = route_of(request)
        method = request.method if request.method in METHODS else "other"
        REQUESTS.labels(route, method, status_class(status)).inc()
        LATENCY.labels(route, method).observe(seconds)
        if status >= 500:
            level = logging.ERROR
        elif status < 400 and _is_quiet(request):
            level = logging.DEBUG
        else:
            level = logging.INFO
        logger.log(
            level,
            "%s %s %s",
            method,
            route,
            status,
            extra={
                "method": method,
                "route": route,
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
            },
        )
