from django.contrib import admin, messages

from commonweal.organisations import api_keys
from commonweal.organisations.models import ApiClient, Area, Membership, Organisation, Team


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

    def has_add_permission(self, request) -> bool:
        """Areas come from the reference data or from the children's areas: a form without
        the boundary or its organisation cannot make one."""
        return False


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


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """API keys: made here or with `commonweal apikey create`; the key is shown once only."""

    list_display = [
        "name",
        "organisation",
        "key_prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "key_prefix", "organisation__name", "organisation__slug"]
    autocomplete_fields = ["organisation"]
    actions = ["revoke_keys"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["organisation", "name"]
        return ["organisation", "name", "key_prefix", "created_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["organisation", "key_prefix", "created_at", "last_used_at", "revoked_at"]

    def save_model(self, request, obj, form, change):
        key = None if change else api_keys.assign_new_key(obj)
        super().save_model(request, obj, form, change)
        if key is not None:
            self.message_user(
                request,
                f"The API key for {obj.name} is {key} — copy it now and store it safely: "
                "it will not be shown again.",
                level=messages.WARNING,
            )

    @admin.action(description="Revoke the selected API keys")
    def revoke_keys(self, request, queryset):
        revoked = 0
        for client in queryset.filter(revoked_at__isnull=True):
            api_keys.revoke(client=client)
            revoked += 1
        self.message_user(request, f"Revoked {revoked} API key{'s' if revoked != 1 else ''}.")
