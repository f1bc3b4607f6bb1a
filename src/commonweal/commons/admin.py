from django.contrib import admin

from commonweal.commons.models import (
    Adoption,
    Asset,
    AssetVersion,
    Interest,
    Partnership,
    PartnershipMember,
    VersionNotice,
)


class PartnershipMemberInline(admin.TabularInline):
    model = PartnershipMember
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    inlines = [PartnershipMemberInline]


class AssetVersionInline(admin.TabularInline):
    """Versions are shown, not changed here: published ones never change."""

    model = AssetVersion
    extra = 0
    fields = ["number", "published", "released_on", "release_notes"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "stage", "visibility", "owner_organisation", "licence"]
    list_filter = ["kind", "stage", "visibility"]
    search_fields = ["title", "slug", "service_code", "owner_organisation__name"]
    autocomplete_fields = ["owner_organisation", "owner_partnership", "forked_from"]
    readonly_fields = ["description_html", "created_at", "updated_at"]
    inlines = [AssetVersionInline]


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["asset", "organisation", "status", "annual_saving_pounds", "started_on"]
    list_filter = ["status"]
    search_fields = ["asset__title", "organisation__name"]
    raw_id_fields = ["organisation", "asset", "version"]


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ["asset", "organisation", "created_at"]
    search_fields = ["asset__title", "organisation__name"]
    raw_id_fields = ["organisation", "asset"]


@admin.register(VersionNotice)
class VersionNoticeAdmin(admin.ModelAdmin):
    """Notices are written by releases and closed from the commons pages: shown, not changed."""

    list_display = ["version", "organisation", "created_at", "closed_because"]
    list_filter = ["closed_because"]
    search_fields = ["version__asset__title", "organisation__name"]
    readonly_fields = [
        *("organisation", "adoption", "version", "created_at"),
        *("closed_at", "closed_because", "closed_by"),
    ]

    def has_add_permission(self, request) -> bool:
        return False
