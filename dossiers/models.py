"""A member's request for a service (a dossier), its attachments, its history and its numbering.

Nothing here changes a status: ``dossiers.services`` does, one transaction per change, checking
``constants.ALLOWED_TRANSITIONS`` and writing a ``DossierEvent``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalog.constants import BeneficiaryType
from dossiers.constants import OPEN_STATUSES, Actor, AttachmentRole, DossierStatus
from fos.sequences import YearSequence


class DossierQuerySet(models.QuerySet["Dossier"]):
    def submitted(self) -> DossierQuerySet:
        """Dossiers that were sent (they have a number), whatever became of them since."""
        return self.filter(number__isnull=False)

    def drafts(self) -> DossierQuerySet:
        return self.filter(status=DossierStatus.DRAFT)

    def awaiting_second_approval(self) -> DossierQuerySet:
        """Approved above the service's threshold; a supervisor has not confirmed them yet."""
        return self.filter(
            status=DossierStatus.APPROVED,
            second_approval_required=True,
            second_approved_by__isnull=True,
        )

    def payable(self) -> DossierQuerySet:
        """Approved with an amount to pay, and confirmed by a supervisor when the amount was
        above the service's approval threshold: what a payment batch may take."""
        return self.filter(
            Q(second_approval_required=False) | Q(second_approved_by__isnull=False),
            status=DossierStatus.APPROVED,
            approved_amount__gt=0,
        )


class Dossier(models.Model):
    member = models.ForeignKey(
        "registry.Member",
        db_index=False,  # Meta.indexes lead with it: one index less to write
        verbose_name=_("adhérent"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    service = models.ForeignKey(
        "catalog.Service",
        db_index=False,  # Meta.indexes lead with it: one index less to write
        verbose_name=_("prestation"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    campaign = models.ForeignKey(
        "catalog.Campaign",
        db_index=False,  # Meta.indexes lead with it: one index less to write
        verbose_name=_("campagne"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    beneficiary_type = models.CharField(
        _("personne concernée"),
        max_length=10,
        choices=BeneficiaryType.choices,
        default=BeneficiaryType.MEMBER,
    )
    spouse = models.ForeignKey(
        "registry.Spouse",
        verbose_name=_("conjoint"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
    )
    child = models.ForeignKey(
        "registry.Child",
        verbose_name=_("enfant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
    )
    motive = models.ForeignKey(
        "catalog.Motive",
        verbose_name=_("motif"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
    )
    declared_amount = models.DecimalField(
        _("montant déclaré"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Prix du billet, reste à charge, montant de la facture ou du prêt demandé."),
    )
    invoice_date = models.DateField(_("date de la facture"), null=True, blank=True)
    rib = models.CharField(_("RIB"), max_length=24, blank=True)
    personal_data = models.JSONField(
        _("données personnelles confirmées"),
        default=dict,
        blank=True,
        help_text=_("Copie, à l'envoi, des données que l'adhérent a confirmées."),
    )
    computed_amount = models.DecimalField(
        _("montant calculé"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    approved_amount = models.DecimalField(
        _("montant accordé"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=DossierStatus.choices, default=DossierStatus.DRAFT
    )
    number = models.CharField(_("numéro"), max_length=40, unique=True, null=True, blank=True)
    sequence = models.PositiveIntegerField(_("numéro d'ordre"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    submitted_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    member_answered_at = models.DateTimeField(
        _("réponse de l'adhérent le"),
        null=True,
        blank=True,
        help_text=_("Dernière réponse de l'adhérent à une demande de documents."),
    )
    idempotency_key = models.UUIDField(_("clé d'idempotence"), default=uuid.uuid4)
    originals_deadline = models.DateField(
        _("date limite de dépôt des originaux"), null=True, blank=True
    )
    wizard_step = models.CharField(_("étape en cours"), max_length=20, blank=True)
    draft_data = models.JSONField(_("brouillon"), default=dict, blank=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Augmente à chaque changement de statut : deux agents ne s'écrasent pas."),
    )
    needs_attention = models.BooleanField(
        _("à reprendre en priorité"),
        default=False,
        help_text=_(
            "L'adhérent a répondu à une demande de documents : le dossier est en tête de la "
            "file jusqu'à la prochaine décision d'un agent."
        ),
    )
    originals_received_at = models.DateTimeField(_("originaux reçus le"), null=True, blank=True)
    amount_overridden = models.BooleanField(
        _("montant modifié par l'agent"),
        default=False,
        help_text=_("Le montant accordé n'est pas celui que calculent les règles du service."),
    )
    second_approval_required = models.BooleanField(
        _("seconde validation requise"),
        default=False,
        help_text=_("Montant accordé au-delà du seuil du service : un superviseur doit valider."),
    )
    second_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("seconde validation par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    second_approved_at = models.DateTimeField(_("seconde validation le"), null=True, blank=True)

    objects = DossierQuerySet.as_manager()

    # Not a column: the event of the submission, left by dossiers.services when it sends the
    # dossier, so that the answer to the submission shows it without reading it back.
    submission_event: DossierEvent | None = None

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "service", "submitted_at"], name="dossier_queue_idx"),
            models.Index(fields=["member", "-created_at"], name="dossier_member_idx"),
            models.Index(fields=["campaign", "status"], name="dossier_campaign_idx"),
            # The back office's queue: a service, a status or the open ones, the dossiers the
            # member just answered first, then oldest first, read by keyset on (submitted_at, id)
            # (docs/decisions/backoffice-queue.md).
            models.Index(
                fields=["service", "status", "needs_attention", "submitted_at", "id"],
                name="dossier_queue_status_idx",
            ),
            models.Index(
                fields=["service", "needs_attention", "submitted_at", "id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="dossier_queue_open_idx",
            ),
            models.Index(
                fields=["service", "needs_attention", "submitted_at", "id"],
                condition=Q(submitted_at__isnull=False),
                name="dossier_queue_all_idx",
            ),
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(
                    status=DossierStatus.APPROVED,
                    second_approval_required=True,
                    second_approved_by__isnull=True,
                ),
                name="dossier_second_approval_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "idempotency_key"], name="dossier_idempotency_key_per_member"
            ),
            models.UniqueConstraint(
                fields=["service", "year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="dossier_sequence_unique_per_service_year",
            ),
            models.CheckConstraint(
                condition=Q(
                    beneficiary_type=BeneficiaryType.MEMBER, spouse__isnull=True, child__isnull=True
                )
                | Q(
                    beneficiary_type=BeneficiaryType.SPOUSE,
                    spouse__isnull=False,
                    child__isnull=True,
                )
                | Q(
                    beneficiary_type=BeneficiaryType.CHILD, spouse__isnull=True, child__isnull=False
                ),
                name="dossier_beneficiary_coherent",
            ),
            models.CheckConstraint(
                condition=Q(
                    number__isnull=True,
                    sequence__isnull=True,
                    status__in=[DossierStatus.DRAFT, DossierStatus.CANCELLED],
                )
                | (
                    Q(number__isnull=False, sequence__isnull=False, year__isnull=False)
                    & ~Q(status=DossierStatus.DRAFT)
                ),
                name="dossier_numbered_once_sent",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DossierStatus.values), name="dossier_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(declared_amount__isnull=True) | Q(declared_amount__gt=0))
                & (Q(computed_amount__isnull=True) | Q(computed_amount__gte=0))
                & (Q(approved_amount__isnull=True) | Q(approved_amount__gte=0)),
                name="dossier_amounts_positive",
            ),
            models.CheckConstraint(
                condition=Q(second_approval_required=True)
                | Q(second_approved_by__isnull=True, second_approved_at__isnull=True),
                name="dossier_second_approval_only_when_required",
            ),
        ]

    def __str__(self) -> str:
        return self.number or str(_("Brouillon n° %(pk)s") % {"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == DossierStatus.DRAFT

    @property
    def beneficiary_name(self) -> str:
        if self.beneficiary_type == BeneficiaryType.SPOUSE and self.spouse is not None:
            return self.spouse.full_name
        if self.beneficiary_type == BeneficiaryType.CHILD and self.child is not None:
            return self.child.display_name
        return self.member.full_name

    @property
    def beneficiary_names(self) -> tuple[str, str]:
        """(Nom, Prénom) of the person concerned, in the reader's language when known."""
        arabic = get_language() == "ar"
        member = self.member
        if self.beneficiary_type == BeneficiaryType.CHILD and self.child is not None:
            last = (arabic and member.last_name_ar) or member.last_name
            return last, (arabic and self.child.first_name_ar) or self.child.first_name
        person = (
            self.spouse
            if self.beneficiary_type == BeneficiaryType.SPOUSE and self.spouse is not None
            else member
        )
        return (
            (arabic and person.last_name_ar) or person.last_name,
            (arabic and person.first_name_ar) or person.first_name,
        )

    @property
    def amount(self) -> Decimal | None:
        """The amount granted once known, else the amount the rules computed."""
        return self.approved_amount if self.approved_amount is not None else self.computed_amount


class DossierSequence(YearSequence):
    """The last number given to a service's dossiers in a year; locked while a number is taken."""

    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("prestation"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("numérotation des dossiers")
        verbose_name_plural = _("numérotations des dossiers")
        constraints = [
            models.UniqueConstraint(fields=["service", "year"], name="dossier_sequence_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.service_id}/{self.year}: {self.last_value}"


class DossierAttachment(models.Model):
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="attachments"
    )
    role = models.CharField(
        _("rôle"),
        max_length=20,
        choices=AttachmentRole.choices,
        default=AttachmentRole.REQUIRED_DOCUMENT,
    )
    required_document = models.ForeignKey(
        "catalog.RequiredDocument",
        verbose_name=_("document demandé"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    document = models.ForeignKey(
        "documents.MemberDocument",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="dossier_attachments",
    )
    added_at = models.DateTimeField(_("ajouté le"), default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ajouté par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["dossier", "added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "required_document"],
                condition=Q(role=AttachmentRole.REQUIRED_DOCUMENT, required_document__isnull=False),
                name="dossier_attachment_one_per_required_document",
            ),
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(role=AttachmentRole.RIB_ATTESTATION),
                name="dossier_attachment_one_rib_attestation",
            ),
        ]

    def __str__(self) -> str:
        return str(self.document)


class DossierEvent(models.Model):
    """One change of status: who, when, from what, to what, and why. Never edited."""

    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="events",
        db_index=False,  # dossier_event_timeline_idx leads with it
    )
    from_status = models.CharField(
        _("statut précédent"), max_length=20, choices=DossierStatus.choices
    )
    to_status = models.CharField(_("nouveau statut"), max_length=20, choices=DossierStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossier_events",
    )
    actor_role = models.CharField(_("en qualité de"), max_length=12, choices=Actor.choices)
    at = models.DateTimeField(_("date"), default=timezone.now)
    reason = models.TextField(_("motif"), blank=True)
    details = models.JSONField(_("détails"), default=dict, blank=True)

    class Meta:
        verbose_name = _("événement de dossier")
        verbose_name_plural = _("historique des dossiers")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["dossier", "at"], name="dossier_event_timeline_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} · {self.from_status} → {self.to_status}"
