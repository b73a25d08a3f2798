"""Every change to a payment batch: one keyword-only function, one transaction, one audit row.

Agents prepare, export and cancel a draft; only a supervisor marks a batch paid or cancels an
exported one (its file may be at the bank). Marking paid moves every dossier to PAID through
``dossiers.services.transition``, which writes the dossier's history and emails the member: if
any dossier cannot move, none does (docs/decisions/payment-batches.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_staff_user
from backoffice import audit
from backoffice.access import assigned_service_ids, is_supervisor
from catalog.models import Service
from dossiers.constants import DossierStatus
from dossiers.eligibility import rib_in_use
from dossiers.errors import DossierError
from dossiers.models import Dossier
from dossiers.services import transition
from fos.sequences import next_number
from payments.access import may_handle_batch
from payments.constants import BatchStatus, FileFormat
from payments.errors import BatchMismatch, NothingToPay, PaymentError, Refusal
from payments.files import (
    BatchFigures,
    FileLayoutError,
    TransferLine,
    bank_transfer_file,
    batch_csv_file,
    fold_ascii,
)
from payments.models import PaymentBatch, PaymentBatchSequence, PaymentLine
from payments.selectors import (
    MAX_BATCH_LINES,
    PayableFilter,
    line_totals,
    payable_dossiers,
    payable_matching,
)
from registry.models import Member
from registry.validators import rib_is_valid

ZERO = Decimal("0.00")


def _staff(actor: User) -> None:
    if not is_staff_user(actor):
        raise PermissionDenied


def _supervisor(actor: User) -> None:
    if not is_supervisor(actor):
        raise PermissionDenied


def _lock(batch: PaymentBatch | int, actor: User) -> PaymentBatch:
    """The batch, locked until the action's transaction ends, if ``actor`` may act on it."""
    pk = batch.pk if isinstance(batch, PaymentBatch) else batch
    locked = PaymentBatch.objects.select_for_update().filter(pk=pk).first()
    if locked is None or not may_handle_batch(actor, locked):
        raise PaymentError(_("Ce lot de virements n'existe pas."))
    return locked


def _status_label(status: str) -> str:
    return str(BatchStatus(status).label)


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


# References ----------------------------------------------------------------------------------


def _next_reference(year: int) -> tuple[int, str]:
    """The year's next number, ``VIR-YYYY-NNNN``, taken under a row lock: two batches made
    together wait for each other, and a batch whose transaction fails gives its number back."""
    number = next_number(PaymentBatchSequence, year)
    return number, f"VIR-{year}-{number:04d}"


# Creating a batch ----------------------------------------------------------------------------


def beneficiary_name(member: Member) -> str:
    """The account holder as the bank knows them: the member's Latin name, family name first."""
    return f"{member.last_name} {member.first_name}".strip()


def _why_not_payable(dossier: Dossier) -> str:
    """The reason, for the agent, that ``payable_dossiers`` left this dossier out."""
    if dossier.status != DossierStatus.APPROVED:
        return _("il n'est pas « Acceptée » mais « %(status)s ».") % {
            "status": DossierStatus(dossier.status).label
        }
    if dossier.approved_amount is None or dossier.approved_amount <= 0:
        return _("aucun montant n'a été accordé.")
    if dossier.second_approval_required and dossier.second_approved_by_id is None:
        return _(
            "son montant dépasse le seuil de la prestation : la seconde validation d'un "
            "superviseur manque."
        )
    held = dossier.payment_lines.filter(holds_dossier=True).select_related("batch").first()
    if held is not None:
        return _("il est déjà dans le lot %(reference)s (%(status)s).") % {
            "reference": held.batch.reference,
            "status": _status_label(held.batch.status),
        }
    return _("il ne peut pas être payé.")


def _line_problem(dossier: Dossier) -> tuple[str, str, str]:
    """(RIB, beneficiary name, refusal reason or "") of a payable dossier."""
    rib = rib_in_use(dossier, dossier.member)
    name = beneficiary_name(dossier.member)
    if not rib_is_valid(rib):
        return rib, name, _("son RIB est absent ou invalide (24 chiffres et la clé).")
    if not fold_ascii(name):
        return rib, name, _("le nom de l'adhérent n'a pas de lettres latines pour la banque.")
    return rib, name, ""


@dataclass(frozen=True)
class BatchCreated:
    batch: PaymentBatch
    refusals: list[Refusal]


def _wanted_ids(
    dossiers: Iterable[Dossier | int] | None,
    filters: PayableFilter | None,
    service_ids: frozenset[int] | None,
) -> list[int]:
    if filters is not None and dossiers is None:
        rows = payable_matching(filters, service_ids=service_ids)
        return list(rows.values_list("pk", flat=True)[:MAX_BATCH_LINES])
    if dossiers is None or filters is not None:
        raise ValueError("give either dossiers or filters")
    ids = list(dict.fromkeys(d.pk if isinstance(d, Dossier) else int(d) for d in dossiers))
    if len(ids) > MAX_BATCH_LINES:
        raise PaymentError(
            _("Un lot réunit %(limit)s dossiers au plus.") % {"limit": MAX_BATCH_LINES}
        )
    return ids


@transaction.atomic
def create_batch(
    *,
    actor: User,
    dossiers: Iterable[Dossier | int] | None = None,
    filters: PayableFilter | None = None,
    label: str = "",
    service: Service | None = None,
    at: dt.datetime | None = None,
) -> BatchCreated:
    """A draft batch of the given dossiers (or of those matching ``filters``) that may be paid.

    Every dossier that may not (not accepted, no amount, a second approval missing, already in
    a batch, an invalid RIB) is left out with its reason in ``refusals``; when none is left,
    NothingToPay says why and nothing is created.
    """
    _staff(actor)
    moment = at or timezone.now()
    allowed = assigned_service_ids(actor)
    wanted = _wanted_ids(dossiers, filters, allowed)
    locked = {
        d.pk: d
        for d in Dossier.objects.select_for_update(of=("self",))
        .select_related("member", "service")
        .filter(pk__in=wanted)
        .order_by("pk")
    }
    payable = set(payable_dossiers().filter(pk__in=wanted).values_list("pk", flat=True))
    refusals: list[Refusal] = []
    lines: list[PaymentLine] = []
    for pk in wanted:
        dossier = locked.get(pk)
        if dossier is None:
            refusals.append(Refusal(pk, str(pk), _("ce dossier n'existe pas.")))
            continue
        number = dossier.number or str(dossier)
        if allowed is not None and dossier.service_id not in allowed:
            refusals.append(
                Refusal(pk, number, _("il relève d'une prestation qui ne vous est pas confiée."))
            )
            continue
        if pk not in payable:
            refusals.append(Refusal(pk, number, _why_not_payable(dossier)))
            continue
        rib, name, problem = _line_problem(dossier)
        if problem:
            refusals.append(Refusal(pk, number, problem))
            continue
        lines.append(
            PaymentLine(
                dossier=dossier,
                dossier_number=number,
                beneficiary_name=name,
                rib=rib,
                amount=dossier.approved_amount or ZERO,
                added_at=moment,
            )
        )
    if not lines:
        raise NothingToPay(_("Aucun de ces dossiers ne peut être payé."), refusals)
    year = timezone.localdate(moment).year
    sequence, reference = _next_reference(year)
    batch = PaymentBatch.objects.create(
        reference=reference,
        year=year,
        sequence=sequence,
        label=label.strip(),
        service=service,
        created_by=actor,
        created_at=moment,
        count=len(lines),
        total=sum((line.amount for line in lines), ZERO),
    )
    for line in lines:
        line.batch = batch
    PaymentLine.objects.bulk_create(lines)
    audit.record(
        actor=actor,
        action="payment_batch.created",
        target=batch,
        after={
            "status": batch.status,
            "count": batch.count,
            "total": _money(batch.total),
            "dossiers": [line.dossier_number for line in lines],
            "refused": [str(refusal) for refusal in refusals],
        },
    )
    return BatchCreated(batch=batch, refusals=refusals)


# Changing a draft ----------------------------------------------------------------------------


def _refuse_unless_editable(batch: PaymentBatch) -> None:
    if batch.status != BatchStatus.DRAFT:
        raise PaymentError(
            _(
                "Le lot %(reference)s est « %(status)s » : ses virements ne se modifient plus. "
                "Annulez-le et préparez un autre lot."
            )
            % {"reference": batch.reference, "status": _status_label(batch.status)}
        )


@transaction.atomic
def remove_line(*, actor: User, line: PaymentLine | int, reason: str = "") -> PaymentBatch:
    """Take a dossier out of a draft batch; it may join another batch."""
    _staff(actor)
    line_id = line.pk if isinstance(line, PaymentLine) else line
    batch_id = PaymentLine.objects.filter(pk=line_id).values_list("batch_id", flat=True).first()
    if batch_id is None:
        raise PaymentError(_("Ce virement n'est plus dans le lot."))
    batch = _lock(batch_id, actor)
    _refuse_unless_editable(batch)
    removed = PaymentLine.objects.select_for_update().filter(pk=line_id, batch=batch).first()
    if removed is None:
        raise PaymentError(_("Ce virement n'est plus dans le lot."))
    before = {"count": batch.count, "total": _money(batch.total)}
    removed.delete()
    batch.count, batch.total = line_totals(batch)
    batch.save(update_fields=["count", "total"])
    audit.record(
        actor=actor,
        action="payment_batch.line_removed",
        target=batch,
        before={**before, "dossier": removed.dossier_number, "amount": _money(removed.amount)},
        after={"count": batch.count, "total": _money(batch.total)},
        reason=reason.strip(),
    )
    return batch


# Exporting -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportedFile:
    filename: str
    content_type: str
    content: bytes


CONTENT_TYPES = {
    FileFormat.CSV: "text/csv; charset=utf-8",
    FileFormat.BANK: "text/plain; charset=us-ascii",
}
EXTENSIONS = {FileFormat.CSV: "csv", FileFormat.BANK: "txt"}


def _transfer_lines(batch: PaymentBatch) -> list[TransferLine]:
    rows = batch.lines.filter(holds_dossier=True).select_related(
        "dossier__member", "dossier__service"
    )
    return [
        TransferLine(
            dossier_number=line.dossier_number,
            matricule=line.dossier.member.matricule,
            beneficiary_name=line.beneficiary_name,
            rib=line.rib,
            amount=line.amount,
            service_name=line.dossier.service.name_fr,
        )
        for line in rows.order_by("pk")
    ]


def check_figures(batch: PaymentBatch, lines: list[TransferLine]) -> None:
    """The recorded count and total equal the lines' count and sum, in the database and in the
    lines about to be written; every RIB passes its key. Else BatchMismatch, nothing written."""
    count, total = line_totals(batch)
    written = sum((line.amount for line in lines), ZERO)
    if not (batch.count == count == len(lines) and batch.total == total == written):
        raise BatchMismatch(
            _(
                "Le lot %(reference)s annonce %(count)s virements pour %(total)s, mais ses "
                "lignes en comptent %(lines)s pour %(sum)s : aucun fichier n'est produit. "
                "Signalez-le à l'administrateur."
            )
            % {
                "reference": batch.reference,
                "count": batch.count,
                "total": _money(batch.total),
                "lines": count,
                "sum": _money(total),
            }
        )
    if not lines:
        raise PaymentError(_("Ce lot est vide : il n'y a rien à exporter."))
    bad = [line.dossier_number for line in lines if not rib_is_valid(line.rib)]
    if bad:
        raise PaymentError(
            _("RIB invalide pour : %(dossiers)s. Retirez ces dossiers du lot.")
            % {"dossiers": ", ".join(bad)}
        )


def _sender_rib() -> str:
    rib = settings.FOUNDATION_RIB
    if not rib_is_valid(rib):
        raise PaymentError(
            _(
                "Le RIB de la Fondation (réglage FOUNDATION_RIB) n'est pas configuré ou n'est pas "
                "valide : le fichier de virement ne peut pas être produit."
            )
        )
    return str(rib)


def _render(batch: PaymentBatch, file_format: FileFormat, lines: list[TransferLine]) -> bytes:
    figures = BatchFigures(
        reference=batch.reference,
        created_on=timezone.localdate(batch.exported_at or timezone.now()),
        count=batch.count,
        total=batch.total,
    )
    try:
        if file_format == FileFormat.CSV:
            return batch_csv_file(figures, lines)
        return bank_transfer_file(
            figures,
            lines,
            sender_rib=_sender_rib(),
            sender_name=settings.FOUNDATION_ACCOUNT_NAME,
        )
    except FileLayoutError as error:
        raise PaymentError(
            _("Le fichier ne peut pas être produit : %(error)s.") % {"error": error}
        ) from error


@transaction.atomic
def export_batch(
    *, batch: PaymentBatch | int, actor: User, file_format: str, at: dt.datetime | None = None
) -> ExportedFile:
    """The batch's CSV or bank transfer file. The first download of a draft exports it (it
    can no longer change); later downloads give the same file again, dated the first export."""
    _staff(actor)
    locked = _lock(batch, actor)
    kind = FileFormat(file_format)
    if locked.status == BatchStatus.CANCELLED:
        raise PaymentError(_("Ce lot est annulé : il n'a plus de fichier."))
    lines = _transfer_lines(locked)
    check_figures(locked, lines)
    before = {"status": locked.status}
    first = locked.status == BatchStatus.DRAFT
    if first:
        locked.status = BatchStatus.EXPORTED
        locked.exported_at = at or timezone.now()
        locked.exported_by = actor
        locked.save(update_fields=["status", "exported_at", "exported_by"])
    content = _render(locked, kind, lines)
    audit.record(
        actor=actor,
        action="payment_batch.exported" if first else "payment_batch.downloaded",
        target=locked,
        before=before if first else {},
        after={
            "status": locked.status,
            "format": kind.value,
            "count": locked.count,
            "total": _money(locked.total),
        },
    )
    return ExportedFile(
        filename=f"{locked.reference}.{EXTENSIONS[kind]}",
        content_type=CONTENT_TYPES[kind],
        content=content,
    )


# Paying --------------------------------------------------------------------------------------


@transaction.atomic
def mark_batch_paid(
    *, batch: PaymentBatch | int, actor: User, paid_on: dt.date, at: dt.datetime | None = None
) -> PaymentBatch:
    """The bank made the transfers on ``paid_on``: every dossier of the batch becomes PAID and
    its member is told (by ``transition``'s own email, once). Supervisors only. If any dossier
    cannot be paid, none is and the batch stays exported."""
    _supervisor(actor)
    moment = at or timezone.now()
    locked = _lock(batch, actor)
    if locked.status != BatchStatus.EXPORTED:
        raise PaymentError(_paid_refusal(locked))
    if paid_on > timezone.localdate(moment):
        raise PaymentError(_("La date du virement ne peut pas être dans le futur."))
    if locked.exported_at and paid_on < timezone.localdate(locked.exported_at):
        raise PaymentError(_("La date du virement précède l'export du lot."))
    lines = list(locked.lines.filter(holds_dossier=True).order_by("dossier_id"))
    count, total = line_totals(locked)
    if (count, total) != (locked.count, locked.total) or count != len(lines):
        raise BatchMismatch(_("Le total ou le nombre de virements du lot ne correspond plus."))
    ids = [line.dossier_id for line in lines]
    dossiers = Dossier.objects.select_for_update().in_bulk(ids)
    payable = set(Dossier.objects.payable().filter(pk__in=ids).values_list("pk", flat=True))
    for line in lines:
        dossier = dossiers[line.dossier_id]
        _pay(dossier, line=line, batch=locked, actor=actor, paid_on=paid_on, payable=payable)
    locked.status = BatchStatus.PAID
    locked.paid_on = paid_on
    locked.paid_at = moment
    locked.paid_by = actor
    locked.save(update_fields=["status", "paid_on", "paid_at", "paid_by"])
    audit.record(
        actor=actor,
        action="payment_batch.paid",
        target=locked,
        before={"status": BatchStatus.EXPORTED},
        after={
            "status": locked.status,
            "paid_on": paid_on.isoformat(),
            "count": locked.count,
            "total": _money(locked.total),
        },
    )
    return locked


def _paid_refusal(batch: PaymentBatch) -> str:
    if batch.status == BatchStatus.PAID:
        return _("Le lot %(reference)s est déjà payé (virement du %(day)s).") % {
            "reference": batch.reference,
            "day": batch.paid_on.strftime("%d/%m/%Y") if batch.paid_on else "—",
        }
    if batch.status == BatchStatus.DRAFT:
        return _("Exportez d'abord le fichier de virement : seul un lot exporté se marque payé.")
    return _("Ce lot est annulé : il ne peut pas être payé.")


def _pay(
    dossier: Dossier,
    *,
    line: PaymentLine,
    batch: PaymentBatch,
    actor: User,
    paid_on: dt.date,
    payable: set[int],
) -> None:
    def refused(reason: str) -> PaymentError:
        return PaymentError(
            _(
                "Le dossier %(number)s ne peut pas être payé : %(reason)s Aucun dossier du lot "
                "n'a été marqué payé."
            )
            % {"number": line.dossier_number, "reason": reason}
        )

    if dossier.approved_amount != line.amount:
        raise refused(
            _("le montant accordé (%(now)s) n'est plus celui du fichier (%(file)s).")
            % {"now": dossier.approved_amount, "file": _money(line.amount)}
        )
    if dossier.pk not in payable:
        raise refused(_why_not_payable(dossier))
    try:
        transition(
            dossier=dossier.pk,
            to=DossierStatus.PAID,
            actor=actor,
            reason=_("Lot de virements %(reference)s, virement du %(day)s.")
            % {"reference": batch.reference, "day": paid_on.strftime("%d/%m/%Y")},
            details={
                "batch": batch.reference,
                "paid_on": paid_on.isoformat(),
                "amount": _money(line.amount),
            },
        )
    except DossierError as error:
        raise refused(error.message) from error
    audit.record(
        actor=actor,
        action="dossier.paid",
        target=dossier,
        before={"status": DossierStatus.APPROVED},
        after={
            "status": DossierStatus.PAID,
            "batch": batch.reference,
            "amount": _money(line.amount),
        },
    )


# Cancelling ----------------------------------------------------------------------------------


@transaction.atomic
def cancel_batch(*, batch: PaymentBatch | int, actor: User, reason: str = "") -> PaymentBatch:
    """Cancel a batch not yet paid: its dossiers are free for another batch. An exported batch
    (its file may be at the bank) is cancelled by a supervisor only, with a reason."""
    _staff(actor)
    locked = _lock(batch, actor)
    if locked.status not in {BatchStatus.DRAFT, BatchStatus.EXPORTED}:
        raise PaymentError(
            _("Le lot %(reference)s est « %(status)s » : il ne peut plus être annulé.")
            % {"reference": locked.reference, "status": _status_label(locked.status)}
        )
    if locked.status == BatchStatus.EXPORTED:
        _supervisor(actor)
        if not reason.strip():
            raise PaymentError(
                _("Indiquez pourquoi ce lot exporté est annulé (son fichier a pu partir).")
            )
    before = {"status": locked.status}
    locked.lines.update(holds_dossier=False)
    locked.status = BatchStatus.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.cancelled_by = actor
    locked.cancel_reason = reason.strip()
    locked.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    audit.record(
        actor=actor,
        action="payment_batch.cancelled",
        target=locked,
        before=before,
        after={"status": locked.status},
        reason=locked.cancel_reason,
    )
    return locked
