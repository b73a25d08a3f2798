"""The mail desk's states, and the one table of the changes allowed between them and by whom.

``services`` checks every change against ``ALLOWED_TRANSITIONS``; nothing else changes a
letter's status (docs/decisions/mail-desk.md).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

REFERENCE_PREFIX = "BO"
REFERENCE_DIGITS = 6
# An access code is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown
# in groups of four: 60 bits, typed by hand from a receipt, never guessed at the allowed rate.
ACCESS_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ACCESS_CODE_LENGTH = 12
ACCESS_CODE_GROUP = 4

SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 10_000
ACCEPTED_FILE_TYPES = ["pdf", "jpeg", "png"]
# The limits per address of the visitor's pages (fos.ratelimit): the settings that hold them.
VISITOR_RATE = "MAIL_DESK_VISITOR_RATE"  # letters sent by visitors
FOLLOW_RATE = "MAIL_DESK_FOLLOW_RATE"  # wrong reference or access code given
RATE_SETTINGS = (VISITOR_RATE, FOLLOW_RATE)


class LetterStatus(models.TextChoices):
    RECEIVED = "received", _("Reçu")
    ROUTED = "routed", _("Transmis au service")
    ANSWERED = "answered", _("Répondu")
    CLOSED = "closed", _("Clos")


class SenderKind(models.TextChoices):
    MEMBER = "member", _("Adhérent")
    VISITOR = "visitor", _("Visiteur")


class Actor(models.TextChoices):
    """Who acts on a letter: its sender, an agent of the mail desk, a supervisor."""

    SENDER = "sender", _("Expéditeur")
    AGENT = "agent", _("Agent")
    SUPERVISOR = "supervisor", _("Superviseur")


class EventKind(models.TextChoices):
    SENT = "sent", _("Courrier enregistré")
    SENDER_MESSAGE = "sender_message", _("Message de l'expéditeur")
    ROUTED = "routed", _("Transmis")
    ANSWERED = "answered", _("Réponse envoyée")
    INTERNAL_NOTE = "internal_note", _("Note interne")
    CLOSED = "closed", _("Clos")
    REOPENED = "reopened", _("Rouvert")


S = LetterStatus
SENDER = frozenset({Actor.SENDER})
STAFF = frozenset({Actor.AGENT, Actor.SUPERVISOR})
SUPERVISOR = frozenset({Actor.SUPERVISOR})

# from status -> {to status: who may make that change}. A change to the same status is an
# action that leaves the status as it is (a second answer, a new routing, a follow-up).
ALLOWED_TRANSITIONS: dict[LetterStatus, dict[LetterStatus, frozenset[Actor]]] = {
    S.RECEIVED: {
        S.RECEIVED: SENDER,  # a follow-up before anyone has read it
        S.ROUTED: STAFF,
        S.ANSWERED: STAFF,  # the mail desk answers at once
        S.CLOSED: STAFF,
    },
    S.ROUTED: {
        S.ROUTED: SENDER | STAFF,  # a follow-up, or a new service or agent
        S.ANSWERED: STAFF,
        S.CLOSED: STAFF,
    },
    S.ANSWERED: {
        # The sender writes again after an answer: the letter goes back to the work queue.
        S.RECEIVED: SENDER,
        S.ROUTED: SENDER | STAFF,
        S.ANSWERED: STAFF,  # a further answer
        S.CLOSED: STAFF,
    },
    S.CLOSED: {
        S.RECEIVED: SUPERVISOR,  # reopened, never routed
        S.ROUTED: SUPERVISOR,  # reopened, back to its service
    },
}

OPEN_STATUSES = frozenset({S.RECEIVED, S.ROUTED, S.ANSWERED})

# What the sender's email says of each change (the agent's message or reason follows, if any).
SENDER_NOTICES: dict[EventKind, StrOrPromise] = {
    EventKind.ROUTED: _("Votre courrier a été transmis au service concerné, qui va l'étudier."),
    EventKind.ANSWERED: _("La Fondation a répondu à votre courrier."),
    EventKind.CLOSED: _("Votre courrier a été clos : son traitement est terminé."),
    EventKind.REOPENED: _("Votre courrier a été rouvert : son traitement reprend."),
}


def may_transition(status: str, to: str, actor: Actor) -> bool:
    targets = ALLOWED_TRANSITIONS.get(LetterStatus(status), {})
    return actor in targets.get(LetterStatus(to), frozenset())
