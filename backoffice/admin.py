from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from backoffice.forms import staff_users
from backoffice.models import AgentAlert, AgentAssignment, AuditEntry, RejectionReason


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


@admin.register(AgentAssignment)
class AgentAssignmentAdmin(admin.ModelAdmin[AgentAssignment]):
    """Which agent handles which service (supervisors and administrators see every service)."""

    list_display = ("user", "service", "created_at")
    list_filter = ("service",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "service__code")
    autocomplete_fields = ("service",)
    ordering = ("service__code", "user__username")

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        if db_field.name == "user":
            kwargs["queryset"] = staff_users()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin[RejectionReason]):
    list_display = ("name_fr", "name_ar", "code", "order", "is_active")
    list_editable = ("order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name_fr", "name_ar")

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # A reason already given stays readable in the dossiers' history: deactivate it.
        return False


@admin.register(AgentAlert)
class AgentAlertAdmin(admin.ModelAdmin[AgentAlert]):
    list_display = ("created_at", "agent", "dossier", "message", "read_at")
    list_filter = ("read_at",)
    search_fields = ("agent__username", "dossier__number", "message")
    readonly_fields = ("agent", "dossier", "message", "created_at", "read_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
