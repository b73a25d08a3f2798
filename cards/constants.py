"""A card's states, the reasons the portal itself gives when it ends one, and the token salts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CardStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Révoquée")
    REPLACED = "replaced", _("Remplacée")


class CardEventKind(models.TextChoices):
    ISSUED = "issued", _("Délivrée")
    REVOKED = "revoked", _("Révoquée")
    REPLACED = "replaced", _("Remplacée")


class Verdict(models.TextChoices):
    """What a partner is told about a card or an attestation."""

    VALID = "valid", _("Valide")
    EXPIRED = "expired", _("Expirée")
    REVOKED = "revoked", _("Révoquée")
    INVALID = "invalid", _("Invalide")


class AttestationKind(models.TextChoices):
    MEMBERSHIP = "membership", _("Attestation d'adhésion")
    YEARLY_STATEMENT = "yearly_statement", _("Relevé annuel des prestations")


# Reasons the portal writes itself; an agent's reason is free text.
REASON_REPLACED = "replaced"
REASON_DECEASED = "deceased"
REASON_MEMBERSHIP_ENDED = "membership_ended"
AUTOMATIC_REASONS = {
    REASON_REPLACED: _("Remplacée par une nouvelle carte"),
    REASON_DECEASED: _("Adhérent décédé"),
    REASON_MEMBERSHIP_ENDED: _("Adhésion terminée"),
}

# One salt per kind of signed link: a card token can never pass for an attestation token.
CARD_TOKEN_SALT = "fos.cards.verify-card"  # noqa: S105 - a salt, not a secret
ATTESTATION_TOKEN_SALT = "fos.cards.verify-attestation"  # noqa: S105 - a salt, not a secret

CARD_NUMBER_PREFIX = "FOS"
ATTESTATION_NUMBER_PREFIX = "ATT"

# How a PDF template names one of the project's static files (cards.pdf.PortalUrlFetcher).
PDF_STATIC_SCHEME = "fos-static:"
