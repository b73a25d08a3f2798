"""Forms of "Mes informations", the back office and the public membership request.

Form fields check types and required values only; the registry's own rules (RIB key, a child born
after the member...) are checked by the services, whose errors the views put back on the fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.forms import CaptchaFormMixin
from accounts.validators import validate_pension_given
from documents.constants import FILE_TYPES, LIBRARY_MAX_SIZE_MB
from documents.models import DocumentKind, MemberDocument
from fos.fields import DateField
from membership.applications import APPLICATION_MAX_SIZE_MB
from membership.constants import (
    CHANGE_DOCUMENT_ROLES,
    SPOUSE_KINDS,
    ApplicationFileRole,
    ChangeKind,
)
from membership.models import APPLICANT_POSITIONS
from membership.proposals import FIELDS_BY_KIND
from membership.services import ADDRESS_MAX_LENGTH, PHOTO_MAX_SIZE_MB
from registry.models import Child, Member, Sex, Spouse
from registry.validators import (
    MIN_RECRUITMENT_AGE,
    add_years,
    normalize_phone,
    validate_cin,
    validate_matricule,
    validate_pension_number,
    validate_phone,
)

ACCEPT_ALL = ",".join(info.content_type for info in FILE_TYPES.values())
ACCEPT_IMAGES = "image/jpeg,image/png"
DATE_INPUT = {"type": "date"}


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d")


class CinField(forms.CharField):
    """A CIN as typed ("ab 123456") kept as the registry writes it ("AB123456")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("validators", [validate_cin])
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return "".join(str(super().to_python(value)).split()).upper()


class PhoneField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 25)
        kwargs.setdefault("validators", [validate_phone])
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return normalize_phone(str(super().to_python(value)))


# Mes informations ---------------------------------------------------------------------------


class ContactForm(forms.Form):
    phone = PhoneField(label=_("Téléphone"), required=False)
    address = forms.CharField(
        label=_("Adresse postale"),
        required=False,
        max_length=ADDRESS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    private_email = forms.EmailField(
        label=_("Adresse électronique personnelle"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Utile si vous n'avez plus accès à votre adresse professionnelle."),
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Nouvelle photo"),
        allow_empty_file=True,
        help_text=format_lazy(
            _("Photo d'identité récente, de face, en JPEG ou PNG, {size} Mo au plus."),
            size=PHOTO_MAX_SIZE_MB,
        ),
        widget=forms.FileInput(attrs={"accept": ACCEPT_IMAGES}),
    )


DOCUMENT_HELP: dict[str, Any] = {
    DocumentKind.RIB_ATTESTATION: _("Obligatoire : l'attestation de RIB ou un spécimen de chèque."),
    DocumentKind.MARRIAGE_CERTIFICATE: _("Obligatoire."),
    DocumentKind.BIRTH_CERTIFICATE: _(
        "Obligatoire pour un ajout, ou si le prénom, la date de naissance ou le sexe change."
    ),
    DocumentKind.SCHOOL_CERTIFICATE: _("Si l'enfant est scolarisé, ou si son niveau change."),
    DocumentKind.DISABILITY_CARD: _("Si l'enfant est en situation de handicap."),
}


class DocumentSlotsMixin:
    """For each document a change may need: a new file, or one the member already keeps."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_document_slots(self, *, kind: str, member: Member) -> None:
        self.document_roles = list(CHANGE_DOCUMENT_ROLES[kind])
        kept = list(
            MemberDocument.objects.filter(member=member, kind__in=self.document_roles).order_by(
                "-uploaded_at", "-id"
            )
        )
        for role in self.document_roles:
            label = DocumentKind(role).label
            self.fields[role] = forms.FileField(
                label=label,
                required=False,
                allow_empty_file=True,
                help_text=format_lazy(
                    "{help} {limit}",
                    help=DOCUMENT_HELP[role],
                    limit=format_lazy(
                        _("PDF, JPEG ou PNG, {size} Mo au plus."), size=LIBRARY_MAX_SIZE_MB
                    ),
                ),
                widget=forms.FileInput(attrs={"accept": ACCEPT_ALL}),
            )
            choices = [document for document in kept if document.kind == role]
            if choices:
                field = KeptDocumentField(
                    label=format_lazy(_("ou « {document} » déjà déposé"), document=label),
                    queryset=MemberDocument.objects.filter(pk__in=[d.pk for d in choices]),
                    required=False,
                    empty_label=_("— aucun —"),
                )
                self.fields[f"{role}_existing"] = field

    def chosen_documents(self) -> dict[str, MemberDocument]:
        return {
            role: self.cleaned_data[f"{role}_existing"]
            for role in self.document_roles
            if self.cleaned_data.get(f"{role}_existing") and not self.cleaned_data.get(role)
        }

    def uploads(self) -> dict[str, Any]:
        return {
            role: self.cleaned_data[role]
            for role in self.document_roles
            if self.cleaned_data.get(role)
        }


class KeptDocumentField(forms.ModelChoiceField[MemberDocument]):
    def label_from_instance(self, obj: MemberDocument) -> str:
        return f"{obj} ({timezone.localtime(obj.uploaded_at):%d/%m/%Y})"


class RibChangeForm(DocumentSlotsMixin, forms.Form):
    rib = forms.CharField(
        label=_("Nouveau RIB (24 chiffres)"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Banque, ville, compte et clé, sans espaces ou avec, comme sur l'attestation."),
    )

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_document_slots(kind=ChangeKind.RIB, member=member)

    def proposed(self) -> dict[str, Any]:
        return {"rib": self.cleaned_data["rib"]}


class PersonChangeForm(DocumentSlotsMixin, forms.Form):
    """Add or correct a spouse or a child: the registry model's own fields, then documents."""

    def __init__(
        self, *args: Any, kind: str, member: Member, instance: Model | None = None, **kwargs: Any
    ) -> None:
        self.kind = kind
        names = FIELDS_BY_KIND[kind]
        model: type[Model] = Spouse if kind in SPOUSE_KINDS else Child
        if instance is not None:
            kwargs.setdefault("initial", {name: getattr(instance, name) for name in names})
        super().__init__(*args, **kwargs)
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            name: date_widget() for name in ("birth_date", "marriage_date")
        }
        dates = dict.fromkeys(("birth_date", "marriage_date"), DateField)
        self.fields.update(
            fields_for_model(model, fields=names, widgets=widgets, field_classes=dates)
        )
        if "cin" in self.fields:
            old = self.fields["cin"]
            self.fields["cin"] = CinField(label=old.label, required=False, help_text=old.help_text)
        self.add_document_slots(kind=kind, member=member)

    def proposed(self) -> dict[str, Any]:
        """Every field, an emptied one as "": the page shows them all, so all are meant."""
        values = {name: self.cleaned_data.get(name) for name in FIELDS_BY_KIND[self.kind]}
        return {name: "" if value is None else value for name, value in values.items()}


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du rejet"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Envoyé tel quel par courriel : écrivez-le pour la personne qui le lira."),
        max_length=2000,
    )


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Matricule, nom ou CIN"), required=False, max_length=80)
    status = forms.ChoiceField(label=_("Statut"), required=False)
    kind = forms.ChoiceField(label=_("Objet"), required=False)

    def __init__(
        self,
        *args: Any,
        statuses: list[tuple[str, Any]],
        kinds: list[tuple[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("Tous les statuts")),
            *statuses,
        ]
        if kinds is None:
            del self.fields["kind"]
        else:
            cast(forms.ChoiceField, self.fields["kind"]).choices = [
                ("", _("Tous les objets")),
                *kinds,
            ]


# Membership request (public) ----------------------------------------------------------------


class ApplicationForm(CaptchaFormMixin, forms.Form):
    matricule = forms.CharField(
        label=_("Matricule"),
        max_length=12,
        validators=[validate_matricule],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Celui de votre bulletin de paie ou de votre titre de pension."),
    )
    cin = CinField(label=_("Numéro de CIN"), help_text=_("Par exemple AB123456."))
    position = forms.ChoiceField(
        label=_("Position"),
        choices=[("", _("Choisissez…")), *[(p.value, p.label) for p in APPLICANT_POSITIONS]],
        help_text=_(
            "Les fonctionnaires en activité sont adhérents de droit : ils créent un compte."
        ),
    )
    pension_number = forms.CharField(
        label=_("Numéro de pension"),
        max_length=20,
        required=False,
        help_text=_("Pour les retraités seulement."),
    )
    last_name = forms.CharField(label=_("Nom"), max_length=80)
    first_name = forms.CharField(label=_("Prénom"), max_length=80)
    last_name_ar = forms.CharField(label=_("Nom (en arabe)"), max_length=80, required=False)
    first_name_ar = forms.CharField(label=_("Prénom (en arabe)"), max_length=80, required=False)
    birth_date = DateField(label=_("Date de naissance"), widget=date_widget())
    sex = forms.ChoiceField(label=_("Sexe"), choices=[("", _("Choisissez…")), *Sex.choices])
    email = forms.EmailField(
        label=_("Adresse électronique"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Le code de suivi, la décision et le lien d'activation y seront envoyés."),
    )
    phone = PhoneField(label=_("Téléphone"))
    cin_copy = forms.FileField(
        label=ApplicationFileRole.CIN_COPY.label,
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ACCEPT_ALL}),
        help_text=format_lazy(
            _("Recto et verso. PDF, JPEG ou PNG, {size} Mo au plus."), size=APPLICATION_MAX_SIZE_MB
        ),
    )
    position_proof = forms.FileField(
        label=_("Justificatif de votre position"),
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ACCEPT_ALL}),
        help_text=format_lazy(
            _(
                "Retraité : titre ou attestation de pension. Détaché : décision de détachement. "
                "Mis à disposition : décision de mise à disposition. PDF, JPEG ou PNG, "
                "{size} Mo au plus."
            ),
            size=APPLICATION_MAX_SIZE_MB,
        ),
    )

    def __init__(self, *args: Any, captcha_mode: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_captcha(captcha_mode)

    def clean_pension_number(self) -> str:
        value = "".join(str(self.cleaned_data.get("pension_number", "")).split()).upper()
        if value:
            validate_pension_number(value)
        return value

    def clean_birth_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["birth_date"]
        if add_years(value, MIN_RECRUITMENT_AGE) > timezone.localdate():
            raise ValidationError(
                _("Vérifiez la date de naissance : elle est trop récente."), code="too_young"
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            validate_pension_given(
                position=cleaned.get("position", ""),
                pension_number=cleaned.get("pension_number", ""),
            )
        except ValidationError as error:
            self.add_error("pension_number", error)
        return cleaned

    def files_by_role(self) -> dict[str, Any]:
        return {
            ApplicationFileRole.CIN_COPY: self.cleaned_data["cin_copy"],
            ApplicationFileRole.POSITION_PROOF: self.cleaned_data["position_proof"],
        }


class FollowForm(forms.Form):
    reference = forms.CharField(
        label=_("Référence de la demande"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text=_("Par exemple ADH-2026-7K3QX9."),
    )
    code = forms.CharField(
        label=_("Code de suivi"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text=_("Reçu par courriel après l'envoi de la demande."),
    )
