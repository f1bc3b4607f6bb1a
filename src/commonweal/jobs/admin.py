"""Attempts at queued tasks, read-only, beside django-tasks-db's own list of task results."""

from django.contrib import admin

from commonweal.jobs.models import Attempt


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ("result", "number", "outcome", "worker_id", "started_at", "retry_at")
    list_filter = ("outcome",)
    ordering = ["-started_at"]
    readonly_fields = [field.name for field in Attempt._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
