from django.contrib import admin

from commonweal.organisations.models import Area, Membership, Organisation, Team


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "nation", "gss_code", "active"]
    list_filter = ["kind", "nation", "active"]
    search_fields = ["name", "gss_code", "ods_code", "slug"]
    filter_horizontal = ["parents"]
    inlines = [MembershipInline]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["organisation", "source", "area_km2", "updated_at"]
    search_fields = ["organisation__name"]
    exclude = ["geometry"]
    readonly_fields = ["organisation", "source", "area_km2"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    search_fields = ["name", "organisation__name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "job_title"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
