from django.contrib import admin
from django.urls import include, path

import commonweal.admin_site  # noqa: F401  (limits the admin to platform administrators)

admin.site.site_header = "Commonweal administration"
admin.site.site_title = "Commonweal administration"
# A database that cannot be reached answers 503, not 500 (see operations.unavailable).
handler500 = "commonweal.operations.unavailable.server_error"

urlpatterns = [
    path("", include("commonweal.operations.urls")),  # /healthz and /metrics
    path("admin/", admin.site.urls),
    path("api/v1/", include("commonweal.api.v1.urls")),
    path("", include("commonweal.accounts.urls")),
    path("", include("commonweal.portal.urls")),
    path("open311/", include("commonweal.api.open311.urls")),
    path("workspace/", include("commonweal.workspace.urls")),
    # The re-use map and a service definition's adopting, forking and upgrading come first:
    # "reuse" would otherwise be read as an asset's short name.
    path("commons/", include("commonweal.services.urls")),
    path("commons/", include("commonweal.commons.urls")),
    path("commissioning/", include("commonweal.commissioning.urls")),
    path("strategy/", include("commonweal.strategy.urls")),
    path("insight/", include("commonweal.insight.urls")),
    path("open-data/", include("commonweal.insight.open_data_urls")),
]
