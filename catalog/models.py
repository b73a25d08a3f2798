"""The catalogue of services: categories, services, motives, campaigns, documents and rules.

Everything a service asks or grants is a row here that an administrator edits; the code only
knows the rule kinds (``catalog.rules``), never a particular service.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from catalog.constants import (
    DEFAULT_CURRENCY,
    DEFAULT_STEPS,
    MAX_DOCUMENT_SIZE_MB,
    FileType,
    RulePurpose,
    Step,
)
from catalog.validators import validate_file_types, validate_service_code, validate_steps
from registry.models import BilingualName

if TYPE_CHECKING:
    from catalog.rules.base import RuleKind


def in_language(french: str, arabic: str) -> str:
    """The Arabic text for an Arabic reader when there is one, else the French."""
    return arabic if get_language() == "ar" and arabic else french


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def default_steps() -> list[str]:
    return [str(step) for step in DEFAULT_STEPS]


def default_file_types() -> list[str]:
    return list(FileType.values)


class ServiceCategory(BilingualName):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    class Meta:
        verbose_name = _("catégorie de prestations")
        verbose_name_plural = _("catégories de prestations")
        ordering = ["order", "code"]


class Service(BilingualName):
    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[validate_service_code],
        help_text=_("Figure dans le numéro des dossiers (SEQ/CODE/ANNÉE), par exemple Col_E."),
    )
    category = models.ForeignKey(
        ServiceCategory,
        verbose_name=_("catégorie"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    description_fr = models.TextField(_("description (français)"), blank=True)
    description_ar = models.TextField(_("description (arabe)"), blank=True)
    conditions_fr = models.TextField(_("circulaire et conditions (français)"), blank=True)
    conditions_ar = models.TextField(_("circulaire et conditions (arabe)"), blank=True)
    icon = models.SlugField(
        _("icône"),
        max_length=40,
        default="service",
        help_text=_("Nom d'une icône SVG livrée avec le portail (static/icons/NOM.svg)."),
    )
    is_active = models.BooleanField(_("activée"), default=True)
    order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)
    pays_money = models.BooleanField(
        _("donne lieu à un paiement"),
        default=False,
        help_text=_(
            "Un montant est versé à l'adhérent : le RIB est demandé et le montant calculé."
        ),
    )
    steps = models.JSONField(
        _("étapes de la demande"),
        default=default_steps,
        validators=[validate_steps],
        help_text=_(
            "Liste parmi : personal_data, rib, beneficiary, motive, uploads, review "
            "(montrées dans cet ordre)."
        ),
    )
    originals_fr = models.TextField(
        _("originaux à déposer (français)"),
        blank=True,
        help_text=_("Un document par ligne ; vide si aucun original n'est demandé."),
    )
    originals_ar = models.TextField(_("originaux à déposer (arabe)"), blank=True)
    originals_deadline_days = models.PositiveSmallIntegerField(
        _("délai de dépôt des originaux (jours)"),
        null=True,
        blank=True,
        help_text=_("Nombre de jours après l'envoi de la demande."),
    )
    approval_threshold = models.DecimalField(
        _("seuil de double validation"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Au-delà de ce montant, un superviseur doit aussi approuver le dossier."),
    )
    currency = models.CharField(_("devise"), max_length=3, default=DEFAULT_CURRENCY)

    class Meta:
        verbose_name = _("prestation")
        verbose_name_plural = _("prestations")
        ordering = ["category__order", "order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approval_threshold__isnull=True) | Q(approval_threshold__gt=0),
                name="service_approval_threshold_positive",
            ),
            models.CheckConstraint(
                condition=Q(originals_deadline_days__isnull=True)
                | Q(originals_deadline_days__gt=0),
                name="service_originals_deadline_positive",
            ),
        ]

    @property
    def description(self) -> str:
        return in_language(self.description_fr, self.description_ar)

    @property
    def conditions(self) -> str:
        return in_language(self.conditions_fr, self.conditions_ar)

    @property
    def originals(self) -> list[str]:
        """The original documents to hand in, in the reader's language; empty if none."""
        return _lines(in_language(self.originals_fr, self.originals_ar))

    @property
    def ordered_steps(self) -> list[str]:
        return [step for step in Step.values if step in self.steps]

    def shows(self, step: str) -> bool:
        return step in self.steps

    def clean(self) -> None:
        errors: dict[str, list[StrOrPromise]] = {}
        has_originals = bool(self.originals_fr.strip() or self.originals_ar.strip())
        if has_originals != bool(self.originals_deadline_days):
            errors.setdefault("originals_deadline_days", []).append(
                _(
                    "Indiquez à la fois la liste des originaux et leur délai de dépôt, "
                    "ou aucun des deux."
                )
            )
        french, arabic = _lines(self.originals_fr), _lines(self.originals_ar)
        if french and arabic and len(french) != len(arabic):
            errors.setdefault("originals_ar", []).append(
                _("Les listes d'originaux en français et en arabe n'ont pas autant de lignes.")
            )
        if isinstance(self.steps, list) and self.pays_money and Step.RIB not in self.steps:
            errors.setdefault("steps", []).append(
                _("Une prestation qui donne lieu à un paiement doit faire confirmer le RIB.")
            )
        if errors:
            raise ValidationError(errors)


class Motive(BilingualName):
    service = models.ForeignKey(
        Service, verbose_name=_("prestation"), on_delete=models.CASCADE, related_name="motives"
    )
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("motif")
        verbose_name_plural = _("motifs")
        ordering = ["service", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "code"], name="motive_code_unique_per_service"
            )
        ]


class Campaign(BilingualName):
    """A window during which a service takes requests; optionally an invoice-date window."""

    service = models.ForeignKey(
        Service, verbose_name=_("prestation"), on_delete=models.CASCADE, related_name="campaigns"
    )
    key = models.SlugField(
        _("clé"),
        max_length=30,
        default="main",
        help_text=_("Distingue les campagnes d'une même année (par exemple summer, off-summer)."),
    )
    year = models.PositiveSmallIntegerField(
        _("année"),
        null=True,
        blank=True,
        help_text=_("Année à laquelle les demandes sont comptées."),
    )
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    invoice_date_from = models.DateField(_("factures datées du"), null=True, blank=True)
    invoice_date_to = models.DateField(_("factures datées jusqu'au"), null=True, blank=True)
    is_active = models.BooleanField(_("activée"), default=True)

    class Meta:
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        ordering = ["service", "-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="campaign_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(invoice_date_from__isnull=True, invoice_date_to__isnull=True)
                | Q(invoice_date_from__lte=F("invoice_date_to")),
                name="campaign_invoice_window_ordered",
            ),
            models.UniqueConstraint(
                fields=["service", "year", "key"], name="campaign_unique_per_service_year_key"
            ),
        ]

    def is_open(self, at: dt.datetime | None = None) -> bool:
        moment = at or timezone.now()
        return self.is_active and self.opens_at <= moment < self.closes_at

    @property
    def has_invoice_window(self) -> bool:
        return self.invoice_date_from is not None and self.invoice_date_to is not None

    def invoice_date_accepted(self, day: dt.date) -> bool:
        if self.invoice_date_from is None or self.invoice_date_to is None:
            return True
        return self.invoice_date_from <= day <= self.invoice_date_to

    def clean(self) -> None:
        errors: dict[str, list[StrOrPromise]] = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors.setdefault("closes_at", []).append(
                _("La clôture doit suivre l'ouverture de la campagne.")
            )
        if (self.invoice_date_from is None) != (self.invoice_date_to is None):
            errors.setdefault("invoice_date_to", []).append(
                _("Indiquez les deux bornes de la période de facturation, ou aucune.")
            )
        elif (
            self.invoice_date_from
            and self.invoice_date_to
            and self.invoice_date_to < self.invoice_date_from
        ):
            errors.setdefault("invoice_date_to", []).append(
                _("La fin de la période de facturation précède son début.")
            )
        if errors:
            raise ValidationError(errors)


class RequiredDocument(BilingualName):
    service = models.ForeignKey(
        Service, verbose_name=_("prestation"), on_delete=models.CASCADE, related_name="documents"
    )
    help_fr = models.TextField(_("aide (français)"), blank=True)
    help_ar = models.TextField(_("aide (arabe)"), blank=True)
    accepted_types = models.JSONField(
        _("types acceptés"),
        default=default_file_types,
        validators=[validate_file_types],
        help_text=_("Liste parmi : pdf, jpeg, png."),
    )
    max_size_mb = models.PositiveSmallIntegerField(
        _("taille maximale (Mo)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DOCUMENT_SIZE_MB)],
    )
    combined_pdf = models.BooleanField(
        _("un seul PDF"),
        default=False,
        help_text=_("Tous les justificatifs réunis dans un seul fichier PDF."),
    )
    is_required = models.BooleanField(_("obligatoire"), default=True)
    order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    class Meta:
        verbose_name = _("document demandé")
        verbose_name_plural = _("documents demandés")
        ordering = ["service", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_size_mb__gte=1, max_size_mb__lte=MAX_DOCUMENT_SIZE_MB),
                name="document_max_size_in_range",
            )
        ]

    @property
    def help(self) -> str:
        return in_language(self.help_fr, self.help_ar)

    def clean(self) -> None:
        if self.combined_pdf and self.accepted_types != [FileType.PDF]:
            raise ValidationError(
                {"accepted_types": _("Un document « un seul PDF » n'accepte que le type pdf.")}
            )


class Rule(models.Model):
    """One eligibility, beneficiary-filter or amount rule of a service, as a kind and parameters.

    A rule tied to a campaign (or a motive) replaces, for that campaign (or motive), the
    service's general rule of the same kind.
    """

    service = models.ForeignKey(
        Service, verbose_name=_("prestation"), on_delete=models.CASCADE, related_name="rules"
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campagne"),
        on_delete=models.CASCADE,
        related_name="rules",
        null=True,
        blank=True,
        help_text=_("Vide : la règle vaut pour toutes les campagnes."),
    )
    motive = models.ForeignKey(
        Motive,
        verbose_name=_("motif"),
        on_delete=models.CASCADE,
        related_name="rules",
        null=True,
        blank=True,
        help_text=_("Vide : la règle vaut pour tous les motifs."),
    )
    purpose = models.CharField(_("rôle"), max_length=12, choices=RulePurpose.choices)
    kind = models.CharField(_("type de règle"), max_length=50)
    params = models.JSONField(_("paramètres"), default=dict, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("activée"), default=True)
    message_fr = models.TextField(
        _("message de refus (français)"),
        blank=True,
        help_text=_("Remplace le message de refus standard du type de règle."),
    )
    message_ar = models.TextField(_("message de refus (arabe)"), blank=True)

    class Meta:
        verbose_name = _("règle")
        verbose_name_plural = _("règles")
        ordering = ["service", "purpose", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=RulePurpose.values), name="rule_purpose_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service.code} · {self.kind}"

    @property
    def message(self) -> str:
        return in_language(self.message_fr, self.message_ar)

    def get_kind(self) -> RuleKind:
        """The rule kind instance with parsed parameters; raises ValidationError if invalid.

        Parsed once per row as long as kind, purpose and parameters stay the same: a dashboard
        asks every rule of every service several times.
        """
        from catalog.rules.base import build_kind

        key = (self.kind, self.purpose, repr(self.params))
        cached = self.__dict__.get("_parsed_kind")
        if cached is not None and cached[0] == key:
            return cast("RuleKind", cached[1])
        kind = build_kind(self.kind, self.params, purpose=self.purpose, rule=self)
        self.__dict__["_parsed_kind"] = (key, kind)
        return kind

    def clean(self) -> None:
        errors: dict[str, list[StrOrPromise]] = {}
        campaign, motive = self.campaign, self.motive
        if campaign is not None and self.service_id and campaign.service_id != self.service_id:
            errors.setdefault("campaign", []).append(
                _("Cette campagne appartient à une autre prestation.")
            )
        if motive is not None and self.service_id and motive.service_id != self.service_id:
            errors.setdefault("motive", []).append(_("Ce motif appartient à une autre prestation."))
        try:
            self.get_kind()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)


class CatalogueRevision(models.Model):
    """One row whose number moves in the same transaction as every change of the catalogue
    (catalog/snapshot.py): what decides a request checks its copy of the catalogue against it
    in one query, instead of reading the service, its rules, motives and documents again."""

    number = models.BigIntegerField(_("révision"), default=0)

    class Meta:
        verbose_name = _("révision du catalogue")
        verbose_name_plural = _("révisions du catalogue")

    def __str__(self) -> str:
        return str(self.number)


def _day_in(year: int, month: int, day: int) -> dt.date:
    """The day of ``year``; 29 February becomes the 28th in a common year."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, month, day - 1)


def _valid_month_day(month: int | None, day: int | None) -> bool:
    if month is None or day is None:
        return False
    try:
        dt.date(2024, month, day)  # a leap year: 29 February is a valid bound
    except ValueError:
        return False
    return True


MONTH = [MinValueValidator(1), MaxValueValidator(12)]
DAY = [MinValueValidator(1), MaxValueValidator(31)]


class CampaignTemplate(BilingualName):
    """What a service's yearly campaign is, year after year: opened by a scheduled task.

    Bounds are month and day; a bound that does not follow the one before it falls in the next
    year (a campaign that opens on 1 January and closes on 1 January runs the whole year). The
    new campaign's name is the template's name followed by the year.
    """

    service = models.ForeignKey(
        Service,
        verbose_name=_("prestation"),
        on_delete=models.CASCADE,
        related_name="campaign_templates",
    )
    key = models.SlugField(
        _("clé"),
        max_length=30,
        default="main",
        help_text=_("Distingue les campagnes d'une même année (par exemple summer, off-summer)."),
    )
    opens_month = models.PositiveSmallIntegerField(_("mois d'ouverture"), validators=MONTH)
    opens_day = models.PositiveSmallIntegerField(_("jour d'ouverture"), validators=DAY)
    closes_month = models.PositiveSmallIntegerField(_("mois de clôture"), validators=MONTH)
    closes_day = models.PositiveSmallIntegerField(
        _("jour de clôture"),
        validators=DAY,
        help_text=_("Premier jour où les demandes ne sont plus reçues."),
    )
    invoice_from_month = models.PositiveSmallIntegerField(
        _("factures datées du (mois)"), null=True, blank=True, validators=MONTH
    )
    invoice_from_day = models.PositiveSmallIntegerField(
        _("factures datées du (jour)"), null=True, blank=True, validators=DAY
    )
    invoice_to_month = models.PositiveSmallIntegerField(
        _("factures datées jusqu'au (mois)"), null=True, blank=True, validators=MONTH
    )
    invoice_to_day = models.PositiveSmallIntegerField(
        _("factures datées jusqu'au (jour)"), null=True, blank=True, validators=DAY
    )
    is_active = models.BooleanField(
        _("ouverte chaque année"),
        default=True,
        help_text=_("Décochez pour ne plus ouvrir cette campagne les années suivantes."),
    )

    class Meta:
        verbose_name = _("modèle de campagne annuelle")
        verbose_name_plural = _("modèles de campagnes annuelles")
        ordering = ["service", "opens_month", "opens_day", "key"]
        constraints = [
            models.UniqueConstraint(fields=["service", "key"], name="template_unique_per_key"),
            models.CheckConstraint(
                condition=Q(
                    invoice_from_month__isnull=True,
                    invoice_from_day__isnull=True,
                    invoice_to_month__isnull=True,
                    invoice_to_day__isnull=True,
                )
                | Q(
                    invoice_from_month__isnull=False,
                    invoice_from_day__isnull=False,
                    invoice_to_month__isnull=False,
                    invoice_to_day__isnull=False,
                ),
                name="template_invoice_window_whole",
            ),
        ]

    @property
    def has_invoice_window(self) -> bool:
        return self.invoice_from_month is not None and self.invoice_from_day is not None

    def window(self, year: int) -> tuple[dt.date, dt.date]:
        """The opening day and the closing day (first day closed) of ``year``'s campaign."""
        opens = _day_in(year, self.opens_month, self.opens_day)
        closes = _day_in(year, self.closes_month, self.closes_day)
        if closes <= opens:
            closes = _day_in(year + 1, self.closes_month, self.closes_day)
        return opens, closes

    def invoice_window(self, year: int) -> tuple[dt.date | None, dt.date | None]:
        if (
            self.invoice_from_month is None
            or self.invoice_from_day is None
            or self.invoice_to_month is None
            or self.invoice_to_day is None
        ):
            return None, None
        start = _day_in(year, self.invoice_from_month, self.invoice_from_day)
        end = _day_in(year, self.invoice_to_month, self.invoice_to_day)
        if end < start:
            end = _day_in(year + 1, self.invoice_to_month, self.invoice_to_day)
        return start, end

    def clean(self) -> None:
        errors: dict[str, list[StrOrPromise]] = {}
        if not _valid_month_day(self.opens_month, self.opens_day):
            errors.setdefault("opens_day", []).append(_("Ce jour n'existe pas dans ce mois."))
        if not _valid_month_day(self.closes_month, self.closes_day):
            errors.setdefault("closes_day", []).append(_("Ce jour n'existe pas dans ce mois."))
        bounds = [
            self.invoice_from_month,
            self.invoice_from_day,
            self.invoice_to_month,
            self.invoice_to_day,
        ]
        if any(value is not None for value in bounds):
            if any(value is None for value in bounds):
                errors.setdefault("invoice_to_day", []).append(
                    _("Indiquez les deux bornes de la période de facturation, ou aucune.")
                )
            elif not _valid_month_day(
                self.invoice_from_month, self.invoice_from_day
            ) or not _valid_month_day(self.invoice_to_month, self.invoice_to_day):
                errors.setdefault("invoice_to_day", []).append(
                    _("Ce jour n'existe pas dans ce mois.")
                )
        if errors:
            raise ValidationError(errors)
