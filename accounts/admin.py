from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from knox.models import AuthToken as KnoxAuthToken

from accounts import services
from accounts.models import AccountEvent, ApiToken, TermsAcceptance, TermsVersion, User
from accounts.requests import RequestInfo
from accounts.roles import STAFF_GROUPS


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = (
        "username",
        "first_name",
        "last_name",
        "email",
        "member",
        "is_staff",
        "is_active",
    )
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "preferred_language")
    search_fields = ("username", "first_name", "last_name", "email", "member__cin")
    raw_id_fields = ("member",)
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Portail"), {"fields": ("member", "preferred_language", "must_change_password")}),
    )
    actions = ["unlock"]

    @admin.action(description=_("Débloquer les connexions (avant la fin du délai)"))
    def unlock(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor = request.user
        if not isinstance(actor, User):
            return
        info = RequestInfo.from_request(request)
        count = 0
        for user in queryset:
            services.unlock_account(actor=actor, user=user, info=info)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d compte débloqué.", "%(count)d comptes débloqués.", count)
            % {"count": count},
            messages.SUCCESS,
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """An audit record is read, never written, from the admin."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "matricule", "user", "ip_address")
    list_filter = ("kind", ("created_at", admin.DateFieldListFilter))
    search_fields = ("matricule", "user__username", "ip_address")
    date_hierarchy = "created_at"
    list_select_related = ("user", "user__member")
    readonly_fields = (
        "created_at",
        "kind",
        "matricule",
        "user",
        "ip_address",
        "user_agent",
        "details",
    )


@admin.register(TermsAcceptance)
class TermsAcceptanceAdmin(ReadOnlyAdmin):
    list_display = ("accepted_at", "user", "version", "ip_address")
    list_filter = ("version",)
    search_fields = ("user__username",)
    list_select_related = ("user", "user__member", "version")


@admin.register(TermsVersion)
class TermsVersionAdmin(admin.ModelAdmin):
    list_display = ("version", "title_fr", "published_at")
    list_filter = (("published_at", admin.DateFieldListFilter),)
    search_fields = ("title_fr", "title_ar", "body_fr", "body_ar")
    fieldsets = (
        (None, {"fields": ("version", "published_at")}),
        (_("Français"), {"fields": ("title_fr", "body_fr")}),
        (_("Arabe"), {"fields": ("title_ar", "body_ar")}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Once someone accepted a version, its text is a record: publish a new version instead.
        if obj is not None and obj.acceptances.exists():
            return ("version", "published_at", "title_fr", "body_fr", "title_ar", "body_ar")
        return ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or not obj.acceptances.exists()


class PortalRoleFilter(admin.SimpleListFilter):
    """The groups that are the portal's staff roles (accounts.roles), or the others."""

    title = _("rôle du portail")
    parameter_name = "portal_role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Agents, superviseurs, administrateurs")), ("no", _("Autre groupe"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Group]) -> QuerySet[Group]:
        if self.value() == "yes":
            return queryset.filter(name__in=STAFF_GROUPS)
        if self.value() == "no":
            return queryset.exclude(name__in=STAFF_GROUPS)
        return queryset


admin.site.unregister(Group)


@admin.register(Group)
class PortalGroupAdmin(GroupAdmin):
    list_display = ("name", "user_count")
    list_filter = (PortalRoleFilter,)
    search_fields = ("name",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Group]:
        return super().get_queryset(request).annotate(users=Count("user", distinct=True))

    @admin.display(description=_("utilisateurs"), ordering="users")
    def user_count(self, group: Any) -> int:
        return int(group.users)


# knox registers its own token model, which accounts.ApiToken replaces (KNOX_TOKEN_MODEL).
if admin.site.is_registered(KnoxAuthToken):
    admin.site.unregister(KnoxAuthToken)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens can be seen and deleted (the device is disconnected), never made or edited here."""

    list_display = ("user", "device", "created", "last_used_at", "expiry")
    search_fields = ("user__username", "device")
    raw_id_fields = ("user",)
    readonly_fields = ("user", "device", "created", "last_used_at", "expiry")
    exclude = ("digest", "token_key")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
