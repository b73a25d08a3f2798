from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in.

    Members log in with their matricule, which is their username, and are linked to their
    registry row; staff (agents, supervisors, administrators) have a username of their own and
    no registry row.
    """

    member = models.OneToOneField(
        "registry.Member",
        verbose_name=_("adhérent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="user",
    )
    preferred_language = models.CharField(
        _("langue préférée"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    @property
    def is_member(self) -> bool:
        return self.member_id is not None

    def __str__(self) -> str:
        if self.member is not None:
            return f"{self.member.full_name} ({self.username})"
        return self.get_full_name() or self.username
