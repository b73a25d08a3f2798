"""Eligibility kinds: who may ask, for whom, when. Each refusal says why, with the rule's values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from catalog.constants import BeneficiaryType
from catalog.rules.base import (
    NEEDS_BENEFICIARY,
    NEEDS_HISTORY,
    NEEDS_INVOICE_DATE,
    EligibilityKind,
    NoParams,
    RuleContext,
    RuleResult,
    _param_error,
    check_choices,
    check_range,
    register,
)
from registry.models import Position, PostingType, Province, SchoolLevel
from registry.validators import age_on

if TYPE_CHECKING:
    from django.db.models import TextChoices


def _labels(choices: type[TextChoices], values: list[str]) -> str:
    return ", ".join(str(choices(value).label) for value in values)


@dataclass(frozen=True)
class PositionsParams:
    positions: list[str]

    def validate(self) -> None:
        check_choices("positions", self.positions, list(Position.values))


@register
class PositionIn(EligibilityKind[PositionsParams]):
    code = "position_in"
    label = gettext_lazy("Position de l'adhérent parmi une liste")
    Params = PositionsParams

    def check(self, context: RuleContext) -> RuleResult:
        if context.member.position in self.params.positions:
            return RuleResult.passed()
        return self.refuse(
            _("Ce service est réservé aux adhérents en position : %(positions)s.")
            % {"positions": _labels(Position, self.params.positions)}
        )


@dataclass(frozen=True)
class ProvincesParams:
    provinces: list[str]

    def validate(self) -> None:
        known = set(Province.objects.filter(code__in=self.provinces).values_list("code", flat=True))
        check_choices("provinces", self.provinces, sorted(known))


@register
class PostingProvinceIn(EligibilityKind[ProvincesParams]):
    code = "posting_province_in"
    label = gettext_lazy("Province d'affectation parmi une liste")
    Params = ProvincesParams

    def check(self, context: RuleContext) -> RuleResult:
        province = context.member.posting_province
        if province is not None and province.code in self.params.provinces:
            return RuleResult.passed()
        if "_provinces" not in self.__dict__:  # read once per parsed rule, not per refusal
            self._provinces = list(
                Province.objects.filter(code__in=self.params.provinces).order_by("name_fr")
            )
        names = self._provinces
        return self.refuse(
            _(
                "Ce service est réservé aux adhérents affectés dans les provinces suivantes : "
                "%(provinces)s."
            )
            % {"provinces": ", ".join(province.name for province in names)}
        )


@dataclass(frozen=True)
class PostingTypesParams:
    posting_types: list[str]

    def validate(self) -> None:
        check_choices("posting_types", self.posting_types, list(PostingType.values))


@register
class PostingTypeIn(EligibilityKind[PostingTypesParams]):
    code = "posting_type_in"
    label = gettext_lazy("Type d'affectation (services centraux ou extérieurs)")
    Params = PostingTypesParams

    def check(self, context: RuleContext) -> RuleResult:
        if context.member.posting_type in self.params.posting_types:
            return RuleResult.passed()
        return self.refuse(
            _("Ce service est réservé aux adhérents affectés dans : %(types)s.")
            % {"types": _labels(PostingType, self.params.posting_types)}
        )


@dataclass(frozen=True)
class BeneficiaryTypesParams:
    types: list[str]

    def validate(self) -> None:
        check_choices("types", self.types, list(BeneficiaryType.values))


@register
class BeneficiaryTypeIn(EligibilityKind[BeneficiaryTypesParams]):
    code = "beneficiary_type_in"
    needs = frozenset({NEEDS_BENEFICIARY})
    label = gettext_lazy("Type de bénéficiaire (adhérent, conjoint, enfant)")
    Params = BeneficiaryTypesParams

    def check(self, context: RuleContext) -> RuleResult:
        if context.beneficiary.type in self.params.types:
            return RuleResult.passed()
        return self.refuse(
            _("Ce service ne peut être demandé que pour : %(types)s.")
            % {"types": _labels(BeneficiaryType, self.params.types)}
        )


AGE_REFERENCES = ["evaluation_date", "campaign_opening"]


@dataclass(frozen=True)
class AgeParams:
    min_age: int | None = None
    max_age: int | None = None
    reference: str = "evaluation_date"
    on_date: dt.date | None = None
    beneficiary_types: list[str] | None = None

    def validate(self) -> None:
        check_range("min_age", self.min_age, low=0, high=120)
        check_range("max_age", self.max_age, low=0, high=120)
        if self.min_age is None and self.max_age is None:
            raise _param_error("min_age", _("indiquez min_age, max_age ou les deux."))
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            raise _param_error("max_age", _("doit être supérieur ou égal à min_age."))
        check_choices("reference", [self.reference], AGE_REFERENCES)
        if self.beneficiary_types is not None:
            check_choices("beneficiary_types", self.beneficiary_types, list(BeneficiaryType.values))


@register
class BeneficiaryAgeBetween(EligibilityKind[AgeParams]):
    """Age in whole years, bounds included, on the evaluation date, the campaign's opening or
    a fixed date; ``beneficiary_types`` limits the rule to some beneficiaries (e.g. children)."""

    code = "beneficiary_age_between"
    needs = frozenset({NEEDS_BENEFICIARY})
    label = gettext_lazy("Âge du bénéficiaire entre deux bornes (incluses)")
    Params = AgeParams

    def reference_date(self, context: RuleContext) -> dt.date:
        if self.params.on_date is not None:
            return self.params.on_date
        if self.params.reference == "campaign_opening" and context.campaign is not None:
            return timezone.localdate(context.campaign.opens_at)
        return context.on

    def check(self, context: RuleContext) -> RuleResult:
        types = self.params.beneficiary_types
        if types is not None and context.beneficiary.type not in types:
            return RuleResult.passed()
        birth_date = context.beneficiary.birth_date
        if birth_date is None:
            return self.refuse(
                _("La date de naissance de %(name)s est inconnue : mettez-la à jour d'abord.")
                % {"name": context.beneficiary.display_name}
            )
        age = age_on(birth_date, self.reference_date(context))
        low, high = self.params.min_age, self.params.max_age
        if (low is None or age >= low) and (high is None or age <= high):
            return RuleResult.passed()
        if low is not None and high is not None:
            message = _("Ce service est réservé aux bénéficiaires âgés de %(min)s à %(max)s ans.")
        elif low is not None:
            message = _("Ce service est réservé aux bénéficiaires âgés d'au moins %(min)s ans.")
        else:
            message = _("Ce service est réservé aux bénéficiaires âgés d'au plus %(max)s ans.")
        return self.refuse(
            message % {"min": low, "max": high}
            + " "
            + ngettext("%(name)s a %(age)s an.", "%(name)s a %(age)s ans.", age)
            % {"name": context.beneficiary.display_name, "age": age}
        )


@dataclass(frozen=True)
class SchoolLevelsParams:
    levels: list[str]

    def validate(self) -> None:
        check_choices("levels", self.levels, list(SchoolLevel.values))


@register
class ChildSchoolLevelIn(EligibilityKind[SchoolLevelsParams]):
    code = "child_school_level_in"
    needs = frozenset({NEEDS_BENEFICIARY})
    label = gettext_lazy("Niveau scolaire de l'enfant parmi une liste")
    Params = SchoolLevelsParams

    def check(self, context: RuleContext) -> RuleResult:
        level = context.beneficiary_school_level
        if context.beneficiary.type == BeneficiaryType.CHILD and level in self.params.levels:
            return RuleResult.passed()
        return self.refuse(
            _("Ce service est réservé aux enfants scolarisés en : %(levels)s.")
            % {"levels": _labels(SchoolLevel, self.params.levels)}
        )


@register
class ChildHasDisability(EligibilityKind[NoParams]):
    code = "child_has_disability"
    needs = frozenset({NEEDS_BENEFICIARY})
    label = gettext_lazy("Enfant en situation de handicap")

    def check(self, context: RuleContext) -> RuleResult:
        if context.beneficiary.type == BeneficiaryType.CHILD and context.beneficiary.has_disability:
            return RuleResult.passed()
        return self.refuse(_("Ce service est réservé aux enfants en situation de handicap."))


@dataclass(frozen=True)
class DeceasedSinceParams:
    since: dt.date


@register
class MemberDeceasedSince(EligibilityKind[DeceasedSinceParams]):
    """The member died on or after ``since`` while in active position."""

    code = "member_deceased_since"
    label = gettext_lazy("Adhérent actif décédé depuis une date")
    Params = DeceasedSinceParams

    def check(self, context: RuleContext) -> RuleResult:
        member = context.member
        if (
            member.is_deceased
            and member.death_date is not None
            and member.death_date >= self.params.since
            and member.position == Position.ACTIVE
        ):
            return RuleResult.passed()
        return self.refuse(
            _(
                "Ce service est réservé aux enfants des adhérents actifs décédés depuis le "
                "%(since)s."
            )
            % {"since": self.params.since.strftime("%d/%m/%Y")}
        )


@register
class MemberAlive(EligibilityKind[NoParams]):
    code = "member_alive"
    label = gettext_lazy("Adhérent en vie")

    def check(self, context: RuleContext) -> RuleResult:
        if not context.member.is_deceased:
            return RuleResult.passed()
        return self.refuse(_("Ce service n'est pas ouvert aux ayants droit d'un adhérent décédé."))


@dataclass(frozen=True)
class CountParams:
    max_count: int
    unit_fr: str = ""
    unit_ar: str = ""

    def validate(self) -> None:
        check_range("max_count", self.max_count, low=1)


@register
class MaxCountPerYearPerBeneficiary(EligibilityKind[CountParams]):
    """At most ``max_count`` requests a year for one beneficiary, counted by the caller."""

    code = "max_count_per_year_per_beneficiary"
    needs = frozenset({NEEDS_BENEFICIARY, NEEDS_HISTORY})
    label = gettext_lazy("Nombre maximal de demandes par an et par bénéficiaire")
    Params = CountParams

    def unit(self) -> str:
        from catalog.models import in_language

        return in_language(self.params.unit_fr, self.params.unit_ar) or _("demandes")

    def check(self, context: RuleContext) -> RuleResult:
        count = context.history.count_for(context.service, context.beneficiary, context.year)
        if count < self.params.max_count:
            return RuleResult.passed()
        return self.refuse(
            _(
                "Au plus %(max)s %(unit)s par an et par bénéficiaire. Nombre déjà demandé en "
                "%(year)s : %(count)s."
            )
            % {
                "max": self.params.max_count,
                "unit": self.unit(),
                "count": count,
                "year": context.year,
            }
        )


@dataclass(frozen=True)
class YearsParams:
    max_years: int

    def validate(self) -> None:
        check_range("max_years", self.max_years, low=1)


@register
class MaxYearsPerBeneficiary(EligibilityKind[YearsParams]):
    code = "max_years_per_beneficiary"
    needs = frozenset({NEEDS_BENEFICIARY, NEEDS_HISTORY})
    label = gettext_lazy("Nombre maximal d'années accordées par bénéficiaire")
    Params = YearsParams

    def check(self, context: RuleContext) -> RuleResult:
        years = context.history.years_granted(context.service, context.beneficiary)
        if years < self.params.max_years:
            return RuleResult.passed()
        return self.refuse(
            ngettext(
                "Ce service est accordé au plus %(max)s année par bénéficiaire. Nombre d'années "
                "déjà accordées : %(years)s.",
                "Ce service est accordé au plus %(max)s années par bénéficiaire. Nombre d'années "
                "déjà accordées : %(years)s.",
                self.params.max_years,
            )
            % {"max": self.params.max_years, "years": years}
        )


@dataclass(frozen=True)
class CampaignCountParams:
    max_count: int = 1

    def validate(self) -> None:
        check_range("max_count", self.max_count, low=1)


@register
class MaxCountPerCampaignPerBeneficiary(EligibilityKind[CampaignCountParams]):
    """At most ``max_count`` requests (one by default) in one campaign for one beneficiary.

    Services that take several requests a year count them with
    ``max_count_per_year_per_beneficiary`` instead, or with no count at all (annual ceilings)."""

    code = "max_count_per_campaign_per_beneficiary"
    needs = frozenset({NEEDS_BENEFICIARY, NEEDS_HISTORY})
    label = gettext_lazy("Nombre maximal de demandes par campagne et par bénéficiaire")
    Params = CampaignCountParams

    def check(self, context: RuleContext) -> RuleResult:
        campaign = context.campaign
        if campaign is None:
            return RuleResult.passed()
        count = context.history.count_in_campaign(campaign, context.beneficiary)
        if count < self.params.max_count:
            return RuleResult.passed()
        if self.params.max_count == 1:
            return self.refuse(
                _("Une demande a déjà été faite pour %(name)s dans la campagne « %(campaign)s ».")
                % {"name": context.beneficiary.display_name, "campaign": campaign.name}
            )
        return self.refuse(
            _(
                "Au plus %(max)s demandes par bénéficiaire dans la campagne « %(campaign)s » : "
                "%(count)s déjà faites pour %(name)s."
            )
            % {
                "max": self.params.max_count,
                "campaign": campaign.name,
                "count": count,
                "name": context.beneficiary.display_name,
            }
        )


@register
class InvoiceDateInCampaignWindow(EligibilityKind[NoParams]):
    code = "invoice_date_in_campaign_window"
    needs = frozenset({NEEDS_INVOICE_DATE})
    label = gettext_lazy("Date de facture dans la période de la campagne")

    def check(self, context: RuleContext) -> RuleResult:
        day = context.invoice_date
        if day is None:
            return self.refuse(_("Indiquez la date de la facture."))
        campaign = context.campaign
        start = campaign.invoice_date_from if campaign is not None else None
        end = campaign.invoice_date_to if campaign is not None else None
        if start is None or end is None or start <= day <= end:
            return RuleResult.passed()
        return self.refuse(
            _(
                "La facture du %(date)s n'entre pas dans la période de cette campagne : "
                "du %(start)s au %(end)s."
            )
            % {
                "date": day.strftime("%d/%m/%Y"),
                "start": start.strftime("%d/%m/%Y"),
                "end": end.strftime("%d/%m/%Y"),
            }
        )


@register
class CampaignOpen(EligibilityKind[NoParams]):
    code = "campaign_open"
    label = gettext_lazy("Campagne ouverte")

    def check(self, context: RuleContext) -> RuleResult:
        campaign = context.campaign
        if campaign is not None and campaign.is_open(context.at):
            return RuleResult.passed()
        return self.refuse(_("Aucune campagne de ce service n'est ouverte à cette date."))
