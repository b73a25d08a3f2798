"""The rule-kind registry: typed parameters, the evaluation context and the result of a check.

A rule kind is a class registered with ``@register``; its ``Params`` dataclass declares the
parameters a ``Rule`` row holds as JSON. ``parse_params`` turns that JSON into the dataclass and
reports every bad parameter by name, in French, so the admin can show it on the field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from abc import ABC, abstractmethod
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from catalog.constants import BeneficiaryType, RulePurpose

if TYPE_CHECKING:
    from catalog.models import Campaign, Motive, Rule, Service
    from registry.models import Child, Member, Spouse

CENT = Decimal("0.01")

# What a rule kind reads from a request beyond the member, the service, the moment and the
# campaign (``RuleKind.needs``): the wizard asks for an amount or an invoice date only when a
# rule needs it, and previews evaluate only the kinds that need nothing.
NEEDS_BENEFICIARY = "beneficiary"
NEEDS_HISTORY = "history"
NEEDS_BASE_AMOUNT = "base_amount"
NEEDS_INVOICE_DATE = "invoice_date"
NEEDS_MOTIVE = "motive"


def money(value: Decimal) -> Decimal:
    """An amount rounded to the cent, half up (never banker's rounding, never float)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RuleResult:
    ok: bool
    code: str = ""
    message: str = ""

    @classmethod
    def passed(cls) -> RuleResult:
        return cls(ok=True)


@dataclass(frozen=True)
class Beneficiary:
    """The person a request is for: the member, one of their spouses or one of their children."""

    type: BeneficiaryType
    person: Member | Spouse | Child

    @classmethod
    def of_member(cls, member: Member) -> Beneficiary:
        return cls(BeneficiaryType.MEMBER, member)

    @classmethod
    def of_spouse(cls, spouse: Spouse) -> Beneficiary:
        return cls(BeneficiaryType.SPOUSE, spouse)

    @classmethod
    def of_child(cls, child: Child) -> Beneficiary:
        return cls(BeneficiaryType.CHILD, child)

    @property
    def birth_date(self) -> dt.date | None:
        return self.person.birth_date

    @property
    def school_level(self) -> str | None:
        return getattr(self.person, "school_level", None)

    @property
    def has_disability(self) -> bool:
        return bool(getattr(self.person, "has_disability", False))

    @property
    def display_name(self) -> str:
        return str(self.person)


class History(Protocol):
    """What the engine needs to know of past requests; the caller answers from its own query."""

    def count_for(self, service: Service, beneficiary: Beneficiary, year: int) -> int: ...

    def amount_for(
        self, service: Service, beneficiary: Beneficiary, year: int, motive: Motive | None = None
    ) -> Decimal: ...

    def years_granted(self, service: Service, beneficiary: Beneficiary) -> int: ...

    def count_in_campaign(self, campaign: Campaign, beneficiary: Beneficiary) -> int: ...


class NoHistory:
    """A member with no past request (previews, and the person-concerned step)."""

    def count_for(self, service: Service, beneficiary: Beneficiary, year: int) -> int:
        return 0

    def amount_for(
        self, service: Service, beneficiary: Beneficiary, year: int, motive: Motive | None = None
    ) -> Decimal:
        return Decimal("0.00")

    def years_granted(self, service: Service, beneficiary: Beneficiary) -> int:
        return 0

    def count_in_campaign(self, campaign: Campaign, beneficiary: Beneficiary) -> int:
        return 0


@dataclass(frozen=True)
class RuleContext:
    """Everything a rule may look at, built by the caller; the engine queries no history."""

    service: Service
    member: Member
    beneficiary: Beneficiary
    at: dt.datetime
    history: History = dataclasses.field(default_factory=NoHistory)
    campaign: Campaign | None = None
    motive: Motive | None = None
    base_amount: Decimal | None = None
    invoice_date: dt.date | None = None
    school_level: str | None = None

    @property
    def on(self) -> dt.date:
        return timezone.localdate(self.at)

    @property
    def year(self) -> int:
        """The year requests are counted in: the campaign's, else the evaluation date's."""
        if self.campaign is not None and self.campaign.year:
            return self.campaign.year
        return self.on.year

    @property
    def beneficiary_school_level(self) -> str | None:
        return self.school_level or self.beneficiary.school_level


def _param_error(name: str, message: StrOrPromise) -> ValidationError:
    return ValidationError(
        _("Paramètre « %(name)s » : %(message)s"), params={"name": name, "message": message}
    )


def _convert(name: str, annotation: Any, value: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return None if value is None else _convert(name, inner[0], value)
    if origin is list:
        (item_type,) = typing.get_args(annotation)
        if not isinstance(value, list):
            raise _param_error(name, _("une liste est attendue."))
        return [_convert(name, item_type, item) for item in value]
    if origin is dict:
        _key_type, value_type = typing.get_args(annotation)
        if not isinstance(value, dict):
            raise _param_error(name, _("un objet {clé: valeur} est attendu."))
        return {str(key): _convert(name, value_type, item) for key, item in value.items()}
    if annotation is bool:
        if not isinstance(value, bool):
            raise _param_error(name, _("true ou false est attendu."))
        return value
    if annotation is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _param_error(name, _("un nombre entier est attendu."))
        return value
    if annotation is Decimal:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise _param_error(name, _('un nombre est attendu (par exemple "3000.00").'))
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise _param_error(name, _("« %s » n'est pas un nombre.") % value) from None
        if not number.is_finite():
            raise _param_error(name, _("« %s » n'est pas un nombre.") % value)
        return number
    if annotation is dt.date:
        try:
            return dt.date.fromisoformat(value) if isinstance(value, str) else _fail_date(name)
        except ValueError:
            raise _param_error(name, _("une date AAAA-MM-JJ est attendue.")) from None
    if annotation is str:
        if not isinstance(value, str):
            raise _param_error(name, _("un texte est attendu."))
        return value
    raise TypeError(f"unsupported parameter type {annotation!r} for {name}")


def _fail_date(name: str) -> typing.NoReturn:
    raise _param_error(name, _("une date AAAA-MM-JJ est attendue."))


P = TypeVar("P")


def parse_params(params_class: type[P], raw: Any) -> P:
    """The dataclass built from a rule's JSON, or a ValidationError naming each bad parameter."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ValidationError(_("Les paramètres doivent être un objet JSON {nom: valeur}."))
    hints = typing.get_type_hints(params_class)
    fields = {field.name: field for field in dataclasses.fields(params_class)}  # type: ignore[arg-type]
    errors: list[ValidationError] = []
    values: dict[str, Any] = {}
    for unknown in sorted(set(raw) - set(fields)):
        errors.append(
            _param_error(
                unknown,
                _("paramètre inconnu ; paramètres permis : %s.") % (", ".join(fields) or "—"),
            )
        )
    for name, field in fields.items():
        if name not in raw:
            no_default = (
                field.default is dataclasses.MISSING
                and field.default_factory is dataclasses.MISSING
            )
            if no_default:
                errors.append(_param_error(name, _("ce paramètre est obligatoire.")))
            continue
        try:
            values[name] = _convert(name, hints[name], raw[name])
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    instance = params_class(**values)
    validate = getattr(instance, "validate", None)
    if validate is not None:
        validate()
    return instance


def check_range(
    name: str, value: Decimal | int | None, *, low: Decimal | int, high: Decimal | int | None = None
) -> None:
    if value is None:
        return
    if value < low or (high is not None and value > high):
        if high is None:
            raise _param_error(name, _("la valeur doit être au moins %s.") % low)
        raise _param_error(
            name,
            _("la valeur doit être comprise entre %(low)s et %(high)s.")
            % {
                "low": low,
                "high": high,
            },
        )


def check_choices(
    name: str, values: list[str], allowed: list[str], *, allow_empty: bool = False
) -> None:
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise _param_error(
            name,
            _("valeur(s) inconnue(s) %(unknown)s ; valeurs permises : %(allowed)s.")
            % {"unknown": ", ".join(unknown), "allowed": ", ".join(allowed)},
        )
    if not values and not allow_empty:
        raise _param_error(name, _("indiquez au moins une valeur."))


@dataclass(frozen=True)
class NoParams:
    pass


ParamsT = TypeVar("ParamsT")


class RuleKind(ABC, Generic[ParamsT]):
    """A kind of rule; an instance holds one rule row's parsed parameters."""

    code: ClassVar[str]
    label: ClassVar[StrOrPromise]
    purposes: ClassVar[frozenset[str]]
    needs: ClassVar[frozenset[str]] = frozenset()
    Params: ClassVar[type[Any]] = NoParams

    def __init__(self, params: ParamsT, rule: Rule | None = None) -> None:
        self.params = params
        self.rule = rule


class EligibilityKind(RuleKind[ParamsT]):
    purposes: ClassVar[frozenset[str]] = frozenset(
        {RulePurpose.ELIGIBILITY, RulePurpose.BENEFICIARY}
    )

    @abstractmethod
    def check(self, context: RuleContext) -> RuleResult: ...

    def refuse(self, message: str) -> RuleResult:
        override = self.rule.message if self.rule is not None else ""
        return RuleResult(ok=False, code=self.code, message=override or message)


class AmountKind(RuleKind[ParamsT]):
    purposes: ClassVar[frozenset[str]] = frozenset({RulePurpose.AMOUNT})

    @abstractmethod
    def amount(self, context: RuleContext) -> Decimal | None:
        """The amount granted, or None when the context lacks what the kind needs."""


KINDS: dict[str, type[RuleKind[Any]]] = {}

K = TypeVar("K", bound=type[RuleKind[Any]])


def register(kind: K) -> K:
    if kind.code in KINDS:
        raise ValueError(f"rule kind {kind.code!r} registered twice")
    KINDS[kind.code] = kind
    return kind


def kind_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} — {kind.label}") for code, kind in sorted(KINDS.items())]


def build_kind(
    code: str, raw_params: Any, *, purpose: str | None = None, rule: Rule | None = None
) -> RuleKind[Any]:
    kind = KINDS.get(code)
    if kind is None:
        raise ValidationError({"kind": _("Type de règle inconnu « %(code)s ».") % {"code": code}})
    if purpose is not None and purpose not in kind.purposes:
        raise ValidationError(
            {
                "purpose": _("Le type « %(code)s » ne peut pas servir de règle de ce rôle.")
                % {"code": code}
            }
        )
    try:
        params = parse_params(kind.Params, raw_params)
    except ValidationError as error:
        raise ValidationError({"params": error.messages}) from None
    return kind(params, rule)


def describe_params(kind: type[RuleKind[Any]]) -> str:
    """``name: type = default`` for each parameter of a kind, for help texts and the guide."""
    hints = typing.get_type_hints(kind.Params)
    parts = []
    for field in dataclasses.fields(kind.Params):
        text = f"{field.name}: {_type_name(hints[field.name])}"
        if field.default is not dataclasses.MISSING:
            text += f" = {field.default!s}" if field.default is not None else " (facultatif)"
        parts.append(text)
    return ", ".join(parts) or "—"


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return _type_name(inner[0])
    if origin is list:
        return f"liste de {_type_name(typing.get_args(annotation)[0])}"
    if origin is dict:
        return f"{{niveau: {_type_name(typing.get_args(annotation)[1])}}}"
    return {int: "entier", Decimal: "nombre", str: "texte", bool: "booléen", dt.date: "date"}.get(
        annotation, str(annotation)
    )
