"""REST v1 under /api/v1/: public endpoints at the top (the commons' under commons/), staff
endpoints under staff/.

The OpenAPI document is at schema/ and browsable docs (Swagger UI, served from the
drf-spectacular-sidecar package, no CDN) at docs/. Any other address is a 404 in JSON.
"""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from commonweal.api.v1.commons import views as commons
from commonweal.api.v1.docs import SwaggerDocs
from commonweal.api.v1.errors import not_found
from commonweal.api.v1.public import views as public
from commonweal.api.v1.staff import views as staff

app_name = "api-v1"

CASE = "staff/cases/<str:reference>/"

urlpatterns = [
    path("services/", public.ServiceList.as_view(), name="services"),
    path("services/<slug:code>/", public.ServiceDetail.as_view(), name="service"),
    path("organisations/", public.OrganisationList.as_view(), name="organisations"),
    path("organisations/<slug:slug>/", public.OrganisationDetail.as_view(), name="organisation"),
    path("places/", public.Places.as_view(), name="places"),
    path("offerings/", public.OfferingList.as_view(), name="offerings"),
    path("commons/assets/", commons.AssetSearch.as_view(), name="commons-assets"),
    path("commons/assets/<slug:slug>/", commons.AssetDetail.as_view(), name="commons-asset"),
    path("commons/partnerships/", commons.PartnershipList.as_view(), name="commons-partnerships"),
    path("staff/cases/", staff.CaseList.as_view(), name="cases"),
    path(CASE, staff.CaseDetail.as_view(), name="case"),
    path(f"{CASE}transition/", staff.CaseTransition.as_view(), name="case-transition"),
    path(f"{CASE}notes/", staff.CaseNote.as_view(), name="case-notes"),
    path(f"{CASE}assign/", staff.CaseAssign.as_view(), name="case-assign"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerDocs.as_view(url_name="api-v1:schema"), name="docs"),
    # Anything else ending in a slash (such as a code that is not a slug): a 404 in JSON.
    # Addresses without the slash still get Django's redirect to the slashed one.
    re_path(r"^(?P<path>(?:[\s\S]*/)?)$", not_found, name="not-found"),  # newlines too
]
