from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

import fos.converters  # noqa: F401  (registers <id:...>, a bounded id)
from registry.import_jobs import start_import
from registry.importer import ImportFileError, check_size
from registry.models import Child, ImportJob, Member, Province, Spouse

IMPORT_PERMISSIONS = ("registry.add_member", "registry.change_member")
# The page stays light whatever the file; the job's CSV report lists every rejected line.
MAX_REJECTIONS_SHOWN = 1000
# How often the page of a job still running reloads itself.
JOB_REFRESH_SECONDS = 3


def has_import_permission(request: HttpRequest) -> bool:
    return request.user.has_perms(IMPORT_PERMISSIONS)


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

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        try:
            check_size(upload.size or 0)
        except ImportFileError as exc:
            raise forms.ValidationError(exc.message, code="too_large") from exc
        return upload


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
        return has_import_permission(request)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """A small file is imported at once and its result shown here; a large one is queued
        and the administrator is taken to its job's page, which shows its progress."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = MemberImportForm(request.POST or None, request.FILES or None)
        started = None
        if request.method == "POST" and form.is_valid():
            try:
                started = start_import(
                    upload=form.cleaned_data["file"],
                    dry_run=form.cleaned_data["dry_run"],
                    user_id=request.user.pk,
                    language=get_language() or "fr",
                )
            except ImportFileError as exc:
                form.add_error("file", exc.message)
        if started and not started.queued and started.report is None:
            form.add_error("file", started.job.error)  # refused while being read: see the job
        if started and started.queued:
            messages.info(
                request,
                _(
                    "Le fichier est volumineux : il est importé en arrière-plan. Cette page "
                    "montre l'avancement et se met à jour d'elle-même."
                ),
            )
            return HttpResponseRedirect(
                reverse("admin:registry_importjob_change", args=[started.job.pk])
            )
        report = started.report if started else None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importer le registre des adhérents"),
            "opts": self.opts,
            "form": form,
            "report": report,
            "job": started.job if started else None,
            "rejections": report.rejections[:MAX_REJECTIONS_SHOWN] if report else [],
        }
        return TemplateResponse(request, "registry/admin/member_import.html", context)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """The imports sent through the admin: read only; a running one's page reloads itself."""

    change_form_template = "registry/admin/importjob_change_form.html"
    list_display = (
        "original_name",
        "status",
        "progress",
        "created",
        "updated",
        "unchanged",
        "rejected",
        "dry_run",
        "created_by",
        "created_at",
    )
    list_filter = ("status", "dry_run")
    list_select_related = ("created_by",)
    fields = (
        ("original_name", "size", "dry_run"),
        ("status", "progress"),
        ("created", "updated", "unchanged", "rejected"),
        "ignored_columns",
        "error",
        "report_link",
        ("created_by", "created_at"),
        ("started_at", "finished_at"),
    )
    readonly_fields = (
        "original_name",
        "size",
        "dry_run",
        "status",
        "progress",
        "created",
        "updated",
        "unchanged",
        "rejected",
        "ignored_columns",
        "error",
        "report_link",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a job is made by the upload page

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_import_permission(request) or super().has_view_permission(request, obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_import_permission(request) or super().has_module_permission(request)

    @admin.display(description=_("avancement"))
    def progress(self, job: ImportJob) -> str:
        return format_html(
            '<progress max="100" value="{}">{} %</progress> {} / {}',
            job.percent_done,
            job.percent_done,
            job.rows_done,
            "?" if job.rows_total is None else job.rows_total,
        )

    @admin.display(description=_("rapport des lignes rejetées"))
    def report_link(self, job: ImportJob) -> str:
        if not job.report:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:registry_importjob_report", args=[job.pk]),
            _("Télécharger (CSV)"),
        )

    def get_urls(self) -> list[URLPattern]:
        report_url = path(
            "<id:pk>/report/",
            self.admin_site.admin_view(self.report_view),
            name="registry_importjob_report",
        )
        return [report_url, *super().get_urls()]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "refresh_seconds": JOB_REFRESH_SECONDS}
        return super().change_view(request, object_id, form_url, extra_context)

    def report_view(self, request: HttpRequest, pk: int) -> FileResponse:
        """The report holds matricules and the reasons of refusal: only for who may import."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=pk)
        if not job.report:
            raise Http404
        return FileResponse(
            job.report.open("rb"),
            as_attachment=True,
            filename=f"rejets-import-{job.pk}.csv",
            content_type="text/csv; charset=utf-8",
        )

    def delete_model(self, request: HttpRequest, obj: ImportJob) -> None:
        _delete_files(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ImportJob]) -> None:
        for job in queryset:
            _delete_files(job)
        super().delete_queryset(request, queryset)


def _delete_files(job: ImportJob) -> None:
    job.file.delete(save=False)
    job.report.delete(save=False)


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
