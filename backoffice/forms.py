"""The forms of the agent workspace: the queue's and the audit trail's filters, and one small
form per action on a dossier, each carrying the version of the dossier the agent read."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import STAFF_GROUPS
from backoffice.models import RejectionReason
from backoffice.selectors import ALL, OPEN, SECOND_APPROVAL, AuditFilters, QueueFilters
from catalog.models import Campaign, Service
from dossiers.constants import DossierStatus
from fos.fields import DateField, MoneyField
from registry.models import Position, Province

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def money_field(label: Any, help_text: Any = "") -> forms.DecimalField:
    # Zero is a filter's bound and an approval's amount the payments refuse (payments/services).
    return MoneyField(label=label, help_text=help_text, allow_zero=True, required=False)


def _valid_data(form: forms.Form) -> dict[str, Any]:
    """The fields that are valid (Django drops the others from ``cleaned_data``)."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return dict(form.cleaned_data)


def status_choices() -> list[tuple[str, Any]]:
    return [
        (OPEN, _("À traiter")),
        *[(s.value, s.label) for s in DossierStatus if s != DossierStatus.DRAFT],
        (SECOND_APPROVAL, _("Seconde validation attendue")),
        (ALL, _("Tous les statuts")),
    ]


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=100,
        help_text=_("Numéro de dossier, matricule, CIN ou nom (lettres latines ou arabes)."),
    )
    status = forms.ChoiceField(label=_("Statut"), required=False, choices=status_choices)
    campaign = forms.ModelChoiceField(
        label=_("Campagne"), required=False, queryset=Campaign.objects.none()
    )
    submitted_from = DateField(label=_("Envoyé à partir du"), required=False, widget=DATE)
    submitted_to = DateField(label=_("Envoyé jusqu'au"), required=False, widget=DATE)
    province = forms.ModelChoiceField(
        label=_("Province d'affectation"), required=False, queryset=Province.objects.all()
    )
    position = forms.ChoiceField(
        label=_("Position de l'adhérent"),
        required=False,
        choices=[("", _("Toutes")), *Position.choices],
    )
    amount_min = money_field(_("Montant minimum"))
    amount_max = money_field(_("Montant maximum"))

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["campaign"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = Campaign.objects.filter(service=service).order_by("-opens_at")

    def filters(self) -> QueueFilters:
        """The valid filters; a field with a wrong value is left out (and shows its error)."""
        data = _valid_data(self)
        campaign, province = data.get("campaign"), data.get("province")
        search = data.get("q") or ""
        return QueueFilters(
            # A search looks among every status unless a status was chosen: a closed dossier
            # is found by its number or its member as well as an open one.
            status=data.get("status") or (ALL if search.strip() else OPEN),
            campaign_id=campaign.pk if campaign is not None else None,
            submitted_from=data.get("submitted_from"),
            submitted_to=data.get("submitted_to"),
            province_id=province.pk if province is not None else None,
            position=data.get("position") or "",
            amount_min=data.get("amount_min"),
            amount_max=data.get("amount_max"),
            search=search,
        )


# Actions ----------------------------------------------------------------------------------------


class VersionForm(forms.Form):
    """The version of the dossier the agent read: a colleague's action in between is a
    conflict, never a silent overwrite."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RequestDocumentsForm(VersionForm):
    message = forms.CharField(
        label=_("Message à l'adhérent"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("L'adhérent le lit dans le courriel et sur la page du dossier, où il répond."),
    )


class AwaitOriginalsForm(VersionForm):
    message = forms.CharField(
        label=_("Message à l'adhérent (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ApproveForm(VersionForm):
    amount = money_field(
        _("Montant accordé"),
        _("Laissez le montant calculé, ou indiquez-en un autre avec son motif."),
    )
    override_reason = forms.CharField(
        label=_("Motif de la modification du montant"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RejectForm(VersionForm):
    reason = forms.ModelChoiceField(
        label=_("Motif du rejet"), queryset=RejectionReason.objects.filter(is_active=True)
    )
    text = forms.CharField(
        label=_("Précisions pour l'adhérent"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReopenForm(VersionForm):
    reason = forms.CharField(
        label=_("Motif de la réouverture"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Envoyé à l'adhérent."),
    )


# The audit trail --------------------------------------------------------------------------------


def staff_users() -> Any:
    return (
        User.objects.filter(
            Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name__in=STAFF_GROUPS)
        )
        .distinct()
        .order_by("username")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    actor = StaffChoiceField(label=_("Auteur"), required=False, queryset=User.objects.none())
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=60,
        help_text=_("Début du nom de l'action, par exemple « dossier. »."),
    )
    date_from = DateField(label=_("Du"), required=False, widget=DATE)
    date_to = DateField(label=_("Au"), required=False, widget=DATE)
    target_type = forms.CharField(
        label=_("Type d'objet"),
        required=False,
        max_length=60,
        help_text=_("Par exemple dossiers.dossier."),
    )
    target = forms.CharField(
        label=_("Objet"),
        required=False,
        max_length=200,
        help_text=_("Identifiant ou libellé exact (numéro de dossier)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["actor"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = staff_users()

    def filters(self) -> AuditFilters:
        data = _valid_data(self)
        actor = data.get("actor")
        return AuditFilters(
            actor_id=actor.pk if actor is not None else None,
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            target_type=data.get("target_type") or "",
            target=data.get("target") or "",
            search=data.get("q") or "",
        )
