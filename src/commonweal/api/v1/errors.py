"""How REST v1 reports errors, and the shapes the OpenAPI document gives them.

Input problems keep DRF's own format, `{"field": ["message", …]}` (400). Every other
error is `{"detail": "message", "code": "short-code"}`: DRF's `detail`, plus the code
DRF already knows (`not_authenticated`, `permission_denied`, `not_found`, …) or ours
(`role-not-allowed`, `wrong-state`, `stale`, …), so clients can branch without
matching words.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with `code` added beside `detail` for every error but validation."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, exceptions.ParseError):
        # A body that cannot be read is bad input for the request as a whole.
        exc = exceptions.ValidationError({"non_field_errors": [str(exc.detail)]})
    response = drf_exception_handler(exc, context)
    if response is None or isinstance(exc, exceptions.ValidationError):
        return response
    if isinstance(exc, exceptions.APIException) and isinstance(response.data, dict):
        detail = exc.detail
        code = getattr(detail, "code", None) or exc.default_code
        response.data.setdefault("code", str(code).replace("_", "-"))
    return response


def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any other address under /api/v1/: a 404 in this API's format, not Django's HTML page."""
    return JsonResponse(
        {"detail": "There is no such address in the API. See /api/v1/docs/.", "code": "not-found"},
        status=404,
    )


class Refused(exceptions.APIException):
    """A 403 carrying the domain's reason and code (permission, role or workflow)."""

    status_code = 403
    default_code = "permission-denied"


class V1ErrorsMixin:
    """Use this module's handler for the view (the project-wide setting is left alone)."""

    def get_exception_handler(self):
        return exception_handler


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in plain words.")
    code = serializers.CharField(
        help_text="A short code for it, such as `not-found`, `not-authenticated`, "
        "`permission-denied`, `role-not-allowed` or `wrong-state`."
    )


# DRF's validation format: each field (or `non_field_errors`) with its messages.
VALIDATION_ERRORS = {
    "type": "object",
    "description": "Each field that was refused, with its messages "
    "(`non_field_errors` for problems with the request as a whole).",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"expected_version": ["A valid integer is required."]},
}
