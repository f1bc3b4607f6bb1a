from django.contrib import admin
from django.urls import include, path

import commonweal.admin_site  # noqa: F401  (limits the admin to platform administrators)

admin.site.site_header = "Commonweal administration"
admin.site.site_title = "Commonweal administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("commonweal.accounts.urls")),
    path("", include("commonweal.portal.urls")),
]
