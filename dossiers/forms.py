"""The wizard's forms: they parse what the member typed; services.save_step decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.constants import BeneficiaryType
from catalog.models import Motive, RequiredDocument
from catalog.rules import Beneficiary
from documents.constants import ALL_FILE_TYPES, LIBRARY_MAX_SIZE_MB
from documents.models import MemberDocument
from documents.validation import validate_upload
from dossiers.models import Dossier
from dossiers.services import StepData
from fos.fields import DateField, MoneyField, parse_id

MAX_ANSWER_FILES = 5


def beneficiary_value(beneficiary_type: str, person_id: int | None) -> str:
    if beneficiary_type == BeneficiaryType.MEMBER or person_id is None:
        return str(BeneficiaryType.MEMBER)
    return f"{beneficiary_type}:{person_id}"


def dossier_beneficiary_value(dossier: Dossier) -> str:
    person = dossier.spouse_id or dossier.child_id
    return beneficiary_value(dossier.beneficiary_type, person)


class ConfirmForm(forms.Form):
    """Personal data: read-only, the member only confirms."""

    def step_data(self) -> StepData:
        return StepData()


class RibForm(forms.Form):
    new_rib = forms.CharField(
        label=_("Nouveau RIB (24 chiffres)"),
        required=False,
        max_length=40,
        help_text=_("Seulement si votre RIB a changé ; joignez alors l'attestation ci-dessous."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}),
    )
    attestation = forms.FileField(
        label=_("Attestation de RIB ou spécimen de chèque"),
        required=False,
        allow_empty_file=True,  # refused by documents.validation, whose message names the file
        help_text=_("PDF, JPEG ou PNG."),
    )

    def clean_new_rib(self) -> str:
        return "".join(str(self.cleaned_data.get("new_rib", "")).split())

    def step_data(self) -> StepData:
        return StepData(new_rib=self.cleaned_data.get("new_rib", ""))


class BeneficiaryForm(forms.Form):
    beneficiary = forms.ChoiceField(label=_("Personne concernée"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, people: list[Beneficiary], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["beneficiary"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 (declared above)
        field.choices = [
            (
                beneficiary_value(
                    b.type, None if b.type == BeneficiaryType.MEMBER else int(b.person.pk)
                ),
                f"{BeneficiaryType(b.type).label} — {b.display_name}",
            )
            for b in people
        ]

    def step_data(self) -> StepData:
        value = str(self.cleaned_data["beneficiary"])
        kind, _sep, person = value.partition(":")
        person_id = parse_id(person)
        return StepData(
            beneficiary_type=kind,
            spouse_id=person_id if kind == BeneficiaryType.SPOUSE else None,
            child_id=person_id if kind == BeneficiaryType.CHILD else None,
        )


class MotiveForm(forms.Form):
    motive = forms.ModelChoiceField(
        label=_("Motif"),
        queryset=Motive.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    declared_amount = MoneyField(
        label=_("Montant de la dépense (MAD)"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
    )
    invoice_date = DateField(
        label=_("Date de la facture"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(
        self,
        *args: Any,
        motives: list[Motive],
        asks_motive: bool,
        asks_amount: bool,
        asks_invoice_date: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if asks_motive:
            field = self.fields["motive"]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
            field.queryset = Motive.objects.filter(pk__in=[m.pk for m in motives])
        else:
            del self.fields["motive"]
        if not asks_amount:
            del self.fields["declared_amount"]
        if not asks_invoice_date:
            del self.fields["invoice_date"]

    def step_data(self) -> StepData:
        motive = self.cleaned_data.get("motive")
        return StepData(
            motive_id=motive.pk if motive is not None else None,
            declared_amount=self.cleaned_data.get("declared_amount"),
            invoice_date=self.cleaned_data.get("invoice_date"),
        )


def upload_field_name(required: RequiredDocument) -> str:
    return f"file_{required.pk}"


def reuse_field_name(required: RequiredDocument) -> str:
    return f"reuse_{required.pk}"


class UploadsForm(forms.Form):
    """One file field per required document, and a choice among the member's documents."""

    def __init__(
        self,
        *args: Any,
        required_documents: list[RequiredDocument],
        library: list[MemberDocument],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.required_documents = required_documents
        choices = [("", _("— Choisir dans « Mes documents » —"))] + [
            (str(document.pk), str(document)) for document in library
        ]
        for required in required_documents:
            self.fields[upload_field_name(required)] = forms.FileField(
                label=required.name,
                required=False,
                allow_empty_file=True,  # refused by documents.validation, naming the file
                help_text=required.help,
            )
            self.fields[reuse_field_name(required)] = forms.ChoiceField(
                label=_("ou un document déjà déposé"), required=False, choices=choices
            )

    def rows(self) -> list[tuple[RequiredDocument, forms.BoundField, forms.BoundField]]:
        return [
            (required, self[upload_field_name(required)], self[reuse_field_name(required)])
            for required in self.required_documents
        ]


class AnswerForm(forms.Form):
    message = forms.CharField(
        label=_("Votre message (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Empty files are refused by documents.validation, whose message names the file.
    file_1 = forms.FileField(label=_("Document"), required=False, allow_empty_file=True)
    file_2 = forms.FileField(label=_("Autre document"), required=False, allow_empty_file=True)
    file_3 = forms.FileField(label=_("Autre document"), required=False, allow_empty_file=True)
    FILE_FIELDS = ("file_1", "file_2", "file_3")

    def clean(self) -> dict[str, Any]:
        """Every file checked by content, with the limits of "Mes documents" where the answer's
        files are kept, before any is kept: a refused file keeps the good ones beside it out
        of "Mes documents" too, and every refused one is named at once."""
        cleaned = super().clean() or {}
        for name in self.FILE_FIELDS:
            uploaded = cleaned.get(name)
            if uploaded:
                try:
                    validate_upload(
                        uploaded, accepted_types=ALL_FILE_TYPES, max_size_mb=LIBRARY_MAX_SIZE_MB
                    )
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    def files_given(self) -> list[tuple[str, Any]]:
        return [
            (name, self.cleaned_data[name])
            for name in self.FILE_FIELDS
            if self.cleaned_data.get(name)
        ]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi annulez-vous ? (facultatif)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
