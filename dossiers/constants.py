"""A dossier's states, and the one table of the transitions allowed between them and by whom.

``services.transition`` checks every change against ``ALLOWED_TRANSITIONS``; nothing else
changes a dossier's status (docs/decisions/dossier-states-and-numbering.md).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Envoyée")
    IN_REVIEW = "in_review", _("En cours d'étude")
    DOCUMENTS_REQUESTED = "documents_requested", _("Documents demandés")
    ORIGINALS_AWAITED = "originals_awaited", _("Originaux attendus")
    APPROVED = "approved", _("Acceptée")
    PAID = "paid", _("Payée")
    REJECTED = "rejected", _("Rejetée")
    CANCELLED = "cancelled", _("Annulée")


class Actor(models.TextChoices):
    """Who acts: the member who owns the dossier, foundation staff, or the portal itself."""

    MEMBER = "member", _("Adhérent")
    AGENT = "agent", _("Agent")
    SUPERVISOR = "supervisor", _("Superviseur")
    SYSTEM = "system", _("Système")


class AttachmentRole(models.TextChoices):
    REQUIRED_DOCUMENT = "required_document", _("Document demandé")
    RIB_ATTESTATION = "rib_attestation", _("Attestation de RIB ou spécimen de chèque")
    ANSWER = "answer", _("Complément demandé par la Fondation")


S = DossierStatus
MEMBER = frozenset({Actor.MEMBER})
STAFF = frozenset({Actor.AGENT, Actor.SUPERVISOR})
SUPERVISOR = frozenset({Actor.SUPERVISOR})
PAYMENT = frozenset({Actor.AGENT, Actor.SUPERVISOR, Actor.SYSTEM})
MEMBER_OR_SYSTEM = frozenset({Actor.MEMBER, Actor.SYSTEM})

# from status -> {to status: who may make that change}
ALLOWED_TRANSITIONS: dict[DossierStatus, dict[DossierStatus, frozenset[Actor]]] = {
    S.DRAFT: {
        S.SUBMITTED: MEMBER,  # "Terminer", only through services.submit_dossier
        S.CANCELLED: MEMBER,  # the member discards the draft
    },
    S.SUBMITTED: {
        S.IN_REVIEW: STAFF,  # an agent takes the dossier
        S.CANCELLED: MEMBER,  # allowed only before review
    },
    S.IN_REVIEW: {
        S.DOCUMENTS_REQUESTED: STAFF,
        S.ORIGINALS_AWAITED: STAFF,
        S.APPROVED: STAFF,
        S.REJECTED: STAFF,
    },
    S.DOCUMENTS_REQUESTED: {
        S.IN_REVIEW: MEMBER_OR_SYSTEM,  # the member answers (services.answer_documents_request)
        S.REJECTED: STAFF,
    },
    S.ORIGINALS_AWAITED: {
        S.IN_REVIEW: STAFF,  # originals received, study goes on
        S.APPROVED: STAFF,  # originals received and the dossier approved at once
        S.REJECTED: STAFF,
    },
    S.APPROVED: {
        S.PAID: PAYMENT,  # the payment batch is marked paid
        S.IN_REVIEW: SUPERVISOR,  # reopen before payment
    },
    S.REJECTED: {
        S.IN_REVIEW: SUPERVISOR,  # reopen
    },
    S.PAID: {},
    S.CANCELLED: {},
}

# Statuses whose dossiers count in the member's history (quotas, ceilings, one per campaign).
COUNTED_STATUSES = frozenset(set(DossierStatus) - {S.DRAFT, S.REJECTED, S.CANCELLED})
# Statuses an agent still has to act on: the back office's default queue (its partial index).
OPEN_STATUSES = (S.SUBMITTED, S.IN_REVIEW, S.DOCUMENTS_REQUESTED, S.ORIGINALS_AWAITED)
# Statuses in which the foundation granted the request (years granted, e.g. excellence grant).
GRANTED_STATUSES = frozenset({S.APPROVED, S.PAID})
# The member may still cancel.
CANCELLABLE_BY_MEMBER = frozenset(
    status
    for status, targets in ALLOWED_TRANSITIONS.items()
    if targets.get(S.CANCELLED, frozenset()) >= MEMBER
)


def allowed_targets(status: str) -> dict[DossierStatus, frozenset[Actor]]:
    return ALLOWED_TRANSITIONS.get(DossierStatus(status), {})


def may_transition(status: str, to: str, actor: Actor) -> bool:
    return actor in allowed_targets(status).get(DossierStatus(to), frozenset())


# What the member's email says of each new status (the agent's reason follows, if any).
MEMBER_NOTICES: dict[DossierStatus, StrOrPromise] = {
    S.SUBMITTED: _("Votre dossier a été créé et envoyé à la Fondation."),
    S.IN_REVIEW: _("Votre dossier est à l'étude."),
    S.DOCUMENTS_REQUESTED: _(
        "La Fondation vous demande des documents : répondez depuis la page du dossier."
    ),
    S.ORIGINALS_AWAITED: _(
        "Déposez les documents originaux à la Fondation pour que l'étude se poursuive."
    ),
    S.APPROVED: _("Votre demande a été acceptée."),
    S.PAID: _("Le montant de votre dossier a été versé sur votre compte."),
    S.REJECTED: _("Votre demande a été rejetée."),
    S.CANCELLED: _("Votre dossier a été annulé."),
}
