"""503 Service Unavailable, instead of a 500, when the database cannot be reached.

The middleware answers for errors a view raises; `server_error` (the project's
`handler500`) for those raised elsewhere (a middleware saving the session, say), where
Django only calls the handler, from inside its `except` block. Pages get a plain page
that needs no database; /api/ gets REST v1's `{"detail", "code"}`. Open311 answers in
its own formats (see `api.open311.views`). The broken connection is closed, so the next
request connects again once the database is back: no restart needed.
"""

import sys
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

from commonweal.core.dbfaults import database_unavailable, release_connections

RETRY_AFTER_SECONDS = 5
API_DETAIL = "The service is unavailable at the moment. Try again in a few minutes."


def unavailable_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    release_connections(error)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": API_DETAIL, "code": "service-unavailable"}, status=503)
    else:
        # No request in the context: the context processors would ask the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if database_unavailable(exception):
            return unavailable_response(request, exception)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: a 503 when the uncaught error was the database's, else Django's 500."""
    error = sys.exc_info()[1]
    if database_unavailable(error):
        return unavailable_response(request, error)
    return defaults.server_error(request)
