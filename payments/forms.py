"""Forms of the payment pages: types and required values only; the services check the rest."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Campaign, Service
from fos.fields import DateField, parse_id
from payments.constants import BatchStatus
from payments.selectors import PayableFilter


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def local_midnight(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` in the Foundation's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class CampaignChoiceField(forms.ModelChoiceField[Campaign]):
    def label_from_instance(self, obj: Campaign) -> str:
        return f"{obj.service.code} · {obj.name} ({obj.year or '—'})"


class PayableFilterForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Prestation"),
        queryset=Service.objects.filter(pays_money=True),
        required=False,
        empty_label=_("Toutes"),
    )
    campaign = CampaignChoiceField(
        label=_("Campagne"),
        queryset=Campaign.objects.select_related("service").order_by(
            "service__code", "-year", "-opens_at"
        ),
        required=False,
        empty_label=_("Toutes"),
    )
    approved_from = DateField(label=_("Accepté à partir du"), required=False, widget=date_widget())
    approved_to = DateField(label=_("Accepté jusqu'au"), required=False, widget=date_widget())

    def __init__(
        self, *args: Any, service_ids: frozenset[int] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if service_ids is None:
            return
        for name, lookup in (("service", "pk__in"), ("campaign", "service_id__in")):
            field = self.fields[name]
            if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
                field.queryset = field.queryset.filter(**{lookup: list(service_ids)})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("approved_from"), data.get("approved_to")
        if start and end and end < start:
            self.add_error("approved_to", _("Cette date précède la date de début."))
        return data

    def filters(self) -> PayableFilter:
        """The filters as given; none when the form is not valid."""
        if not self.is_valid():
            return PayableFilter()
        data = self.cleaned_data
        service, campaign = data.get("service"), data.get("campaign")
        start, end = data.get("approved_from"), data.get("approved_to")
        return PayableFilter(
            service_id=service.pk if service else None,
            campaign_id=campaign.pk if campaign else None,
            approved_from=local_midnight(start) if start else None,
            approved_before=local_midnight(end + dt.timedelta(days=1)) if end else None,
        )


class NewBatchForm(forms.Form):
    label = forms.CharField(
        label=_("Libellé du lot"),
        max_length=120,
        required=False,
        help_text=_("Par exemple : Aide sanitaire, virements de mars."),
    )


def posted_ids(values: list[str]) -> list[int]:
    """The dossier ids a "create the batch" POST names (the ones the page showed)."""
    return [number for number in map(parse_id, values) if number is not None]


class BatchListFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Statut"), choices=[("", _("Tous")), *BatchStatus.choices], required=False
    )


class MarkPaidForm(forms.Form):
    paid_on = DateField(label=_("Date du virement par la banque"), widget=date_widget())


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Obligatoire pour un lot exporté : son fichier a pu partir à la banque."),
    )


class RemoveLineForm(forms.Form):
    reason = forms.CharField(label=_("Motif"), max_length=300, required=False)
