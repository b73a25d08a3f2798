"""What a member asks to change in the registry, what changed, and who asks to become a member.

- ``ChangeRequest``: a change that affects entitlements (RIB, spouse, child), proposed by the
  member with supporting documents, decided by an agent; approval writes the registry.
- ``MemberDataChange``: every write to a member's registry data made through the portal, with
  the values before and after (contact data applied at once, approved requests, memberships).
- ``MembershipApplication``: a retiree or a seconded / placed-at-disposal person who applies to
  become a member, with files kept on the application itself (the applicant has no account).
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from documents.models import DocumentKind, MemberDocument
from membership.constants import (
    ApplicationFileRole,
    ApplicationStatus,
    ChangeKind,
    ChangeStatus,
    DataSource,
)
from registry.models import Child, Member, Position, Sex, Spouse
from registry.validators import validate_cin, validate_matricule, validate_pension_number

APPLICANT_POSITIONS = (Position.RETIRED, Position.SECONDED, Position.DISPOSAL)


def decision_constraints(prefix: str) -> list[models.CheckConstraint]:
    """A request an agent decides: a decision date once (and only once) it is no longer
    pending, and a reason when it is rejected. ``prefix`` keeps each model's constraint names."""
    return [
        models.CheckConstraint(
            condition=Q(status="pending", decided_at__isnull=True)
            | (~Q(status="pending") & Q(decided_at__isnull=False)),
            name=f"{prefix}_decided_iff_not_pending",
        ),
        models.CheckConstraint(
            condition=~Q(status="rejected") | ~Q(reason=""),
            name=f"{prefix}_rejection_has_reason",
        ),
    ]


class ChangeRequest(models.Model):
    member = models.ForeignKey(
        Member,
        verbose_name=_("adhérent"),
        on_delete=models.CASCADE,
        related_name="change_requests",
    )
    kind = models.CharField(_("objet"), max_length=20, choices=ChangeKind.choices)
    status = models.CharField(
        _("statut"), max_length=12, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    # The person concerned: given for a correction, set on approval for an addition.
    spouse = models.ForeignKey(
        Spouse,
        verbose_name=_("conjoint"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="change_requests",
    )
    child = models.ForeignKey(
        Child,
        verbose_name=_("enfant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="change_requests",
    )
    # What no two pending requests of a member may share: "rib", "spouse:12", "new-child:...".
    subject_key = models.CharField(_("clé de la personne concernée"), max_length=200)
    proposed = models.JSONField(_("valeurs proposées"), default=dict)
    before = models.JSONField(_("valeurs avant application"), default=dict, blank=True)
    after = models.JSONField(_("valeurs appliquées"), default=dict, blank=True)
    created_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("motif"), blank=True)

    class Meta:
        verbose_name = _("demande de modification")
        verbose_name_plural = _("demandes de modification")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="change_request_queue_idx"),
            models.Index(fields=["member", "-created_at"], name="change_request_member_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "subject_key"],
                condition=Q(status="pending"),
                name="change_request_one_pending_per_subject",
                violation_error_message=_(
                    "Une demande est déjà en attente pour cette personne ou ce RIB."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ChangeKind.values), name="change_request_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ChangeStatus.values), name="change_request_status_valid"
            ),
            *decision_constraints("change_request"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.get_kind_display()}"

    @property
    def reference(self) -> str:
        return f"MOD-{self.pk or 0:06d}"

    @property
    def is_pending(self) -> bool:
        return self.status == ChangeStatus.PENDING

    def subject_label(self) -> str:
        """The person or the item concerned, as the member and the agent read it."""
        if self.kind == ChangeKind.RIB:
            return str(_("RIB de l'adhérent"))
        data = self.proposed or {}
        arabic = get_language() == "ar"
        first = data.get("first_name_ar") if arabic and data.get("first_name_ar") else None
        first = first or data.get("first_name", "")
        if self.kind in (ChangeKind.ADD_SPOUSE, ChangeKind.UPDATE_SPOUSE):
            last = data.get("last_name_ar") if arabic and data.get("last_name_ar") else None
            return f"{first} {last or data.get('last_name', '')}".strip()
        return str(first)

    def document_usage_label(self) -> str:
        return f"{self.reference} · {self.get_kind_display()}"


class ChangeRequestDocument(models.Model):
    """A supporting document of a change request, in the role it plays there."""

    request = models.ForeignKey(
        ChangeRequest,
        verbose_name=_("demande"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    document = models.ForeignKey(
        MemberDocument,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="change_request_attachments",
    )
    role = models.CharField(_("pièce"), max_length=30, choices=DocumentKind.choices)

    class Meta:
        verbose_name = _("pièce justificative")
        verbose_name_plural = _("pièces justificatives")
        ordering = ["request", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "role"], name="change_request_one_document_per_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.document}"

    def document_usage_label(self) -> str:
        return self.request.document_usage_label()


class StatusEvent(models.Model):
    """A step in a request's history: when, by whom and why. A concrete subclass adds the
    request it belongs to and the statuses before and after, with their choices."""

    at = models.DateTimeField(_("date"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("motif"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class ChangeRequestEvent(StatusEvent):
    """The history of a change request: created, approved, rejected, withdrawn."""

    request = models.ForeignKey(
        ChangeRequest,
        verbose_name=_("demande"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    from_status = models.CharField(
        _("statut précédent"), max_length=12, choices=ChangeStatus.choices, blank=True
    )
    to_status = models.CharField(_("nouveau statut"), max_length=12, choices=ChangeStatus.choices)

    class Meta(StatusEvent.Meta):
        verbose_name = _("étape d'une demande de modification")
        verbose_name_plural = _("historique des demandes de modification")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} · {self.get_to_status_display()}"


class MemberDataChange(models.Model):
    """One write to a member's registry data through the portal, with before and after."""

    member = models.ForeignKey(
        Member,
        verbose_name=_("adhérent"),
        on_delete=models.CASCADE,
        related_name="data_changes",
    )
    at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("origine"), max_length=20, choices=DataSource.choices)
    subject = models.CharField(_("objet"), max_length=40, help_text="member, spouse:12, child:5")
    change_request = models.ForeignKey(
        ChangeRequest,
        verbose_name=_("demande de modification"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_changes",
    )
    # {field: [before, after]}, dates as ISO text, the photo as a document id.
    changes = models.JSONField(_("modifications"), default=dict)

    class Meta:
        verbose_name = _("modification des données d'un adhérent")
        verbose_name_plural = _("historique des données des adhérents")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} · {self.get_source_display()} · {self.subject}"


def application_file_path(instance: ApplicationFile, filename: str) -> str:
    """A random name in a folder of its own: the applicant's file name stays in the row only."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"membership-applications/{uuid.uuid4().hex}{suffix}"


class MembershipApplication(models.Model):
    reference = models.CharField(_("référence"), max_length=20, unique=True)
    code_hash = models.CharField(_("empreinte du code de suivi"), max_length=128)
    status = models.CharField(
        _("statut"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )
    matricule = models.CharField(_("matricule"), max_length=12, validators=[validate_matricule])
    cin = models.CharField(_("CIN"), max_length=10, validators=[validate_cin])
    position = models.CharField(
        _("position"),
        max_length=10,
        choices=[(p.value, p.label) for p in APPLICANT_POSITIONS],
    )
    pension_number = models.CharField(
        _("numéro de pension"), max_length=20, blank=True, validators=[validate_pension_number]
    )
    last_name = models.CharField(_("nom"), max_length=80)
    first_name = models.CharField(_("prénom"), max_length=80)
    last_name_ar = models.CharField(_("nom (arabe)"), max_length=80, blank=True)
    first_name_ar = models.CharField(_("prénom (arabe)"), max_length=80, blank=True)
    birth_date = models.DateField(_("date de naissance"))
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    email = models.EmailField(_("adresse électronique"))
    phone = models.CharField(_("téléphone"), max_length=20)
    language = models.CharField(_("langue"), max_length=8, choices=settings.LANGUAGES, default="fr")
    # The registry row whose matricule and CIN the applicant gave, when there is one.
    member = models.ForeignKey(
        Member,
        verbose_name=_("fiche du registre"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membership_applications",
    )
    submitted_at = models.DateTimeField(_("déposée le"), default=timezone.now)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("motif"), blank=True)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("demande d'adhésion")
        verbose_name_plural = _("demandes d'adhésion")
        ordering = ["submitted_at", "id"]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="application_queue_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["matricule"],
                condition=Q(status="pending"),
                name="application_one_pending_per_matricule",
                violation_error_message=_(
                    "Une demande d'adhésion est déjà en cours d'examen pour ce matricule."
                ),
            ),
            models.CheckConstraint(
                condition=Q(position__in=[p.value for p in APPLICANT_POSITIONS]),
                name="application_position_not_active",
            ),
            models.CheckConstraint(
                condition=~Q(position="retired") | ~Q(pension_number=""),
                name="application_retired_has_pension_number",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="application_status_valid",
            ),
            *decision_constraints("application"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        if get_language() == "ar" and self.last_name_ar:
            return f"{self.first_name_ar} {self.last_name_ar}".strip()
        return f"{self.first_name} {self.last_name}"

    @property
    def is_pending(self) -> bool:
        return self.status == ApplicationStatus.PENDING


class ApplicationFile(models.Model):
    """A document sent with a membership application, in private storage under a random name."""

    application = models.ForeignKey(
        MembershipApplication,
        verbose_name=_("demande d'adhésion"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    role = models.CharField(_("pièce"), max_length=20, choices=ApplicationFileRole.choices)
    file = models.FileField(_("fichier"), upload_to=application_file_path, max_length=255)
    original_name = models.CharField(_("nom d'origine"), max_length=255)
    content_type = models.CharField(_("type de contenu"), max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("pièce d'une demande d'adhésion")
        verbose_name_plural = _("pièces des demandes d'adhésion")
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "role"], name="application_one_file_per_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.original_name}"


class ApplicationEvent(StatusEvent):
    application = models.ForeignKey(
        MembershipApplication,
        verbose_name=_("demande d'adhésion"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    from_status = models.CharField(
        _("statut précédent"), max_length=12, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("nouveau statut"), max_length=12, choices=ApplicationStatus.choices
    )

    class Meta(StatusEvent.Meta):
        verbose_name = _("étape d'une demande d'adhésion")
        verbose_name_plural = _("historique des demandes d'adhésion")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} · {self.get_to_status_display()}"
