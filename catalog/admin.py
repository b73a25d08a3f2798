"""The back office of the catalogue: services with their motives, documents and rules; campaigns."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from catalog.models import (
    Campaign,
    CampaignTemplate,
    Motive,
    RequiredDocument,
    Rule,
    Service,
    ServiceCategory,
)
from catalog.rules import KINDS, kind_choices
from catalog.rules.base import describe_params


def kinds_help() -> SafeString:
    rows = format_html_join(
        "",
        "<li><code>{}</code> ({}) — {} : {}</li>",
        (
            (code, ", ".join(sorted(kind.purposes)), kind.label, describe_params(kind))
            for code, kind in sorted(KINDS.items())
        ),
    )
    return format_html(
        "{}<ul>{}</ul>",
        _(
            'Objet JSON. Montants écrits comme texte ("3000.00"), dates AAAA-MM-JJ. '
            "Paramètres de chaque type de règle :"
        ),
        rows,
    )


class RuleForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("type de règle"), choices=kind_choices)

    class Meta:
        model = Rule
        fields = [
            "service",
            "purpose",
            "kind",
            "params",
            "campaign",
            "motive",
            "order",
            "is_active",
            "message_fr",
            "message_ar",
        ]
        widgets = {
            "message_fr": forms.Textarea(attrs={"rows": 2}),
            "message_ar": forms.Textarea(attrs={"rows": 2, "dir": "rtl"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["params"].help_text = kinds_help()


class MotiveInline(admin.TabularInline):
    model = Motive
    extra = 0
    fields = ["code", "name_fr", "name_ar", "order", "is_active"]


class RequiredDocumentInline(admin.StackedInline):
    model = RequiredDocument
    extra = 0
    fields = [
        ("name_fr", "name_ar"),
        ("help_fr", "help_ar"),
        ("accepted_types", "max_size_mb", "combined_pdf"),
        ("is_required", "order"),
    ]


class RuleInline(admin.StackedInline):
    model = Rule
    form = RuleForm
    extra = 0
    fields = [
        ("purpose", "kind", "order", "is_active"),
        "params",
        ("campaign", "motive"),
        ("message_fr", "message_ar"),
    ]


class HasActiveServiceFilter(admin.SimpleListFilter):
    title = _("prestations activées")
    parameter_name = "active_services"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Au moins une")), ("no", _("Aucune"))]

    def queryset(self, request: Any, queryset: Any) -> Any:
        active = Exists(Service.objects.filter(category=OuterRef("pk"), is_active=True))
        if self.value() == "yes":
            return queryset.filter(active)
        if self.value() == "no":
            return queryset.exclude(active)
        return queryset


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_ar", "order"]
    list_filter = [HasActiveServiceFilter]
    search_fields = ["code", "name_fr", "name_ar"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_ar", "category", "is_active", "pays_money", "order"]
    list_filter = ["category", "is_active", "pays_money"]
    list_editable = ["is_active", "order"]
    search_fields = ["code", "name_fr", "name_ar"]
    list_select_related = ["category"]
    inlines = [MotiveInline, RequiredDocumentInline, RuleInline]
    fieldsets = [
        (
            None,
            {"fields": ["code", ("name_fr", "name_ar"), "category", "icon", "is_active", "order"]},
        ),
        (
            _("Présentation"),
            {"fields": [("description_fr", "description_ar"), ("conditions_fr", "conditions_ar")]},
        ),
        (_("Demande"), {"fields": ["steps", "pays_money", "currency", "approval_threshold"]}),
        (
            _("Originaux à déposer"),
            {"fields": [("originals_fr", "originals_ar"), "originals_deadline_days"]},
        ),
    ]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = [
        "name_fr",
        "service",
        "year",
        "opens_at",
        "closes_at",
        "invoice_date_from",
        "invoice_date_to",
        "is_active",
    ]
    list_filter = ["year", "is_active", "service__category", "service"]
    search_fields = ["name_fr", "name_ar", "service__code", "service__name_fr"]
    list_select_related = ["service"]
    date_hierarchy = "opens_at"
    autocomplete_fields = ["service"]


@admin.register(CampaignTemplate)
class CampaignTemplateAdmin(admin.ModelAdmin):
    """Each year's campaign of a service is opened from its template by a daily task."""

    list_display = ["name_fr", "service", "key", "opens_day", "opens_month", "is_active"]
    list_filter = ["is_active", "service__category"]
    search_fields = ["name_fr", "name_ar", "service__code", "service__name_fr"]
    list_select_related = ["service"]
    autocomplete_fields = ["service"]
    fields = [
        "service",
        "key",
        ("name_fr", "name_ar"),
        ("opens_day", "opens_month"),
        ("closes_day", "closes_month"),
        ("invoice_from_day", "invoice_from_month"),
        ("invoice_to_day", "invoice_to_month"),
        "is_active",
    ]


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    form = RuleForm
    list_display = ["service", "purpose", "kind", "campaign", "motive", "order", "is_active"]
    list_filter = ["purpose", "kind", "is_active", "service"]
    search_fields = ["service__code", "service__name_fr", "kind"]
    list_select_related = ["service", "campaign", "motive"]
    autocomplete_fields = ["service"]


@admin.register(Motive)
class MotiveAdmin(admin.ModelAdmin):
    list_display = ["service", "code", "name_fr", "name_ar", "order", "is_active"]
    list_filter = ["is_active", "service__category", "service"]
    search_fields = ["code", "name_fr", "name_ar", "service__code", "service__name_fr"]
    list_select_related = ["service"]
    autocomplete_fields = ["service"]


@admin.register(RequiredDocument)
class RequiredDocumentAdmin(admin.ModelAdmin):
    list_display = [
        "service",
        "name_fr",
        "name_ar",
        "is_required",
        "combined_pdf",
        "max_size_mb",
        "order",
    ]
    list_filter = ["is_required", "combined_pdf", "service__category", "service"]
    search_fields = ["name_fr", "name_ar", "service__code", "service__name_fr"]
    list_select_related = ["service"]
    autocomplete_fields = ["service"]
