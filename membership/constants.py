"""States of change requests and membership applications, and who may move them.

A transition not in these tables raises; every one is recorded with actor, time and reason.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.models import DocumentKind

# The limits per address of the public membership pages (fos.ratelimit): the settings that
# hold them.
APPLY_RATE = "MEMBERSHIP_APPLY_RATE"  # applications sent
FOLLOW_RATE = "MEMBERSHIP_FOLLOW_RATE"  # wrong reference or code given
RATE_SETTINGS = (APPLY_RATE, FOLLOW_RATE)


class ChangeKind(models.TextChoices):
    RIB = "rib", _("Changement de RIB")
    ADD_SPOUSE = "add_spouse", _("Ajout d'un conjoint")
    UPDATE_SPOUSE = "update_spouse", _("Correction d'un conjoint")
    ADD_CHILD = "add_child", _("Ajout d'un enfant")
    UPDATE_CHILD = "update_child", _("Correction d'un enfant")


SPOUSE_KINDS = frozenset({ChangeKind.ADD_SPOUSE, ChangeKind.UPDATE_SPOUSE})
CHILD_KINDS = frozenset({ChangeKind.ADD_CHILD, ChangeKind.UPDATE_CHILD})
UPDATE_KINDS = frozenset({ChangeKind.UPDATE_SPOUSE, ChangeKind.UPDATE_CHILD})


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    APPROVED = "approved", _("Acceptée")
    REJECTED = "rejected", _("Rejetée")
    WITHDRAWN = "withdrawn", _("Retirée")


class Actor(models.TextChoices):
    MEMBER = "member", _("Adhérent")
    APPLICANT = "applicant", _("Demandeur")
    STAFF = "staff", _("Agent")


# from status -> {to status: who may make that change}
CHANGE_TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    ChangeStatus.PENDING: {
        ChangeStatus.APPROVED: frozenset({Actor.STAFF}),
        ChangeStatus.REJECTED: frozenset({Actor.STAFF}),
        ChangeStatus.WITHDRAWN: frozenset({Actor.MEMBER}),
    },
    ChangeStatus.APPROVED: {},
    ChangeStatus.REJECTED: {},
    ChangeStatus.WITHDRAWN: {},
}


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("En cours d'examen")
    APPROVED = "approved", _("Acceptée")
    REJECTED = "rejected", _("Rejetée")


APPLICATION_TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    ApplicationStatus.PENDING: {
        ApplicationStatus.APPROVED: frozenset({Actor.STAFF}),
        ApplicationStatus.REJECTED: frozenset({Actor.STAFF}),
    },
    ApplicationStatus.APPROVED: {},
    ApplicationStatus.REJECTED: {},
}


def may_transition(
    table: dict[str, dict[str, frozenset[str]]], src: str, dst: str, actor: str
) -> bool:
    return actor in table.get(src, {}).get(dst, frozenset())


class DataSource(models.TextChoices):
    """Why a member's registry data changed through the portal (MemberDataChange)."""

    CONTACT = "contact", _("Coordonnées mises à jour par l'adhérent")
    CHANGE_REQUEST = "change_request", _("Demande de modification acceptée")
    MEMBERSHIP = "membership", _("Demande d'adhésion acceptée")


class ApplicationFileRole(models.TextChoices):
    CIN_COPY = "cin_copy", _("Copie de la CIN")
    POSITION_PROOF = (
        "position_proof",
        _("Titre de pension, décision de détachement ou de mise à disposition"),
    )


# The documents a change request may carry, in the order the forms show them.
CHANGE_DOCUMENT_ROLES: dict[str, tuple[str, ...]] = {
    ChangeKind.RIB: (DocumentKind.RIB_ATTESTATION,),
    ChangeKind.ADD_SPOUSE: (DocumentKind.MARRIAGE_CERTIFICATE,),
    ChangeKind.UPDATE_SPOUSE: (DocumentKind.MARRIAGE_CERTIFICATE,),
    ChangeKind.ADD_CHILD: (
        DocumentKind.BIRTH_CERTIFICATE,
        DocumentKind.SCHOOL_CERTIFICATE,
        DocumentKind.DISABILITY_CARD,
    ),
    ChangeKind.UPDATE_CHILD: (
        DocumentKind.BIRTH_CERTIFICATE,
        DocumentKind.SCHOOL_CERTIFICATE,
        DocumentKind.DISABILITY_CARD,
    ),
}
