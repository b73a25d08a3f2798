from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from registry.importer import ImportFileError, ImportReport, import_members
from registry.models import Child, Member, Province, Spouse

IMPORT_PERMISSIONS = ("registry.add_member", "registry.change_member")
# The page stays light whatever the file; the command lists every rejected line.
MAX_REJECTIONS_SHOWN = 1000


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_(
            "Export RH, paie ou pensions en UTF-8, colonnes séparées par des virgules ou des "
            "points-virgules, avec une ligne d'en-tête."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Simulation (tout vérifier sans rien enregistrer)"), required=False
    )


class SpouseInline(admin.TabularInline):
    model = Spouse
    extra = 0
    fields = (
        "last_name",
        "first_name",
        "last_name_ar",
        "first_name_ar",
        "cin",
        "birth_date",
        "sex",
        "marriage_date",
    )


class ChildInline(admin.TabularInline):
    model = Child
    extra = 0
    fields = ("first_name", "first_name_ar", "birth_date", "sex", "school_level", "has_disability")


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    change_list_template = "registry/admin/member_change_list.html"
    list_display = (
        "matricule",
        "last_name",
        "first_name",
        "last_name_ar",
        "first_name_ar",
        "cin",
        "position",
        "posting_type",
        "posting_province",
        "is_deceased",
    )
    list_filter = (
        "position",
        "membership_status",
        "posting_type",
        "posting_province",
        "is_deceased",
    )
    search_fields = ("matricule", "cin", "last_name", "first_name", "last_name_ar", "first_name_ar")
    list_select_related = ("posting_province",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (SpouseInline, ChildInline)
    fieldsets = (
        (
            _("Identité"),
            {
                "fields": (
                    ("matricule", "cin"),
                    ("last_name", "first_name"),
                    ("last_name_ar", "first_name_ar"),
                    ("birth_date", "sex"),
                )
            },
        ),
        (
            _("Carrière"),
            {
                "fields": (
                    ("position", "pension_number"),
                    ("grade_scale", "step"),
                    "recruitment_date",
                )
            },
        ),
        (
            _("Affectation"),
            {"fields": ("posting_type", "posting_entity", "posting_city", "posting_province")},
        ),
        (_("Adhésion"), {"fields": (("membership_status", "membership_since"),)}),
        (
            _("Coordonnées et paiement"),
            {"fields": (("professional_email", "private_email"), "phone", "address", "rib")},
        ),
        (_("Décès"), {"fields": (("is_deceased", "death_date"),)}),
        (_("Suivi"), {"fields": (("created_at", "updated_at"),)}),
    )

    def get_urls(self) -> list[URLPattern]:
        import_url = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name="registry_member_import",
        )
        return [import_url, *super().get_urls()]

    def has_import_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perms(IMPORT_PERMISSIONS)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = MemberImportForm(request.POST or None, request.FILES or None)
        report = self._import(form) if request.method == "POST" and form.is_valid() else None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importer le registre des adhérents"),
            "opts": self.opts,
            "form": form,
            "report": report,
            "rejections": report.rejections[:MAX_REJECTIONS_SHOWN] if report else [],
        }
        return TemplateResponse(request, "registry/admin/member_import.html", context)

    def _import(self, form: MemberImportForm) -> ImportReport | None:
        try:
            return import_members(form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"])
        except ImportFileError as exc:
            form.add_error("file", exc.message)
            return None


class HasAliasesFilter(admin.SimpleListFilter):
    """Provinces the import recognises only by their exact name (no other spelling given)."""

    title = _("autres graphies")
    parameter_name = "aliases"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Renseignées")), ("no", _("Aucune"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Province]) -> QuerySet[Province]:
        if self.value() == "yes":
            return queryset.exclude(aliases="")
        if self.value() == "no":
            return queryset.filter(aliases="")
        return queryset


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fr", "name_ar", "aliases")
    list_filter = (HasAliasesFilter,)
    search_fields = ("code", "name_fr", "name_ar", "aliases")


@admin.register(Spouse)
class SpouseAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "last_name_ar", "first_name_ar", "cin", "member")
    list_filter = ("sex", "member__position")
    search_fields = (
        "last_name",
        "first_name",
        "last_name_ar",
        "first_name_ar",
        "cin",
        "member__matricule",
    )
    list_select_related = ("member",)
    autocomplete_fields = ("member",)


@admin.register(Child)
class ChildAdmin(admin.ModelAdmin):
    list_display = ("first_name", "first_name_ar", "birth_date", "school_level", "member")
    list_filter = ("school_level", "has_disability")
    search_fields = ("first_name", "first_name_ar", "member__matricule", "member__last_name")
    list_select_related = ("member",)
    autocomplete_fields = ("member",)
