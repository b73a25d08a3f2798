"""Read-only views for supervisors: requests are decided in the back office, through the
services, never edited here (an edit would skip the checks, the history and the emails)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from membership.models import (
    ApplicationEvent,
    ApplicationFile,
    ChangeRequest,
    ChangeRequestDocument,
    ChangeRequestEvent,
    MemberDataChange,
    MembershipApplication,
)


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ChangeRequestDocumentInline(ReadOnlyMixin, admin.TabularInline):
    model = ChangeRequestDocument
    extra = 0
    fields = ("role", "document")


class ChangeRequestEventInline(ReadOnlyMixin, admin.TabularInline):
    model = ChangeRequestEvent
    extra = 0
    fields = ("at", "actor", "from_status", "to_status", "reason")


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("reference", "member", "kind", "status", "created_at", "decided_at")
    list_filter = ("status", "kind")
    search_fields = ("member__matricule", "member__cin", "member__last_name")
    list_select_related = ("member",)
    inlines = (ChangeRequestDocumentInline, ChangeRequestEventInline)


@admin.register(MemberDataChange)
class MemberDataChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("at", "member", "source", "subject", "actor")
    list_filter = ("source",)
    search_fields = ("member__matricule", "member__cin", "member__last_name")
    list_select_related = ("member", "actor")


class ApplicationFileInline(ReadOnlyMixin, admin.TabularInline):
    model = ApplicationFile
    extra = 0
    fields = ("role", "original_name", "content_type", "size")


class ApplicationEventInline(ReadOnlyMixin, admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    fields = ("at", "actor", "from_status", "to_status", "reason")


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("reference", "matricule", "last_name", "first_name", "position", "status")
    list_filter = ("status", "position")
    search_fields = ("reference", "matricule", "cin", "last_name", "first_name")
    exclude = ("code_hash",)
    inlines = (ApplicationFileInline, ApplicationEventInline)
