"""The outbox: every email is a row written in the same transaction as the action it reports.

An action therefore never fails because the mail server is down, and no email is lost: rows
wait, are retried with a growing delay, and leave once the server is back.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Abandonné")


class OutboundEmail(models.Model):
    template = models.CharField(_("modèle"), max_length=100)
    to = models.EmailField(_("destinataire"))
    language = models.CharField(_("langue"), max_length=8)
    subject = models.CharField(_("objet"), max_length=255)
    # The bodies may hold a single-use link: they are emptied once the email has left.
    text = models.TextField(_("texte"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("essais"), default=0)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("prochain essai"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    last_error = models.CharField(_("dernière erreur"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("courriel sortant")
        verbose_name_plural = _("courriels sortants")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
