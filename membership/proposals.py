"""A change proposed by a member, checked with the registry's own rules before anyone sees it.

The proposed values go through a ModelForm of the registry model (its fields' validators, the
model's ``clean()``: a child born after the member, a marriage after the spouse's birth, a RIB
whose key is right), on a copy of the row concerned. The same check runs again when an agent
approves, on the registry as it is then. Web forms, the API and the services all call
``build_proposal``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from documents.models import DocumentKind
from fos.fields import DateField
from membership.constants import CHILD_KINDS, SPOUSE_KINDS, ChangeKind
from registry.models import Child, Member, SchoolLevel, Spouse
from registry.validators import validate_rib

SPOUSE_FIELDS = (
    "last_name",
    "first_name",
    "last_name_ar",
    "first_name_ar",
    "cin",
    "birth_date",
    "sex",
    "marriage_date",
)
CHILD_FIELDS = (
    "first_name",
    "first_name_ar",
    "birth_date",
    "sex",
    "school_level",
    "has_disability",
)
CHILD_IDENTITY_FIELDS = ("first_name", "first_name_ar", "birth_date", "sex")
DATE_FIELDS = frozenset({"birth_date", "marriage_date"})
FIELDS_BY_KIND: dict[str, tuple[str, ...]] = {
    ChangeKind.RIB: ("rib",),
    ChangeKind.ADD_SPOUSE: SPOUSE_FIELDS,
    ChangeKind.UPDATE_SPOUSE: SPOUSE_FIELDS,
    ChangeKind.ADD_CHILD: CHILD_FIELDS,
    ChangeKind.UPDATE_CHILD: CHILD_FIELDS,
}
NO_CHANGE = _("Rien n'a été modifié : corrigez au moins une valeur.")


def _cin(value: Any) -> str:
    return "".join(str(value or "").split()).upper()


class SpouseProposalForm(forms.ModelForm[Spouse]):
    class Meta:
        model = Spouse
        fields = SPOUSE_FIELDS
        field_classes = {"birth_date": DateField, "marriage_date": DateField}

    def clean_cin(self) -> str:
        return _cin(self.cleaned_data.get("cin"))


class ChildProposalForm(forms.ModelForm[Child]):
    class Meta:
        model = Child
        fields = CHILD_FIELDS
        field_classes = {"birth_date": DateField}


def to_json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def from_json(name: str, value: Any) -> Any:
    if name in DATE_FIELDS and isinstance(value, str) and value:
        return dt.date.fromisoformat(value)
    return value


def _not_scalar(given: Mapping[str, Any]) -> ValidationError | None:
    """The fields given a list or an object (JSON) where a text, a number or a date is expected:
    a form would read them as their Python text ("['a']") and keep that as a name."""
    wrong = [name for name, value in given.items() if isinstance(value, list | dict | tuple)]
    if not wrong:
        return None
    message = _("Une seule valeur est attendue ici (un texte, un nombre ou une date).")
    return ValidationError({name: [ValidationError(message, "not_a_value")] for name in wrong})


def values_of(instance: Model, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: to_json(getattr(instance, name)) for name in names}


@dataclass
class Proposal:
    """Checked values (JSON-ready) and, for a correction or a RIB, the values they replace."""

    kind: str
    values: dict[str, Any]
    current: dict[str, Any] = field(default_factory=dict)
    instance: Model | None = None

    @property
    def changed(self) -> list[str]:
        return [name for name, value in self.values.items() if self.current.get(name) != value]

    def required_documents(self) -> list[str]:
        """The supporting documents this change needs, by DocumentKind."""
        if self.kind == ChangeKind.RIB:
            return [DocumentKind.RIB_ATTESTATION]
        if self.kind in SPOUSE_KINDS:
            return [DocumentKind.MARRIAGE_CERTIFICATE]
        changed = set(self.changed)
        adding = self.kind == ChangeKind.ADD_CHILD
        needed: list[str] = []
        if adding or changed.intersection(CHILD_IDENTITY_FIELDS):
            needed.append(DocumentKind.BIRTH_CERTIFICATE)
        if "school_level" in changed and self.values["school_level"] != SchoolLevel.NONE:
            needed.append(DocumentKind.SCHOOL_CERTIFICATE)
        if "has_disability" in changed and self.values["has_disability"]:
            needed.append(DocumentKind.DISABILITY_CARD)
        return needed


def _form_errors(form: forms.BaseForm) -> ValidationError:
    return ValidationError(dict(form.errors.as_data()))


def _rib_proposal(member: Member, data: Mapping[str, Any]) -> Proposal:
    given = data.get("rib")
    if given is not None and not isinstance(given, str | int):
        raise ValidationError(
            {"rib": [ValidationError(_("Indiquez le nouveau RIB en chiffres."), "invalid")]}
        )
    rib = "".join(str(given or "").split())
    if not rib:
        raise ValidationError({"rib": [ValidationError(_("Indiquez le nouveau RIB."), "required")]})
    try:
        validate_rib(rib)
    except ValidationError as error:
        raise ValidationError({"rib": [error]}) from None
    if rib == member.rib:
        raise ValidationError(
            {"rib": [ValidationError(_("C'est déjà le RIB enregistré au registre."), "same_rib")]}
        )
    return Proposal(ChangeKind.RIB, {"rib": rib}, current={"rib": member.rib})


def _person_form(
    kind: str,
    member: Member,
    data: Mapping[str, Any],
    instance: Model | None,
    *,
    keep_missing: bool,
) -> forms.ModelForm[Any]:
    """The registry model's form on a copy of the row; ``keep_missing``: a correction keeps the
    values the member did not send (the API's partial correction), else they are emptied."""
    form_class: type[forms.ModelForm[Any]] = (
        SpouseProposalForm if kind in SPOUSE_KINDS else ChildProposalForm
    )
    names = FIELDS_BY_KIND[kind]
    given = {name: data.get(name) for name in names}
    if instance is not None and keep_missing:
        given = {
            name: to_json(getattr(instance, name)) if name not in data else value
            for name, value in given.items()
        }
    if instance is None:
        instance = (Spouse if kind in SPOUSE_KINDS else Child)(member=member)
    given = {name: ("" if value is None else value) for name, value in given.items()}
    if kind in CHILD_KINDS and given["school_level"] == "":
        given["school_level"] = SchoolLevel.NONE
    if kind in CHILD_KINDS and given["has_disability"] in ("", "false", "False", "0", "off"):
        given["has_disability"] = False
    return form_class(data=given, instance=_copy(instance, member))


def _copy(instance: Model, member: Member) -> Model:
    """A detached copy: validating must never touch the row the registry holds."""
    copy = type(instance)()
    copy.__dict__.update({k: v for k, v in instance.__dict__.items() if k != "_state"})
    copy._state.adding = instance._state.adding
    copy._state.db = instance._state.db
    copy.member = member  # type: ignore[attr-defined]
    return copy


def build_proposal(
    *,
    member: Member,
    kind: str,
    data: Mapping[str, Any],
    spouse: Spouse | None = None,
    child: Child | None = None,
) -> Proposal:
    """Check the proposed values; raise ValidationError keyed by field with the member's message."""
    if kind not in ChangeKind.values:
        raise ValueError(f"unknown change kind {kind!r}")
    if kind == ChangeKind.RIB:
        return _rib_proposal(member, data)
    existing: Model | None = None
    if kind == ChangeKind.UPDATE_SPOUSE:
        existing = spouse
    elif kind == ChangeKind.UPDATE_CHILD:
        existing = child
    if kind in (ChangeKind.UPDATE_SPOUSE, ChangeKind.UPDATE_CHILD) and existing is None:
        raise ValueError("a correction names the spouse or child it corrects")
    if existing is not None and getattr(existing, "member_id", None) != member.pk:
        raise ValueError("the spouse or child belongs to another member")
    wrong = _not_scalar({name: data.get(name) for name in FIELDS_BY_KIND[kind]})
    if wrong is not None:
        raise wrong
    form = _person_form(kind, member, data, existing, keep_missing=True)
    if not form.is_valid():
        raise _form_errors(form)
    names = FIELDS_BY_KIND[kind]
    values = {name: to_json(form.cleaned_data[name]) for name in names}
    current = values_of(existing, names) if existing is not None else {}
    proposal = Proposal(kind, values, current=current, instance=form.instance)
    if existing is not None and not proposal.changed:
        raise ValidationError(NO_CHANGE, code="no_change")
    _check_not_a_duplicate(proposal, member=member, existing=existing)
    return proposal


def _check_not_a_duplicate(proposal: Proposal, *, member: Member, existing: Model | None) -> None:
    """The registry already has this person: adding them again would count them twice."""
    values = proposal.values
    if proposal.kind in SPOUSE_KINDS:
        spouses = member.spouses.all()
        if existing is not None:
            spouses = spouses.exclude(pk=existing.pk)
        if values["cin"] and spouses.filter(cin=values["cin"]).exists():
            raise ValidationError(
                {"cin": [ValidationError(_("Ce conjoint figure déjà au registre."), "duplicate")]}
            )
        return
    children = member.children.all()
    if existing is not None:
        children = children.exclude(pk=existing.pk)
    birth_date = from_json("birth_date", values["birth_date"])
    if children.filter(
        first_name__iexact=values["first_name"].strip(), birth_date=birth_date
    ).exists():
        raise ValidationError(
            {"first_name": [ValidationError(_("Cet enfant figure déjà au registre."), "duplicate")]}
        )


def subject_key(proposal: Proposal, *, spouse: Spouse | None, child: Child | None) -> str:
    """What identifies the person (or the RIB) concerned, for "one pending request each"."""
    values = proposal.values
    if proposal.kind == ChangeKind.RIB:
        return "rib"
    if proposal.kind == ChangeKind.UPDATE_SPOUSE and spouse is not None:
        return f"spouse:{spouse.pk}"
    if proposal.kind == ChangeKind.UPDATE_CHILD and child is not None:
        return f"child:{child.pk}"
    if proposal.kind == ChangeKind.ADD_SPOUSE:
        if values["cin"]:
            return f"new-spouse:{values['cin']}"
        name = " ".join(f"{values['first_name']} {values['last_name']}".casefold().split())
        return f"new-spouse:{name}:{values['birth_date'] or ''}"[:200]
    name = " ".join(str(values["first_name"]).casefold().split())
    return f"new-child:{name}:{values['birth_date']}"[:200]


def apply_proposal(
    *, member: Member, kind: str, proposed: Mapping[str, Any], target: Model | None
) -> tuple[Model, dict[str, Any], dict[str, Any]]:
    """Check the proposal again on today's registry and return the row to save, before, after.

    Raises ValidationError when the registry changed so that the proposal no longer holds.
    """
    if kind == ChangeKind.RIB:
        proposal = _rib_proposal(member, proposed)
        before = {"rib": member.rib}
        member.rib = proposal.values["rib"]
        return member, before, dict(proposal.values)
    names = FIELDS_BY_KIND[kind]
    form = _person_form(kind, member, proposed, target, keep_missing=False)
    if not form.is_valid():
        raise _form_errors(form)
    instance = form.instance
    if target is not None:
        _check_not_a_duplicate(
            Proposal(kind, {n: to_json(form.cleaned_data[n]) for n in names}),
            member=member,
            existing=target,
        )
        before = values_of(target, names)
        instance = target
        for name in names:
            setattr(instance, name, form.cleaned_data[name])
    else:
        _check_not_a_duplicate(
            Proposal(kind, {n: to_json(form.cleaned_data[n]) for n in names}),
            member=member,
            existing=None,
        )
        before = {}
    after = values_of(instance, names)
    return instance, before, after
