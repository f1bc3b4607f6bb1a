from django.contrib import admin

from commonweal.services.models import LocalService


@admin.register(LocalService)
class LocalServiceAdmin(admin.ModelAdmin):
    list_display = ["code", "description", "providing_tier"]
    list_filter = ["providing_tier"]
    search_fields = ["code", "description"]
