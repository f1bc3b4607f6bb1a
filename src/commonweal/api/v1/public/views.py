"""Public endpoints: services, organisations, places and offerings. Read-only, no sign-in.

What an anonymous client sees is what the portal shows: published service definitions,
the organisations `organisations.queries.visible_organisations` allows, and the live
offerings of those organisations. Signed-in clients see the same, plus inactive
organisations they belong to.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from commonweal.api.v1.errors import VALIDATION_ERRORS, ErrorSerializer, V1ErrorsMixin
from commonweal.api.v1.pagination import keyset
from commonweal.api.v1.public import serializers as s
from commonweal.organisations import places
from commonweal.organisations.models import Organisation
from commonweal.organisations.queries import visible_organisations
from commonweal.services import definitions
from commonweal.services.models import ServiceDefinition, ServiceOffering

BAD_QUERY = OpenApiResponse(VALIDATION_ERRORS, description="A query parameter was refused.")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such thing (that you may see).")


class PublicView(V1ErrorsMixin, APIView):
    permission_classes = [AllowAny]

    def query(self, serializer_class: type) -> dict:
        """The query parameters, checked (400 naming each refused one)."""
        checked = serializer_class(data=self.request.query_params)
        checked.is_valid(raise_exception=True)
        return checked.validated_data


def published_services() -> QuerySet[ServiceDefinition]:
    published = ServiceDefinition.objects.filter(status=ServiceDefinition.Status.PUBLISHED)
    return published.select_related("owner").defer("document", "source_text")


def service_response(rows) -> list[dict]:
    return [s.service_values(row, definitions.engine_definition(row)) for row in rows]


@extend_schema_view(
    get=extend_schema(
        operation_id="public_services_list",
        tags=["public"],
        parameters=[s.ServiceQuerySerializer],
        responses={200: s.ServiceSerializer(many=True), 400: BAD_QUERY},
    )
)
class ServiceList(PublicView, generics.ListAPIView):
    """The latest published version of every service, by code."""

    pagination_class = keyset("code", "id")
    serializer_class = s.ServiceSerializer

    def get_queryset(self) -> QuerySet[ServiceDefinition]:
        services = published_services()
        newer = services.filter(code=OuterRef("code"), version__gt=OuterRef("version"))
        services = services.filter(~Exists(newer))
        if function := self.query(s.ServiceQuerySerializer).get("function"):
            services = services.filter(function=function)
        return services

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        data = s.ServiceSerializer(service_response(page), many=True).data
        return self.get_paginated_response(data)


@extend_schema_view(
    get=extend_schema(
        operation_id="public_service",
        tags=["public"],
        parameters=[s.ServiceVersionQuerySerializer],
        responses={200: s.ServiceSerializer, 400: BAD_QUERY, 404: NOT_FOUND},
    )
)
class ServiceDetail(PublicView, generics.GenericAPIView):
    """A service's latest published version, or the version asked for."""

    serializer_class = s.ServiceSerializer

    def get(self, request: Request, code: str) -> Response:
        version = self.query(s.ServiceVersionQuerySerializer).get("version")
        rows = published_services().filter(code=code).order_by("-version")
        row = (rows.filter(version=version) if version else rows).first()
        if row is None:
            which = f"version {version} of “{code}”" if version else f"“{code}”"
            raise NotFound(f"There is no published service {which}.")
        return Response(s.ServiceSerializer(service_response([row])[0]).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="public_organisations_list",
        tags=["public"],
        parameters=[s.OrganisationQuerySerializer],
        responses={200: s.OrganisationSerializer(many=True), 400: BAD_QUERY},
    )
)
class OrganisationList(PublicView, generics.ListAPIView):
    """Organisations, by name: councils of every tier, NHS bodies, fire, police and others."""

    pagination_class = keyset("name", "id")
    serializer_class = s.OrganisationSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        organisations = visible_organisations(self.request.user).prefetch_related("parents")
        query = self.query(s.OrganisationQuerySerializer)
        if kind := query.get("kind"):
            organisations = organisations.filter(kind=kind)
        if nation := query.get("nation"):
            organisations = organisations.filter(nation=nation)
        for word in query.get("q", "").split():
            organisations = organisations.filter(
                Q(name__icontains=word) | Q(gss_code__iexact=word) | Q(ods_code__iexact=word)
            )
        return organisations


@extend_schema_view(
    get=extend_schema(
        operation_id="public_organisation",
        tags=["public"],
        responses={200: s.OrganisationDetailSerializer, 404: NOT_FOUND},
    )
)
class OrganisationDetail(PublicView, generics.RetrieveAPIView):
    """One organisation, with the organisations above and within it."""

    lookup_field = "slug"
    serializer_class = s.OrganisationDetailSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        return visible_organisations(self.request.user).prefetch_related("parents", "children")

    def get_object(self) -> Organisation:
        try:
            return super().get_object()
        except Http404:
            raise NotFound(f"There is no organisation “{self.kwargs['slug']}”.") from None


@extend_schema_view(
    get=extend_schema(
        operation_id="public_places",
        tags=["public"],
        parameters=[s.PlaceQuerySerializer],
        responses={200: s.PlacesSerializer, 400: BAD_QUERY},
    )
)
class Places(PublicView):
    """Which organisations cover a point and, for a function, which one is responsible.

    A malformed or out-of-range coordinate, or an unknown function, is a 400 naming the
    parameter. The covering list is a handful of areas, so it is not paged.
    """

    def get(self, request: Request) -> Response:
        query = self.query(s.PlaceQuerySerializer)
        lat, lon, function = query["lat"], query["lon"], query.get("function")
        responsible = places.responsible(lat, lon, function) if function else None
        answer = {
            "lat": lat,
            "lon": lon,
            "function": function,
            "responsible": _place(responsible) if responsible else None,
            "covering": [_place(place) for place in places.covering(lat, lon)],
        }
        return Response(s.PlacesSerializer(answer).data)


def _place(place: places.Place) -> dict:
    return {
        "slug": place.slug,
        "name": place.name,
        "kind": place.kind,
        "gss_code": place.gss_code,
        "functions": sorted(place.functions),
    }


OFFERING_COLUMNS = (
    "id",
    "organisation__slug",
    "organisation__name",
    "service_code",
    "definition__name",
    "definition__version",
)


@extend_schema_view(
    get=extend_schema(
        operation_id="public_offerings_list",
        tags=["public"],
        parameters=[s.OfferingQuerySerializer],
        responses={200: s.OfferingSerializer(many=True), 400: BAD_QUERY},
    )
)
class OfferingList(PublicView, generics.ListAPIView):
    """Which organisation runs which service version, live (a hot list: plain values)."""

    pagination_class = keyset("id")
    serializer_class = s.OfferingSerializer

    def get_queryset(self):
        offerings = ServiceOffering.objects.filter(
            live=True, organisation__in=visible_organisations(self.request.user)
        )
        query = self.query(s.OfferingQuerySerializer)
        if organisation := query.get("organisation"):
            offerings = offerings.filter(organisation__slug=organisation)
        if service := query.get("service"):
            offerings = offerings.filter(service_code=service)
        return offerings.values(*OFFERING_COLUMNS)

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([_offering(row) for row in page])


def _offering(row: dict) -> dict:
    return {
        "id": row["id"],
        "organisation": {"slug": row["organisation__slug"], "name": row["organisation__name"]},
        "service": {
            "code": row["service_code"],
            "name": row["definition__name"],
            "version": row["definition__version"],
        },
    }
