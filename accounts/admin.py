from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


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
        (_("Portail"), {"fields": ("member", "preferred_language")}),
    )
