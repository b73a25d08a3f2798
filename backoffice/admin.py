from django.contrib import admin
from django.http import HttpRequest

from backoffice.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ("at", "actor", "action", "target_type", "target_label", "reason")
    list_filter = ("action", "target_type")
    search_fields = ("target_label", "target_id", "actor__username", "reason")
    date_hierarchy = "at"
    readonly_fields = (
        "at", "actor", "action", "target_type", "target_id", "target_label",
        "before", "after", "reason",
    )  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
