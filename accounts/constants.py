"""Kinds of account events and of single-use links."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    REGISTRATION_REQUESTED = "registration_requested", _("Inscription demandée")
    RESET_REQUESTED = "reset_requested", _("Mot de passe oublié demandé")
    LINK_SENT = "link_sent", _("Lien envoyé")
    LINK_REJECTED = "link_rejected", _("Lien refusé (expiré ou déjà utilisé)")
    ACTIVATED = "activated", _("Compte activé")
    LOGIN_SUCCEEDED = "login_succeeded", _("Connexion réussie")
    LOGIN_FAILED = "login_failed", _("Échec de connexion")
    LOCKED_OUT = "locked_out", _("Blocage après échecs répétés")
    UNLOCKED = "unlocked", _("Déblocage par un administrateur")
    LOGGED_OUT = "logged_out", _("Déconnexion")
    PASSWORD_CHANGED = "password_changed", _("Mot de passe modifié")
    PASSWORD_RESET = "password_reset", _("Mot de passe réinitialisé par lien")
    TERMS_ACCEPTED = "terms_accepted", _("Conditions générales acceptées")
    OTP_ENABLED = "otp_enabled", _("Double authentification activée")
    OTP_DISABLED = "otp_disabled", _("Double authentification désactivée")
    OTP_FAILED = "otp_failed", _("Code de double authentification refusé")
    API_TOKEN_ISSUED = "api_token_issued", _("Jeton d'API délivré")
    API_TOKEN_REVOKED = "api_token_revoked", _("Jeton d'API révoqué")
    EMAIL_CHANGE_REQUESTED = "email_change_requested", _("Changement d'adresse demandé")
    EMAIL_CHANGED = "email_changed", _("Adresse électronique modifiée")
    LINK_LIMITED = "link_limited", _("Lien refusé : trop de demandes pour ce compte")
    ATTACK_NOTICE_SENT = "attack_notice_sent", _("Avertissement d'échecs de connexion envoyé")


class LinkPurpose(models.TextChoices):
    ACTIVATION = "activation", _("Activation du compte")
    RESET = "reset", _("Réinitialisation du mot de passe")
    EMAIL_CHANGE = "email_change", _("Confirmation d'une nouvelle adresse")


class RequestOutcome(models.TextChoices):
    """Why a registration or reset request did or did not send a link (audit only, never shown)."""

    MATCH = "match", _("Concordance")
    UNKNOWN_MATRICULE = "unknown_matricule", _("Matricule inconnu")
    CIN_MISMATCH = "cin_mismatch", _("CIN différent")
    POSITION_MISMATCH = "position_mismatch", _("Position différente")
    PENSION_MISMATCH = "pension_mismatch", _("Numéro de pension différent")
    DECEASED = "deceased", _("Adhérent décédé")
    ACCOUNT_DISABLED = "account_disabled", _("Compte désactivé")
    NO_ACCOUNT = "no_account", _("Aucun compte")
    NO_EMAIL = "no_email", _("Aucune adresse électronique")
    STAFF_ACCOUNT = "staff_account", _("Compte du personnel")
    EMAIL_MISMATCH = "email_mismatch", _("Adresse différente de celle du registre")
    SENT_TO_ADDRESS_ON_FILE = "sent_to_address_on_file", _("Envoyé à l'adresse enregistrée")
    TOO_MANY_LINKS = "too_many_links", _("Trop de liens envoyés à ce compte")


class ApiErrorCode(models.TextChoices):
    """The ``code`` of a 403 answer from an API gate, for the mobile app to act on."""

    OTP_REQUIRED = "otp_required", _("Double authentification requise")
    TERMS_NOT_ACCEPTED = "terms_not_accepted", _("Conditions générales à accepter")
    PASSWORD_CHANGE_REQUIRED = "password_change_required", _("Mot de passe à changer")
    MEMBER_ONLY = "member_only", _("Réservé aux adhérents")
