from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken

from accounts.constants import EventKind, LinkPurpose


# django-stubs cannot resolve the reverse manager knox's abstract token model names.
class User(AbstractUser):  # type: ignore[django-manager-missing]
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
    must_change_password = models.BooleanField(
        _("doit changer son mot de passe"),
        default=False,
        help_text=_("Le mot de passe devra être changé à la prochaine connexion."),
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


class AccountLink(models.Model):
    """A single-use link emailed to set a password; only the token's SHA-256 is stored."""

    user = models.ForeignKey(
        User, verbose_name=_("utilisateur"), on_delete=models.CASCADE, related_name="links"
    )
    purpose = models.CharField(_("objet"), max_length=12, choices=LinkPurpose.choices)
    token_hash = models.CharField(_("empreinte du jeton"), max_length=64, unique=True)
    email = models.EmailField(_("adresse d'envoi"))
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    used_at = models.DateTimeField(_("utilisé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("lien d'accès au compte")
        verbose_name_plural = _("liens d'accès au compte")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.user.username}"

    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


class ApiToken(AbstractAuthToken):
    """One API token per sign-in of a device (django-rest-knox; only the token's hash is kept).

    knox's own model, with what "Mes appareils connectés" shows: the device's name and when it
    was last used. ``expiry`` is the idle limit, pushed forward as the token is used, never past
    ``created`` plus the absolute lifetime (docs/decisions/api-tokens.md).
    """

    device = models.CharField(_("appareil"), max_length=120, blank=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)

    class Meta:
        verbose_name = _("appareil connecté")
        verbose_name_plural = _("appareils connectés")
        ordering = ["-created"]

    @property
    def public_id(self) -> str:
        """How the member's pages and the API name the token: never the token, never a
        prefix of it; the start of its SHA-512 digest, unique enough within one account."""
        return self.digest[:PUBLIC_ID_LENGTH]

    def __str__(self) -> str:
        return f"{self.device or '—'} · {self.user_id}"


PUBLIC_ID_LENGTH = 20


class AccountEvent(models.Model):
    """The audit trail of account events; never holds a password or a token."""

    user = models.ForeignKey(
        User,
        verbose_name=_("utilisateur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account_events",
    )
    matricule = models.CharField(_("matricule ou identifiant saisi"), max_length=150, blank=True)
    kind = models.CharField(_("événement"), max_length=30, choices=EventKind.choices)
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    user_agent = models.CharField(_("navigateur"), max_length=300, blank=True)
    details = models.JSONField(_("détails"), default=dict, blank=True)

    class Meta:
        verbose_name = _("événement de compte")
        verbose_name_plural = _("journal des comptes")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["matricule", "-created_at"], name="account_event_matricule_idx"),
            models.Index(fields=["kind", "-created_at"], name="account_event_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} · {self.get_kind_display()} · {self.matricule}"


class TermsVersionQuerySet(models.QuerySet["TermsVersion"]):
    def published(self) -> TermsVersionQuerySet:
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())


class TermsVersion(models.Model):
    """One version of the terms of use ("conditions générales d'utilisation", "charte")."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    title_fr = models.CharField(_("titre (français)"), max_length=200)
    title_ar = models.CharField(_("titre (arabe)"), max_length=200)
    body_fr = models.TextField(_("texte (français)"))
    body_ar = models.TextField(_("texte (arabe)"))
    published_at = models.DateTimeField(
        _("publiée le"),
        null=True,
        blank=True,
        help_text=_(
            "Vide tant que la version est un brouillon. Dès sa publication, chaque adhérent "
            "doit l'accepter avant de continuer."
        ),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects: ClassVar[TermsVersionQuerySet] = TermsVersionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("version des conditions générales")
        verbose_name_plural = _("conditions générales d'utilisation")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version} · {self.title}"

    @classmethod
    def current(cls) -> TermsVersion | None:
        return cls.objects.published().order_by("-version").first()

    @property
    def title(self) -> str:
        return self.title_ar if get_language() == "ar" and self.title_ar else self.title_fr

    @property
    def body(self) -> str:
        return self.body_ar if get_language() == "ar" and self.body_ar else self.body_fr


class TermsAcceptance(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("utilisateur"), on_delete=models.CASCADE, related_name="acceptances"
    )
    version = models.ForeignKey(
        TermsVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="acceptances",
    )
    accepted_at = models.DateTimeField(_("acceptée le"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("acceptation des conditions générales")
        verbose_name_plural = _("acceptations des conditions générales")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="terms_accepted_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user.username} · v{self.version.version}"


def has_accepted_current_terms(user: User) -> bool:
    """True when no terms are published, or the user accepted the latest published version."""
    current = TermsVersion.current()
    if current is None:
        return True
    return TermsAcceptance.objects.filter(user=user, version=current).exists()
