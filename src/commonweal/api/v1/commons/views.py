"""The commons, read-only: search assets (with facets), one asset, and partnerships.

Anyone may read: an anonymous client sees public assets; a client whose token belongs to
a platform member sees members-only ones too (`commons.permissions`, through
`commons.search` and `Asset.objects.visible_to`). The search pages by number, as ranked
search results do; partnerships page by cursor like every other list.
"""

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.utils.urls import remove_query_param, replace_query_param

from commonweal.api.v1.commons import serializers as s
from commonweal.api.v1.pagination import keyset
from commonweal.api.v1.public.views import BAD_QUERY, NOT_FOUND, PublicView
from commonweal.commons.catalogue import owner_values
from commonweal.commons.models import Adoption, Asset, Partnership, PartnershipMember, Visibility
from commonweal.commons.permissions import can_view_asset, is_platform_member
from commonweal.commons.search import CURRENT_ADOPTION, search_assets, with_counts
from commonweal.organisations.queries import visible_organisations


def asset_values(asset: Asset, request: Request) -> dict:
    """What `AssetSerializer` shows (the asset annotated by `commons.search.with_counts`)."""
    return {
        "slug": asset.slug,
        "url": reverse("api-v1:commons-asset", args=[asset.slug], request=request),
        "title": asset.title,
        "kind": asset.kind,
        "summary": asset.summary,
        "owner": owner_values(asset),
        "licence": asset.licence,
        "stage": asset.stage,
        "visibility": asset.visibility,
        "lgsl": asset.lgsl,
        "functions": asset.functions,
        "tags": asset.tags,
        "adoption_count": asset.adoption_count,
        "interest_count": asset.interest_count,
        "created_at": asset.created_at,
        "updated_at": asset.updated_at,
    }


@extend_schema_view(
    get=extend_schema(
        operation_id="commons_assets_list",
        tags=["commons"],
        parameters=[s.AssetSearchQuerySerializer],
        responses={200: s.AssetSearchSerializer, 400: BAD_QUERY},
    )
)
class AssetSearch(PublicView):
    """Find assets by words and facets; the facets' counts come with each page.

    Each facet's counts apply the words and every other facet's choices, so a client can
    show how many it would find by choosing another value. Choices within a facet widen
    the search (any of them), choices of different facets narrow it.
    """

    def get(self, request: Request) -> Response:
        query = self.query(s.AssetSearchQuerySerializer)
        result = search_assets(
            user=request.user,
            words=query["q"],
            kind=query["kind"],
            stage=query["stage"],
            function=query["function"],
            owner_kind=query["owner_kind"],
            lgsl=query["lgsl"],
            licence=query["licence"],
            sort=query["sort"],
            page=query["page"],
            page_size=query["page_size"],
        )
        page, size = query["page"], query["page_size"]
        here = request.build_absolute_uri()
        answer = {
            "count": result.total,
            "page": page,
            "page_size": size,
            "next": replace_query_param(here, "page", page + 1)
            if page * size < result.total
            else None,
            "previous": _page_link(here, page - 1) if page > 1 else None,
            "results": [asset_values(asset, request) for asset in result.assets],
            "facets": {
                facet: [vars(value) for value in values] for facet, values in result.facets.items()
            },
        }
        return Response(s.AssetSearchSerializer(answer).data)


def _page_link(url: str, page: int) -> str:
    return remove_query_param(url, "page") if page == 1 else replace_query_param(url, "page", page)


@extend_schema_view(
    get=extend_schema(
        operation_id="commons_asset",
        tags=["commons"],
        responses={200: s.AssetDetailSerializer, 404: NOT_FOUND},
    )
)
class AssetDetail(PublicView):
    """One asset: what it is, who owns it, its published versions and who re-uses it."""

    def get(self, request: Request, slug: str) -> Response:
        assets = Asset.objects.visible_to(request.user).select_related(
            "owner_organisation", "owner_partnership", "forked_from"
        )
        asset = with_counts(assets).filter(slug=slug).first()
        if asset is None:
            raise NotFound(f"There is no asset “{slug}”.")
        origin = asset.forked_from
        by_status = dict(
            asset.adoptions.order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        saving = asset.adoptions.filter(status__in=CURRENT_ADOPTION).aggregate(
            total=Sum("annual_saving_pounds")
        )["total"]
        answer = {
            **asset_values(asset, request),
            "description": asset.description,
            "links": {
                "code": asset.code_url or None,
                "documentation": asset.docs_url or None,
                "contact": asset.contact_url or None,
            },
            "service_code": asset.service_code or None,
            "forked_from": origin.slug
            if origin is not None and can_view_asset(request.user, origin)
            else None,
            "versions": list(
                asset.versions.filter(published=True)
                .order_by("-sequence")
                .values("number", "released_on", "release_notes")
            ),
            "adoptions": {status: by_status.get(status, 0) for status in Adoption.Status.values},
            "annual_saving_pounds_reported": saving or 0,
        }
        return Response(s.AssetDetailSerializer(answer).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="commons_partnerships_list",
        tags=["commons"],
        responses={200: s.PartnershipSerializer(many=True), 400: BAD_QUERY},
    )
)
class PartnershipList(PublicView, generics.ListAPIView):
    """Partnerships, by name: organisations working together, with their members."""

    pagination_class = keyset("name", "id")
    serializer_class = s.PartnershipSerializer

    def get_queryset(self) -> QuerySet[Partnership]:
        user = self.request.user
        members = PartnershipMember.objects.filter(
            organisation__in=visible_organisations(user)
        ).select_related("organisation")
        seen = Q() if is_platform_member(user) else Q(assets__visibility=Visibility.PUBLIC)
        return Partnership.objects.prefetch_related(
            Prefetch("memberships", queryset=members.order_by("role", "organisation__name"))
        ).annotate(asset_count=Count("assets", filter=seen))

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            [
                {
                    "slug": partnership.slug,
                    "name": partnership.name,
                    "description": partnership.description,
                    "members": [
                        {
                            "slug": member.organisation.slug,
                            "name": member.organisation.name,
                            "kind": member.organisation.kind,
                            "role": member.role,
                        }
                        for member in partnership.memberships.all()
                    ],
                    "asset_count": partnership.asset_count,
                }
                for partnership in page
            ]
        )
