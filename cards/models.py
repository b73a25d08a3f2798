"""Member cards, their history, the attestations issued, and the numbering of both.

Nothing here changes a card: ``cards.services`` does, one transaction per change, writing a
``CardEvent``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cards.constants import AUTOMATIC_REASONS, AttestationKind, CardEventKind, CardStatus
from fos.sequences import YearSequence


class NumberSequence(YearSequence):
    """The last number given in a year to cards (FOS) or attestations (ATT); locked while a
    number is taken, so numbers have no gap: a rolled-back issue gives its number back."""

    prefix = models.CharField(_("préfixe"), max_length=10)

    class Meta:
        verbose_name = _("numérotation")
        verbose_name_plural = _("numérotations")
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="cards_sequence_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_value}"


class MemberCard(models.Model):
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("adhérent"),
        on_delete=models.PROTECT,
        related_name="cards",
    )
    number = models.CharField(_("numéro"), max_length=20, unique=True)
    issued_at = models.DateTimeField(_("délivrée le"), default=timezone.now)
    valid_until = models.DateField(_("valable jusqu'au"))
    status = models.CharField(
        _("état"), max_length=10, choices=CardStatus.choices, default=CardStatus.ACTIVE
    )
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)
    revocation_reason = models.CharField(_("motif de révocation"), max_length=200, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("remplace la carte"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )

    class Meta:
        verbose_name = _("carte d'adhérent")
        verbose_name_plural = _("cartes d'adhérent")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="active"),
                name="card_one_active_per_member",
            ),
            models.CheckConstraint(
                condition=Q(status__in=CardStatus.values), name="card_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="active", revoked_at__isnull=True)
                | (~Q(status="active") & Q(revoked_at__isnull=False)),
                name="card_revoked_at_iff_not_active",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_active(self) -> bool:
        return self.status == CardStatus.ACTIVE

    def is_expired(self, on: dt.date | None = None) -> bool:
        return self.valid_until < (on or timezone.localdate())

    @property
    def reason_label(self) -> str:
        return str(AUTOMATIC_REASONS.get(self.revocation_reason, self.revocation_reason))


class CardEvent(models.Model):
    """The history of a card: who issued, replaced or revoked it, when and why."""

    card = models.ForeignKey(
        MemberCard, verbose_name=_("carte"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("événement"), max_length=10, choices=CardEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Vide quand le portail agit seul (décès reçu du registre)."),
    )
    reason = models.CharField(_("motif"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("événement de carte")
        verbose_name_plural = _("historique des cartes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.card_id} · {self.get_kind_display()}"


class AttestationIssued(models.Model):
    """One attestation the portal made: its number and QR code point back to this row."""

    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("adhérent"),
        on_delete=models.PROTECT,
        related_name="attestations",
    )
    kind = models.CharField(
        _("type de document"),
        max_length=20,
        choices=AttestationKind.choices,
        default=AttestationKind.MEMBERSHIP,
    )
    number = models.CharField(_("numéro"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(
        _("année concernée"),
        null=True,
        blank=True,
        help_text=_("L'année que couvre un relevé annuel des prestations ; vide sinon."),
    )
    issued_at = models.DateTimeField(_("délivrée le"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attestation délivrée")
        verbose_name_plural = _("attestations délivrées")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.number
