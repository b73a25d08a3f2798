"""Payment batches ("lots de virements"): approved dossiers paid together by one bank transfer file.

Nothing here changes a state: ``payments.services`` does, one transaction per action, with an
audit row. A dossier sits in at most one batch that is not cancelled: the database refuses a
second (``payment_line_one_holding_batch_per_dossier``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fos.sequences import YearSequence
from payments.constants import BatchStatus

ZERO = Decimal("0.00")


class PaymentBatchSequence(YearSequence):
    """The last batch number given in a year; locked while a number is taken (no gap)."""

    year = models.PositiveSmallIntegerField(_("année"), unique=True)

    class Meta:
        verbose_name = _("numérotation des lots de virements")
        verbose_name_plural = _("numérotations des lots de virements")


class PaymentBatch(models.Model):
    reference = models.CharField(_("référence"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("année"))
    sequence = models.PositiveIntegerField(_("numéro d'ordre"))
    label = models.CharField(_("libellé"), max_length=120, blank=True)
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("prestation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_batches",
        help_text=_("Vide : le lot réunit des dossiers de plusieurs prestations."),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.DRAFT
    )
    total = models.DecimalField(_("montant total"), max_digits=14, decimal_places=2, default=ZERO)
    count = models.PositiveIntegerField(_("nombre de virements"), default=0)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    exported_at = models.DateTimeField(_("exporté le"), null=True, blank=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exporté par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    paid_on = models.DateField(_("date du virement"), null=True, blank=True)
    paid_at = models.DateTimeField(_("marqué payé le"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marqué payé par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("annulé par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancel_reason = models.TextField(_("motif de l'annulation"), blank=True)

    class Meta:
        verbose_name = _("lot de virements")
        verbose_name_plural = _("lots de virements")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="payment_batch_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="payment_batch_sequence_unique_per_year"
            ),
            models.CheckConstraint(
                condition=Q(status__in=BatchStatus.values), name="payment_batch_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0) & Q(count__gte=0), name="payment_batch_totals_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status=BatchStatus.PAID)
                | Q(paid_on__isnull=False, paid_at__isnull=False, exported_at__isnull=False),
                name="payment_batch_paid_once_exported",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_editable(self) -> bool:
        return self.status == BatchStatus.DRAFT


class PaymentLine(models.Model):
    """One transfer: a dossier's approved amount to the RIB it pays to, as they were when the
    dossier joined the batch (the file says exactly what the bank was asked to do)."""

    batch = models.ForeignKey(
        PaymentBatch, verbose_name=_("lot"), on_delete=models.PROTECT, related_name="lines"
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        on_delete=models.PROTECT,
        related_name="payment_lines",
    )
    # False once the batch is cancelled: the dossier is free for another batch, the line stays
    # as the record of what the cancelled batch held.
    holds_dossier = models.BooleanField(_("retient le dossier"), default=True)
    dossier_number = models.CharField(_("numéro du dossier"), max_length=40)
    beneficiary_name = models.CharField(_("bénéficiaire"), max_length=170)
    rib = models.CharField(_("RIB"), max_length=24)
    amount = models.DecimalField(_("montant"), max_digits=12, decimal_places=2)
    added_at = models.DateTimeField(_("ajouté le"), default=timezone.now)

    class Meta:
        verbose_name = _("virement")
        verbose_name_plural = _("virements")
        ordering = ["batch", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(holds_dossier=True),
                name="payment_line_one_holding_batch_per_dossier",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_line_amount_positive"),
            models.CheckConstraint(
                condition=Q(rib__regex=r"^[0-9]{24}$"), name="payment_line_rib_24_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_number} · {self.amount}"
