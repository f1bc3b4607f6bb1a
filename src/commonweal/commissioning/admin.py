from django.contrib import admin

from commonweal.commissioning.models import (
    Contract,
    OpportunityInterest,
    Supplier,
    SupplierReview,
)


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "companies_house_number", "sme"]
    list_filter = ["sme"]
    search_fields = ["name", "companies_house_number"]


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    """For looking things up: change contracts through the pages or the import, which check
    every value and keep the notice date and CPV group right."""

    list_display = ["title", "organisation", "supplier", "cpv_code", "end_date", "status"]
    list_filter = ["status"]
    search_fields = ["title", "reference", "organisation__name", "supplier__name", "cpv_code"]
    raw_id_fields = ["organisation", "supplier", "commons_asset", "created_by"]
    filter_horizontal = ["shared_with"]
    readonly_fields = ["cpv_group", "notice_date", "created_at", "updated_at", "updated_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SupplierReview)
class SupplierReviewAdmin(admin.ModelAdmin):
    list_display = ["supplier", "organisation", "period_start", "quality", "delivery", "value"]
    raw_id_fields = ["supplier", "contract", "organisation", "reviewer"]


@admin.register(OpportunityInterest)
class OpportunityInterestAdmin(admin.ModelAdmin):
    list_display = ["organisation", "basis", "key", "window_start", "created_at"]
    raw_id_fields = ["organisation", "created_by"]
    filter_horizontal = ["contracts"]
