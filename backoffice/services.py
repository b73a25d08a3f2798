"""Every agent action on a dossier: one keyword-only function, one transaction.

Each action locks the dossier, checks that the user handles its service and that the dossier is
still at the version the agent saw (``expected_version``, a hidden field of the form: when a
colleague acted in between, ConflictError and nothing is written), changes the status through
``dossiers.services.transition`` (which writes the DossierEvent and queues the member's email:
no action sends a second one) and writes an AuditEntry with the fields before and after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from backoffice.access import is_supervisor, may_handle_service
from backoffice.audit import changes, record
from backoffice.models import AgentAlert, RejectionReason
from backoffice.selectors import approver_id, rules_now
from dossiers.constants import DossierStatus
from dossiers.errors import ConflictError, TransitionError
from dossiers.models import Dossier, DossierEvent
from dossiers.services import transition

# The fields an action may change, kept in the audit entry's before and after.
AUDITED = [
    "status",
    "version",
    "approved_amount",
    "amount_overridden",
    "second_approval_required",
    "second_approved_by",
    "second_approved_at",
    "originals_received_at",
    "needs_attention",
]
MAX_TEXT = 2000


class Action:
    """The audit trail's names for the agents' actions on a dossier."""

    TAKE_IN_REVIEW = "dossier.take_in_review"
    REQUEST_DOCUMENTS = "dossier.request_documents"
    AWAIT_ORIGINALS = "dossier.await_originals"
    ORIGINALS_RECEIVED = "dossier.originals_received"
    APPROVE = "dossier.approve"
    SECOND_APPROVAL = "dossier.second_approval"
    REJECT = "dossier.reject"
    REOPEN = "dossier.reopen"


def _label(status: str) -> str:
    return str(DossierStatus(status).label)


def _locked(dossier: Dossier | int, *, user: User, expected_version: int) -> Dossier:
    """The dossier, locked until the action's transaction ends, if ``user`` may act on it and
    nobody changed it since the agent read it."""
    pk = dossier.pk if isinstance(dossier, Dossier) else dossier
    locked = Dossier.objects.select_for_update().filter(pk=pk, number__isnull=False).first()
    if locked is None or not may_handle_service(user, locked.service_id):
        raise TransitionError(_("Ce dossier ne relève pas des prestations qui vous sont confiées."))
    if locked.version != expected_version:
        raise ConflictError(
            _(
                "Ce dossier vient d'être modifié par quelqu'un d'autre (il est maintenant "
                "« %(status)s ») : votre action n'a pas été enregistrée. Relisez le dossier "
                "avant d'agir."
            )
            % {"status": _label(locked.status)}
        )
    return locked


def _text(value: str) -> str:
    return value.strip()[:MAX_TEXT]


def _act(
    dossier: Dossier | int,
    *,
    user: User,
    expected_version: int,
    action: str,
    to: DossierStatus | None,
    reason: str = "",
    details: dict[str, Any] | None = None,
    audit_reason: str = "",
    check: Callable[[Dossier], None] | None = None,
    update: Callable[[Dossier], None] | None = None,
) -> Dossier:
    """The frame of every action, inside the caller's transaction: lock and check, change the
    status (``to``; None: the status stays and only the version moves on), apply ``update``,
    save, audit."""
    locked = _locked(dossier, user=user, expected_version=expected_version)
    if check is not None:
        check(locked)
    before = changes(locked, AUDITED)
    if to is not None:
        locked = transition(
            dossier=locked.pk,
            to=to,
            actor=user,
            reason=reason,
            details=details,
            expected_version=expected_version,
        )
    else:
        locked.version += 1
    if update is not None:
        update(locked)
    locked.save(update_fields=[*AUDITED[1:], "updated_at"])
    record(
        actor=user,
        action=action,
        target=locked,
        before=before,
        after=changes(locked, AUDITED),
        reason=audit_reason or reason,
    )
    return locked


# Review ----------------------------------------------------------------------------------------


@transaction.atomic
def take_in_review(*, dossier: Dossier | int, user: User, expected_version: int) -> Dossier:
    """An agent starts studying a sent dossier; the member is told it is being studied."""
    return _act(
        dossier,
        user=user,
        expected_version=expected_version,
        action=Action.TAKE_IN_REVIEW,
        to=DossierStatus.IN_REVIEW,
        check=_only_from(DossierStatus.SUBMITTED),
    )


@transaction.atomic
def request_documents(
    *, dossier: Dossier | int, user: User, expected_version: int, message: str
) -> Dossier:
    """Ask the member for more documents. ``message`` is what the member reads, in the email
    and on the dossier's page, where they answer by uploading; their answer brings the dossier
    back to the top of the queue and alerts this agent."""
    text = _text(message)
    if not text:
        raise ValidationError({"message": _("Écrivez à l'adhérent ce qu'il doit envoyer.")})
    return _act(
        dossier,
        user=user,
        expected_version=expected_version,
        action=Action.REQUEST_DOCUMENTS,
        to=DossierStatus.DOCUMENTS_REQUESTED,
        reason=text,
        details={"requested_by": user.pk},
    )


@transaction.atomic
def await_originals(
    *, dossier: Dossier | int, user: User, expected_version: int, message: str = ""
) -> Dossier:
    """The study waits for the original documents the member must hand in at the foundation."""
    return _act(
        dossier,
        user=user,
        expected_version=expected_version,
        action=Action.AWAIT_ORIGINALS,
        to=DossierStatus.ORIGINALS_AWAITED,
        reason=_text(message),
        check=_only_from(DossierStatus.IN_REVIEW),
    )


@transaction.atomic
def mark_originals_received(
    *, dossier: Dossier | int, user: User, expected_version: int, at: dt.datetime | None = None
) -> Dossier:
    """The originals were handed in: the study goes on."""
    moment = at or timezone.now()

    def received(locked: Dossier) -> None:
        locked.originals_received_at = moment

    return _act(
        dossier,
        user=user,
        expected_version=expected_version,
        action=Action.ORIGINALS_RECEIVED,
        to=DossierStatus.IN_REVIEW,
        details={"originals_received": True},
        check=_only_from(DossierStatus.ORIGINALS_AWAITED),
        update=received,
    )


def _only_from(*statuses: DossierStatus) -> Callable[[Dossier], None]:
    def check(locked: Dossier) -> None:
        if locked.status not in statuses:
            raise TransitionError(
                _("Cette action n'est pas possible sur un dossier « %(status)s ».")
                % {"status": _label(locked.status)}
            )

    return check


# Decision --------------------------------------------------------------------------------------


@transaction.atomic
def approve(
    *,
    dossier: Dossier | int,
    user: User,
    expected_version: int,
    amount: Decimal | None = None,
    override_reason: str = "",
) -> Dossier:
    """Approve with the amount the service's rules compute now on the dossier's data.

    Another ``amount`` is an override: it needs ``override_reason`` and is flagged
    (``Dossier.amount_overridden``) for the statistics. Above the service's approval threshold
    the approval waits for a supervisor's second approval before it can be paid
    (``Dossier.objects.payable``).
    """
    locked = _locked(dossier, user=user, expected_version=expected_version)
    _only_from(DossierStatus.IN_REVIEW, DossierStatus.ORIGINALS_AWAITED)(locked)
    service = locked.service
    computed = rules_now(locked).amount_now
    granted = amount if amount is not None else computed
    overridden = amount is not None and amount != computed
    why = _text(override_reason)
    if overridden and not why:
        raise ValidationError(
            {
                "override_reason": _(
                    "Le montant diffère du montant calculé par les règles (%(computed)s) : "
                    "indiquez le motif de la modification."
                )
                % {"computed": computed if computed is not None else "—"}
            }
        )
    if granted is not None and granted < 0:
        raise ValidationError({"amount": _("Le montant ne peut pas être négatif.")})
    if service.pays_money and not granted:
        raise ValidationError(
            {
                "amount": _(
                    "Cette prestation donne lieu à un paiement : le montant accordé doit être "
                    "supérieur à zéro (sinon, rejetez le dossier)."
                )
            }
        )
    threshold = service.approval_threshold
    second = threshold is not None and granted is not None and granted > threshold
    was_awaiting_originals = locked.status == DossierStatus.ORIGINALS_AWAITED
    moment = timezone.now()

    def decide(approved: Dossier) -> None:
        approved.approved_amount = granted
        approved.amount_overridden = overridden
        approved.second_approval_required = second
        approved.second_approved_by = None
        approved.second_approved_at = None
        if was_awaiting_originals and approved.originals_received_at is None:
            approved.originals_received_at = moment

    return _act(
        locked,
        user=user,
        expected_version=expected_version,
        action=Action.APPROVE,
        to=DossierStatus.APPROVED,
        details={
            "approved_amount": _money(granted),
            "computed_amount": _money(computed),
            "amount_overridden": overridden,
            "override_reason": why,
            "second_approval_required": second,
        },
        audit_reason=why,
        update=decide,
    )


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@transaction.atomic
def give_second_approval(
    *, dossier: Dossier | int, user: User, expected_version: int, at: dt.datetime | None = None
) -> Dossier:
    """A supervisor confirms an approval above the service's threshold; the dossier can then be
    paid. The supervisor cannot confirm their own approval. The member was told of the approval
    already: nothing is sent."""
    if not is_supervisor(user):
        raise TransitionError(_("Seul un superviseur peut donner la seconde validation."))
    moment = at or timezone.now()

    def check(locked: Dossier) -> None:
        if not (
            locked.status == DossierStatus.APPROVED
            and locked.second_approval_required
            and locked.second_approved_by_id is None
        ):
            raise TransitionError(_("Ce dossier n'attend pas de seconde validation."))
        if approver_id(locked) == user.pk:
            raise TransitionError(
                _("La seconde validation doit venir d'un autre superviseur que la première.")
            )

    def confirm(locked: Dossier) -> None:
        locked.second_approved_by = user
        locked.second_approved_at = moment

    return _act(
        dossier,
        user=user,
        expected_version=expected_version,
        action=Action.SECOND_APPROVAL,
        to=None,
        check=check,
        update=confirm,
    )


@transaction.atomic
def reject(
    *,
    dossier: Dossier | int,
    user: User,
    expected_version: int,
    reason: RejectionReason,
    text: str = "",
) -> Dossier:
    """Reject with a reason of the list (``RejectionReason``) and the agent's own words; the
    member reads both, the reason in their language."""
    if not reason.is_active:
        raise ValidationError({"reason": _("Choisissez un motif de la liste.")})
    words = _text(text)
    locked = _locked(dossier, user=user, expected_version=expected_version)
    with translation.override(_member_language(locked)):
        label = reason.name
    return _act(
        locked,
        user=user,
        expected_version=expected_version,
        action=Action.REJECT,
        to=DossierStatus.REJECTED,
        reason=f"{label}\n{words}" if words else label,
        details={"rejection_reason": reason.code, "text": words},
    )


def _member_language(dossier: Dossier) -> str:
    member_user = User.objects.filter(member_id=dossier.member_id).only("preferred_language")
    found = member_user.first()
    return found.preferred_language if found is not None else translation.get_language()


@transaction.atomic
def reopen(*, dossier: Dossier | int, user: User, expected_version: int, reason: str) -> Dossier:
    """A supervisor takes back a decision (approved, not yet paid, or rejected): the dossier is
    studied again and the approval, its amount and its second approval are cleared. The reason
    is sent to the member."""
    if not is_supervisor(user):
        raise TransitionError(_("Seul un superviseur peut rouvrir un dossier."))
    text = _text(reason)
    if not text:
        raise ValidationError({"reason": _("Indiquez pourquoi le dossier est rouvert.")})

    def check(locked: Dossier) -> None:
        _only_from(DossierStatus.APPROVED, DossierStatus.REJECTED)(locked)
        # A dossier held by a payment batch is on its way to the bank: take it out of the
        # batch (or cancel the batch) first, so the transfer file never pays a reopened file.
        if locked.payment_lines.filter(holds_dossier=True).exists():
            raise TransitionError(
                _("Ce dossier est dans un lot de paiement : retirez-le du lot avant de le rouvrir.")
            )

    def clear(locked: Dossier) -> None:
        locked.approved_amount = None
        locked.amount_overridden = False
        locked.second_approval_required = False
        locked.second_approved_by = None
        locked.second_approved_at = None

    return _act(
        dossier,
        user=user,
        expected_version=expected_version,
        action=Action.REOPEN,
        to=DossierStatus.IN_REVIEW,
        reason=text,
        check=check,
        update=clear,
    )


# Alerts ------------------------------------------------------------------------------------------


def alert_agent_of_answer(
    *, dossier: Dossier, event: DossierEvent, asked_by: int | None, **_kwargs: Any
) -> AgentAlert | None:
    """``dossiers.signals.documents_answered``: the agent who asked finds the answer on the
    back office's home page (the email is sent by ``dossiers.tasks``)."""
    agent = User.objects.filter(pk=asked_by, is_active=True).first() if asked_by else None
    if agent is None:
        return None
    with translation.override(agent.preferred_language or None):
        message = _("L'adhérent a répondu à votre demande de documents (dossier %(number)s).") % {
            "number": dossier.number
        }
    return AgentAlert.objects.create(agent=agent, dossier=dossier, message=message[:300])


def mark_alerts_read(*, user: User, dossier: Dossier) -> int:
    """The agent opened the dossier: its alerts are read."""
    return AgentAlert.objects.filter(agent=user, dossier=dossier, read_at__isnull=True).update(
        read_at=timezone.now()
    )
