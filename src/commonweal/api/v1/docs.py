"""The browsable docs: Swagger UI from the drf-spectacular-sidecar package, nothing remote.

Swagger UI would otherwise ask validator.swagger.io for a badge, sending it the schema's
address; `validatorUrl: null` turns that off.
"""

import json

from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.request import Request
from rest_framework.response import Response


class SwaggerDocs(SpectacularSwaggerView):
    @extend_schema(exclude=True)
    def get(self, request: Request, *args, **kwargs) -> Response:
        response = super().get(request, *args, **kwargs)
        configured = spectacular_settings.SWAGGER_UI_SETTINGS
        if isinstance(configured, dict):
            response.data["settings"] = json.dumps({**configured, "validatorUrl": None}, indent=2)
        return response
