"""The digital mail desk ("bureau d'ordre digital"): letters from members and visitors, their
thread of messages, their attachments and their history.

A letter's sender is a member (the registry row and the account that sent it) or a visitor
who gave a name and an email address. The sender's identity is copied on the letter as it was
given on the day, as on a paper letter; the mail desk searches it there.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from correspondence.constants import (
    BODY_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    Actor,
    EventKind,
    LetterStatus,
    SenderKind,
)
from fos.sequences import YearSequence


class LetterSequence(YearSequence):
    """The last number given to a year's letters; locked while a number is taken."""

    year = models.PositiveSmallIntegerField(_("année"), unique=True)

    class Meta:
        verbose_name = _("numérotation du courrier")
        verbose_name_plural = _("numérotations du courrier")


class Letter(models.Model):
    reference = models.CharField(_("référence"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("année"))
    number = models.PositiveIntegerField(_("numéro d'ordre"))
    sender_kind = models.CharField(_("expéditeur"), max_length=10, choices=SenderKind.choices)
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("adhérent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    sender_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte expéditeur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sent_letters",
    )
    sender_name = models.CharField(_("nom et prénom"), max_length=150)
    sender_cin = models.CharField(_("CIN"), max_length=10, blank=True)
    sender_email = models.EmailField(_("adresse électronique"), blank=True)
    sender_phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    language = models.CharField(_("langue"), max_length=8, choices=settings.LANGUAGES, default="fr")
    subject = models.CharField(_("objet"), max_length=SUBJECT_MAX_LENGTH)
    body = models.TextField(_("texte"), max_length=BODY_MAX_LENGTH)
    status = models.CharField(
        _("statut"), max_length=10, choices=LetterStatus.choices, default=LetterStatus.RECEIVED
    )
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service destinataire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent chargé"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_letters",
    )
    # Visitors follow their letter with the reference and this code; only its hash is kept.
    access_code_hash = models.CharField(_("empreinte du code d'accès"), max_length=128, blank=True)
    received_at = models.DateTimeField(_("reçu le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)

    class Meta:
        verbose_name = _("courrier")
        verbose_name_plural = _("courriers")
        ordering = ["received_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="letter_number_per_year"),
            models.CheckConstraint(
                condition=(
                    Q(sender_kind=SenderKind.MEMBER, member__isnull=False)
                    | (
                        Q(sender_kind=SenderKind.VISITOR, member__isnull=True)
                        & ~Q(sender_email="")
                        & ~Q(access_code_hash="")
                    )
                ),
                name="letter_sender_is_member_or_visitor",
            ),
            models.CheckConstraint(
                condition=Q(status__in=LetterStatus.values), name="letter_status_known"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "received_at"], name="letter_status_idx"),
            models.Index(fields=["member", "-received_at"], name="letter_member_idx"),
            models.Index(fields=["service", "status"], name="letter_service_idx"),
            models.Index(fields=["assigned_to", "status"], name="letter_assigned_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.subject}"

    @property
    def is_closed(self) -> bool:
        return self.status == LetterStatus.CLOSED

    @property
    def is_from_visitor(self) -> bool:
        return self.sender_kind == SenderKind.VISITOR


class LetterMessage(models.Model):
    """A message of the thread after the letter itself: the sender's follow-ups, the answers,
    and the agents' internal notes, which the sender never sees."""

    letter = models.ForeignKey(
        Letter, verbose_name=_("courrier"), on_delete=models.CASCADE, related_name="messages"
    )
    author_role = models.CharField(_("auteur"), max_length=10, choices=Actor.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte de l'auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("texte"), max_length=BODY_MAX_LENGTH)
    is_internal = models.BooleanField(
        _("note interne"),
        default=False,
        help_text=_("Visible des seuls agents ; jamais montrée ni envoyée à l'expéditeur."),
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_internal=False) | ~Q(author_role=Actor.SENDER),
                name="letter_note_by_staff_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.letter_id} · {self.get_author_role_display()} · {self.created_at:%Y-%m-%d}"

    @property
    def is_from_sender(self) -> bool:
        return self.author_role == Actor.SENDER


def attachment_path(instance: LetterAttachment, filename: str) -> str:
    """A random name: the sender's file name is kept in the row only, never used as a path."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"mail/{timezone.localdate().year}/{uuid.uuid4().hex}{suffix}"


class LetterAttachment(models.Model):
    letter = models.ForeignKey(
        Letter, verbose_name=_("courrier"), on_delete=models.CASCADE, related_name="attachments"
    )
    message = models.ForeignKey(
        LetterMessage,
        verbose_name=_("message"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
        help_text=_("Vide pour les pièces jointes du courrier lui-même."),
    )
    file = models.FileField(_("fichier"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("nom d'origine"), max_length=255)
    content_type = models.CharField(_("type de contenu"), max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    page_count = models.PositiveIntegerField(_("nombre de pages"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("déposé le"), default=timezone.now)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class LetterEvent(models.Model):
    """The history of a letter: who did what, when, and the status before and after."""

    letter = models.ForeignKey(
        Letter, verbose_name=_("courrier"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("événement"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_role = models.CharField(_("rôle"), max_length=10, choices=Actor.choices)
    from_status = models.CharField(
        _("statut avant"), max_length=10, choices=LetterStatus.choices, blank=True
    )
    to_status = models.CharField(_("statut après"), max_length=10, choices=LetterStatus.choices)
    message = models.ForeignKey(
        LetterMessage,
        verbose_name=_("message"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("date"), default=timezone.now)
    details = models.JSONField(_("détails"), default=dict, blank=True)

    class Meta:
        verbose_name = _("événement du courrier")
        verbose_name_plural = _("historique du courrier")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["letter", "at"], name="letter_event_idx")]

    def __str__(self) -> str:
        return f"{self.letter_id} · {self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"
