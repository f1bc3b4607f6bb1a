"""Open311 under /open311/: the discovery document and GeoReport v2 under v2/.

Each resource ends in .json or .xml. Any other address here answers 404 in the
specification's error format, never Django's HTML page.
"""

from django.urls import re_path

from commonweal.api.open311 import views

app_name = "open311"

_FMT = r"\.(?P<fmt>[^/.]+)$"

urlpatterns = [
    re_path(rf"^discovery{_FMT}", views.discovery, name="discovery"),
    re_path(rf"^v2/services{_FMT}", views.services, name="services"),
    re_path(
        rf"^v2/services/(?P<service_code>[^/]+?){_FMT}", views.service_definition, name="service"
    ),
    re_path(rf"^v2/requests{_FMT}", views.requests, name="requests"),
    re_path(rf"^v2/requests/(?P<request_id>[^/]+?){_FMT}", views.request_detail, name="request"),
    re_path(rf"^v2/tokens/(?P<token>[^/]+?){_FMT}", views.token, name="token"),
    re_path(r"^(?P<path>[\s\S]*)$", views.unknown, name="unknown"),  # newlines too
]
