"""Read-only views of cards and attestations for administrators: every change goes through
cards.services (the back office's "Cartes d'adhérent" section)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cards.models import AttestationIssued, CardEvent, MemberCard


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CardEventInline(admin.TabularInline):
    model = CardEvent
    fields = ["created_at", "kind", "actor", "reason"]
    readonly_fields = ["created_at", "kind", "actor", "reason"]
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MemberCard)
class MemberCardAdmin(ReadOnlyAdmin):
    list_display = ["number", "member", "status", "issued_at", "valid_until", "revoked_at"]
    list_filter = ["status"]
    search_fields = ["number", "member__matricule", "member__last_name", "member__last_name_ar"]
    list_select_related = ["member"]
    inlines = [CardEventInline]


@admin.register(AttestationIssued)
class AttestationIssuedAdmin(ReadOnlyAdmin):
    list_display = ["number", "member", "kind", "issued_at"]
    list_filter = ["kind"]
    search_fields = ["number", "member__matricule", "member__last_name"]
    list_select_related = ["member"]
