"""Validators of the catalogue's list fields, with messages naming what is wrong."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from catalog.constants import FileType, Step

validate_service_code = RegexValidator(
    r"^[A-Za-z0-9_]+$",
    _("Le code ne peut contenir que des lettres non accentuées, des chiffres et « _ »."),
    code="service_code",
)


def _validate_choice_list(value: Any, allowed: list[str], what: str, *, allow_empty: bool) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(
            _("%(what)s : une liste de codes est attendue."), params={"what": what}
        )
    unknown = [item for item in value if item not in allowed]
    if unknown:
        raise ValidationError(
            _("%(what)s : valeur(s) inconnue(s) %(unknown)s ; valeurs permises : %(allowed)s."),
            params={"what": what, "unknown": ", ".join(unknown), "allowed": ", ".join(allowed)},
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("%(what)s : une valeur est répétée."), params={"what": what})
    if not value and not allow_empty:
        raise ValidationError(
            _("%(what)s : choisissez au moins une valeur."), params={"what": what}
        )


def validate_steps(value: Any) -> None:
    _validate_choice_list(value, list(Step.values), str(_("Étapes")), allow_empty=False)
    if Step.REVIEW not in value:
        raise ValidationError(_("Étapes : le récapitulatif est toujours montré."))


def validate_file_types(value: Any) -> None:
    _validate_choice_list(value, list(FileType.values), str(_("Types acceptés")), allow_empty=False)
