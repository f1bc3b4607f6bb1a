"""The browsable docs: Swagger UI from the drf-spectacular-sidecar package, nothing remote.

Swagger UI would otherwise ask validator.swagger.io for a badge, sending it the schema's
address; `validatorUrl: null` turns that off. The split view serves the start-up script
from its own URL (`?script`) and our template swaps drf-spectacular's inline `<style>` for a
static file, so the page keeps to the Content Security Policy (core/csp.py).
"""

import json

from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.request import Request
from rest_framework.response import Response


class SwaggerDocs(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"

    @extend_schema(exclude=True)
    def get(self, request: Request, *args, **kwargs) -> Response:
        response = super().get(request, *args, **kwargs)
        configured = spectacular_settings.SWAGGER_UI_SETTINGS
        if "settings" in response.data and isinstance(configured, dict):
            response.data["settings"] = json.dumps({**configured, "validatorUrl": None}, indent=2)
        return response
