from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cards.constants import CardStatus
from cards.models import MemberCard
from registry.models import Member


class CardSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=100,
        help_text=_("Numéro de carte, matricule ou nom (lettres latines ou arabes)."),
    )
    status = forms.ChoiceField(
        label=_("État"),
        required=False,
        choices=[("", _("Tous les états")), *CardStatus.choices],
    )


class IssueCardForm(forms.Form):
    matricule = forms.CharField(label=_("Matricule de l'adhérent"), max_length=12)

    def clean_matricule(self) -> Member:
        matricule = self.cleaned_data["matricule"].strip()
        member = Member.objects.filter(matricule=matricule).first()
        if member is None:
            raise forms.ValidationError(_("Aucun adhérent n'a ce matricule."))
        return member


class RevokeCardForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la révocation"),
        max_length=MemberCard._meta.get_field("revocation_reason").max_length,
        help_text=_("Par exemple : carte perdue, fin d'adhésion, erreur de saisie."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs["autocomplete"] = "off"
