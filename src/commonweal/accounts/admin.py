from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from commonweal.accounts import api_tokens
from commonweal.accounts.models import ApiToken, TwoFactorDevice, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_superuser", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(TwoFactorDevice)
class TwoFactorDeviceAdmin(admin.ModelAdmin):
    """Who has two-factor sign-in on. Deleting one turns it off (for a lost phone and codes);
    the secret is never shown here."""

    list_display = ["user", "confirmed_at", "locked_until"]
    search_fields = ["user__email"]
    fields = ["user", "created_at", "confirmed_at", "failed_attempts", "locked_until"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def delete_model(self, request, obj) -> None:
        obj.user.recovery_codes.all().delete()
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for device in queryset:
            self.delete_model(request, device)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """REST API tokens: made here or with `commonweal api-token create`; shown once only."""

    list_display = ["prefix", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["prefix", "user__email"]
    autocomplete_fields = ["user"]
    actions = ["revoke_tokens"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user"]
        return ["user", "prefix", "created_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            return
        token, key = api_tokens.create_token(user=obj.user, replace=True)
        obj.pk, obj.prefix, obj.key_hash = token.pk, token.prefix, token.key_hash
        obj.created_at = token.created_at
        self.message_user(
            request,
            f"The REST API token for {obj.user.email} is {key} — copy it now and store it "
            "safely: it will not be shown again. Any earlier token of theirs is revoked.",
            level=messages.WARNING,
        )

    @admin.action(description="Revoke the selected tokens")
    def revoke_tokens(self, request, queryset) -> None:
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            api_tokens.revoke(token=token)
            revoked += 1
        self.message_user(request, f"Revoked {revoked} token{'s' if revoked != 1 else ''}.")
