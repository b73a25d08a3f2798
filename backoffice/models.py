"""The back office's data: the audit trail, which agent handles which service, the alerts an
agent finds on the home page, and the list of reasons for rejecting a dossier.

Audit rows are only ever added (``backoffice.audit.record``); no page edits or deletes them, the
admin shows them read-only, and the model refuses to save an existing row or delete one.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.models import BilingualName


class AuditEntry(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=60)
    target_type = models.CharField(_("type d'objet"), max_length=60)
    target_id = models.CharField(_("identifiant de l'objet"), max_length=40)
    target_label = models.CharField(_("objet"), max_length=200)
    before = models.JSONField(_("avant"), default=dict, blank=True)
    after = models.JSONField(_("après"), default=dict, blank=True)
    reason = models.TextField(_("motif"), blank=True)
    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("action du personnel")
        verbose_name_plural = _("journal des actions du personnel")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(fields=["actor", "at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise PermissionError("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries are never deleted")

    def changed(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for each field whose value the action changed."""
        names = [*self.before, *(k for k in self.after if k not in self.before)]
        return [
            (name, self.before.get(name), self.after.get(name))
            for name in names
            if self.before.get(name) != self.after.get(name)
        ]


class AgentAssignment(models.Model):
    """An agent handles a service's dossiers. Supervisors and administrators need none: they
    see every service (``backoffice.access.is_supervisor``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.CASCADE,
        related_name="service_assignments",
    )
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("prestation"),
        on_delete=models.CASCADE,
        related_name="agent_assignments",
    )
    created_at = models.DateTimeField(_("affecté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("affectation d'un agent")
        verbose_name_plural = _("affectations des agents")
        ordering = ["user__username", "service__code"]
        constraints = [
            models.UniqueConstraint(fields=["user", "service"], name="agent_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.service}"


class AgentAlert(models.Model):
    """Something an agent must look at (a member answered their request for documents), shown
    on the back office's home page until the agent opens the dossier."""

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.CASCADE,
        related_name="backoffice_alerts",
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="agent_alerts",
    )
    message = models.CharField(_("message"), max_length=300)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("alerte d'un agent")
        verbose_name_plural = _("alertes des agents")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["agent", "-created_at"],
                condition=models.Q(read_at__isnull=True),
                name="agent_alert_unread_idx",
            ),
            models.Index(fields=["dossier", "agent"], name="agent_alert_dossier_idx"),
        ]

    def __str__(self) -> str:
        return self.message


class RejectionReason(BilingualName):
    """One of the reasons an agent picks when rejecting a dossier; the member reads it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)
    is_active = models.BooleanField(
        _("proposé"), default=True, help_text=_("Décochez plutôt que supprimer un motif utilisé.")
    )

    class Meta:
        verbose_name = _("motif de rejet")
        verbose_name_plural = _("motifs de rejet")
        ordering = ["order", "code"]
