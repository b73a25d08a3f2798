"""Every change to a dossier: one keyword-only function, one transaction, one history row.

``transition`` is the only way a status changes: it locks the dossier, checks the states table
(``constants.ALLOWED_TRANSITIONS``) and who is acting, bumps the version, writes the
``DossierEvent`` and queues the member's email on commit. The member pages, the API and the
back office call these functions; none repeats their rules.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import ADMINISTRATORS, SUPERVISORS, is_staff_user
from catalog.constants import BeneficiaryType, Step
from catalog.models import Campaign, Motive, RequiredDocument, Service
from catalog.rules import compute_amount, eligible_beneficiaries
from documents.models import MemberDocument
from documents.services import check_document_fits
from dossiers import selectors
from dossiers.constants import STAFF, Actor, AttachmentRole, DossierStatus, may_transition
from dossiers.eligibility import (
    dossier_context,
    member_level_refusals,
    request_refusals,
    rib_in_use,
)
from dossiers.errors import ConflictError, DossierError, SubmissionRefused, TransitionError
from dossiers.models import Dossier, DossierAttachment, DossierEvent, DossierSequence
from dossiers.signals import documents_answered
from dossiers.tasks import queue_agent_alert, queue_member_notice
from dossiers.wizard import CONFIRMED, RequestShape, confirmed_steps, request_shape
from fos.sequences import next_number
from registry.models import Member
from registry.validators import rib_is_valid

# Who is acting --------------------------------------------------------------------------------


def actor_role(user: User | None, dossier: Dossier) -> Actor:
    """The part ``user`` plays on this dossier; TransitionError for anyone else."""
    if user is None:
        return Actor.SYSTEM
    if is_staff_user(user):
        supervisor = (
            user.is_superuser or user.groups.filter(name__in=[SUPERVISORS, ADMINISTRATORS]).exists()
        )
        return Actor.SUPERVISOR if supervisor else Actor.AGENT
    if user.member_id is not None and user.member_id == dossier.member_id:
        return Actor.MEMBER
    raise TransitionError(_("Vous ne pouvez pas agir sur ce dossier."))


def _owner(user: User, dossier: Dossier) -> None:
    if actor_role(user, dossier) != Actor.MEMBER:
        raise TransitionError(_("Seul l'adhérent peut modifier sa demande."))


# Transitions ----------------------------------------------------------------------------------


def _lock(dossier: Dossier | int) -> Dossier:
    pk = dossier.pk if isinstance(dossier, Dossier) else dossier
    try:
        return Dossier.objects.select_for_update().get(pk=pk)
    except Dossier.DoesNotExist:
        raise DossierError(_("Ce dossier n'existe pas.")) from None


def _label(status: str) -> str:
    return str(DossierStatus(status).label)


def _apply_transition(
    dossier: Dossier,
    *,
    to: DossierStatus,
    actor: User | None,
    role: Actor,
    reason: str = "",
    details: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
    update_fields: tuple[str, ...] = (),
) -> DossierEvent:
    """Change the status of a dossier locked by the caller, in the caller's transaction."""
    from_status = dossier.status
    if not may_transition(from_status, to, role):
        raise TransitionError(
            _("Un dossier « %(from)s » ne peut pas passer à « %(to)s » (%(role)s).")
            % {"from": _label(from_status), "to": _label(to), "role": Actor(role).label}
        )
    moment = at or timezone.now()
    dossier.status = to
    dossier.version += 1
    if role in STAFF and dossier.needs_attention:
        # A staff decision answers the member's documents: the dossier leaves the queue's top.
        dossier.needs_attention = False
        update_fields = (*update_fields, "needs_attention")
    if dossier._state.adding:  # a dossier made and sent in one go: one INSERT, sent already
        dossier.save(force_insert=True)
    else:
        dossier.save(update_fields=["status", "version", "updated_at", *update_fields])
    event = DossierEvent.objects.create(
        dossier=dossier,
        from_status=from_status,
        to_status=to,
        actor=actor,
        actor_role=role,
        at=moment,
        reason=reason.strip(),
        details=details or {},
    )
    if not (from_status == DossierStatus.DRAFT and to == DossierStatus.CANCELLED):
        queue_member_notice(dossier_id=dossier.pk, event_id=event.pk)
    return event


@transaction.atomic
def transition(
    *,
    dossier: Dossier | int,
    to: str,
    actor: User | None,
    reason: str = "",
    details: dict[str, Any] | None = None,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Move a dossier to ``to`` as ``actor`` (None: the portal itself) and return it, fresh.

    ``expected_version`` is the version the caller showed; when the dossier changed since,
    ConflictError says so instead of silently overwriting someone else's decision.
    """
    locked = _lock(dossier)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            _(
                "Ce dossier vient d'être modifié par quelqu'un d'autre (il est maintenant "
                "« %(status)s ») : rechargez la page avant d'agir."
            )
            % {"status": _label(locked.status)}
        )
    if to == DossierStatus.SUBMITTED:
        raise TransitionError(_("Un dossier s'envoie par « Terminer », qui vérifie la demande."))
    role = actor_role(actor, locked)
    _apply_transition(
        locked,
        to=DossierStatus(to),
        actor=actor,
        role=role,
        reason=reason,
        details=details,
        at=at,
    )
    return locked


# Drafts ---------------------------------------------------------------------------------------


@transaction.atomic
def start_or_resume_draft(
    *, member: Member, user: User, campaign: Campaign, at: dt.datetime | None = None
) -> Dossier:
    """The member's draft for this campaign, made now if there is none.

    A double click on "Demander" finds the draft the first click made: the member's row is
    locked while looking.
    """
    moment = at or timezone.now()
    if user.member_id != member.pk:
        raise TransitionError(_("Seul l'adhérent peut faire une demande."))
    Member.objects.select_for_update().only("pk").get(pk=member.pk)
    draft = (
        Dossier.objects.filter(member=member, campaign=campaign, status=DossierStatus.DRAFT)
        .order_by("-created_at", "-pk")
        .first()
    )
    if draft is not None:
        return draft
    service = selectors.service_for_request(campaign.service_id)
    if not service.is_active or not campaign.is_open(moment):
        raise DossierError(_("Cette campagne ne reçoit pas de demandes en ce moment."))
    family = selectors.member_with_family(member.pk)
    refusals = member_level_refusals(
        service.rules.all(), service=service, member=family, campaign=campaign, at=moment
    )
    if refusals:
        raise SubmissionRefused(refusals)
    return Dossier.objects.create(
        member=member,
        service=service,
        campaign=campaign,
        wizard_step=Step.PERSONAL_DATA,
        created_at=moment,
    )


def _lock_draft(dossier: Dossier | int, user: User) -> Dossier:
    locked = _lock(dossier)
    _owner(user, locked)
    if locked.status != DossierStatus.DRAFT:
        raise TransitionError(_("Cette demande a déjà été envoyée : elle ne se modifie plus."))
    return locked


def _confirm(dossier: Dossier, step: str, shape: RequestShape) -> None:
    done = confirmed_steps(dossier.draft_data)
    if step not in done:
        done.append(step)
    dossier.draft_data = {**dossier.draft_data, CONFIRMED: done}
    following = [s for s in shape.steps if s not in done and s != step]
    dossier.wizard_step = following[0] if following else Step.REVIEW


@dataclass(frozen=True)
class StepData:
    """What the member entered on one step, already parsed by the form (or the API)."""

    beneficiary_type: str = BeneficiaryType.MEMBER
    spouse_id: int | None = None
    child_id: int | None = None
    motive_id: int | None = None
    declared_amount: Decimal | None = None
    invoice_date: dt.date | None = None
    new_rib: str = ""


@transaction.atomic
def save_step(
    *,
    dossier: Dossier | int,
    user: User,
    step: str,
    data: StepData | None = None,
    confirm: bool = True,
    at: dt.datetime | None = None,
) -> Dossier:
    """Keep what the member entered on a step of the draft; ``confirm`` marks the step done.

    Raises ValidationError keyed by field when the entry does not fit the service (a person
    outside the family or the rules, a motive of another service, a RIB that fails its key).
    """
    locked = _lock_draft(dossier, user)
    service = selectors.service_for_request(locked.service_id)
    shape = request_shape(service)
    if step not in shape.steps or step == Step.REVIEW:
        raise ValidationError(_("Cette étape n'existe pas pour ce service."))
    entry = data or StepData()
    fields: list[str] = []
    if step == Step.RIB:
        fields += _save_rib(locked, entry)
    elif step == Step.BENEFICIARY:
        fields += _save_beneficiary(locked, entry, service=service, at=at)
    elif step == Step.MOTIVE:
        fields += _save_motive(locked, entry, service=service, shape=shape)
    elif step == Step.UPLOADS and confirm:
        _check_uploads_complete(locked, service)
    if confirm:
        _confirm(locked, step, shape)
        fields += ["draft_data", "wizard_step"]
    locked.save(update_fields=[*dict.fromkeys(fields), "updated_at"])
    return locked


def _save_rib(dossier: Dossier, entry: StepData) -> list[str]:
    rib = "".join(entry.new_rib.split())
    if rib and (len(rib) != 24 or not (rib.isascii() and rib.isdigit()) or not rib_is_valid(rib)):
        raise ValidationError(
            {"new_rib": _("Ce RIB n'est pas valide : vérifiez les 24 chiffres et la clé.")}
        )
    if rib and rib != dossier.member.rib:
        if not dossier.attachments.filter(role=AttachmentRole.RIB_ATTESTATION).exists():
            raise ValidationError(
                {
                    "attestation": _(
                        "Déposez l'attestation de RIB ou le spécimen de chèque du nouveau RIB."
                    )
                }
            )
        dossier.rib = rib
    else:
        if not rib and not rib_is_valid(dossier.member.rib or ""):
            raise ValidationError(
                {
                    "new_rib": _(
                        "Aucun RIB valide n'est enregistré pour vous : indiquez votre RIB et "
                        "déposez l'attestation."
                    )
                }
            )
        dossier.rib = ""
        dossier.attachments.filter(role=AttachmentRole.RIB_ATTESTATION).delete()
    return ["rib"]


def _save_beneficiary(
    dossier: Dossier, entry: StepData, *, service: Service, at: dt.datetime | None
) -> list[str]:
    member = selectors.member_with_family(dossier.member_id)
    allowed = eligible_beneficiaries(
        service,
        member,
        rules=service.rules.all(),
        at=at,
        campaign=dossier.campaign,
    )
    wanted = _person_id(entry)
    keys = {
        (str(b.type), None if b.type == BeneficiaryType.MEMBER else int(b.person.pk))
        for b in allowed
    }
    if wanted not in keys:
        raise ValidationError(
            {"beneficiary": _("Cette personne ne peut pas bénéficier de ce service.")}
        )
    dossier.beneficiary_type = entry.beneficiary_type
    dossier.spouse_id = (
        entry.spouse_id if entry.beneficiary_type == BeneficiaryType.SPOUSE else None
    )
    dossier.child_id = entry.child_id if entry.beneficiary_type == BeneficiaryType.CHILD else None
    return ["beneficiary_type", "spouse", "child"]


def _person_id(entry: StepData) -> tuple[str, int | None]:
    if entry.beneficiary_type == BeneficiaryType.SPOUSE:
        return (str(BeneficiaryType.SPOUSE), entry.spouse_id)
    if entry.beneficiary_type == BeneficiaryType.CHILD:
        return (str(BeneficiaryType.CHILD), entry.child_id)
    return (str(BeneficiaryType.MEMBER), None)


def _save_motive(
    dossier: Dossier, entry: StepData, *, service: Service, shape: RequestShape
) -> list[str]:
    errors: dict[str, str] = {}
    motive: Motive | None = None
    if shape.asks_motive:
        motive = next((m for m in service.motives.all() if m.pk == entry.motive_id), None)
        if motive is None:
            errors["motive"] = _("Choisissez un motif de la liste.")
    if shape.asks_amount and (entry.declared_amount is None or entry.declared_amount <= 0):
        errors["declared_amount"] = _("Indiquez un montant supérieur à zéro.")
    if shape.asks_invoice_date and entry.invoice_date is None:
        errors["invoice_date"] = _("Indiquez la date de la facture.")
    if entry.invoice_date is not None and entry.invoice_date > timezone.localdate():
        errors["invoice_date"] = _("La date de la facture ne peut pas être dans le futur.")
    if errors:
        raise ValidationError(errors)
    dossier.motive = motive
    dossier.declared_amount = entry.declared_amount if shape.asks_amount else None
    dossier.invoice_date = entry.invoice_date if shape.asks_invoice_date else None
    return ["motive", "declared_amount", "invoice_date"]


def _check_uploads_complete(dossier: Dossier, service: Service) -> None:
    attached = set(
        dossier.attachments.filter(role=AttachmentRole.REQUIRED_DOCUMENT).values_list(
            "required_document_id", flat=True
        )
    )
    missing = [d.name for d in service.documents.all() if d.is_required and d.pk not in attached]
    if missing:
        raise ValidationError(
            [_("Document manquant : « %(name)s ».") % {"name": name} for name in missing]
        )


@transaction.atomic
def attach_document(
    *,
    dossier: Dossier | int,
    user: User,
    document: MemberDocument,
    required_document: RequiredDocument | None = None,
    role: str = AttachmentRole.REQUIRED_DOCUMENT,
) -> DossierAttachment:
    """Attach one of the member's documents to the draft (replacing the one it had there).

    A document from "Mes documents" is checked against the required document's limits again.
    """
    locked = _lock_draft(dossier, user)
    if document.member_id != locked.member_id:
        raise ValidationError(_("Ce document n'est pas le vôtre."))
    if role == AttachmentRole.REQUIRED_DOCUMENT:
        if required_document is None or required_document.service_id != locked.service_id:
            raise ValidationError(_("Ce document n'est pas demandé pour ce service."))
        check_document_fits(
            document,
            accepted_types=list(required_document.accepted_types),
            max_size_mb=required_document.max_size_mb,
            require_single_pdf=required_document.combined_pdf,
        )
        locked.attachments.filter(role=role, required_document=required_document).delete()
    elif role == AttachmentRole.RIB_ATTESTATION:
        required_document = None
        locked.attachments.filter(role=role).delete()
    else:
        raise ValidationError(
            _("Une réponse se joint par « Envoyer les documents » sur la page du dossier.")
        )
    return DossierAttachment.objects.create(
        dossier=locked,
        role=role,
        required_document=required_document,
        document=document,
        added_by=user,
    )


@transaction.atomic
def detach_document(*, dossier: Dossier | int, user: User, attachment_id: int) -> None:
    locked = _lock_draft(dossier, user)
    locked.attachments.filter(pk=attachment_id).delete()


@transaction.atomic
def discard_draft(*, dossier: Dossier | int, user: User) -> Dossier:
    """The member gives up a draft: it is cancelled (no number was ever given)."""
    locked = _lock_draft(dossier, user)
    _apply_transition(locked, to=DossierStatus.CANCELLED, actor=user, role=Actor.MEMBER)
    return locked


# Submission -----------------------------------------------------------------------------------


def _counting_year(campaign: Campaign, at: dt.datetime) -> int:
    """The year a dossier is counted and numbered in: its campaign's, else the day's."""
    return campaign.year or timezone.localdate(at).year


def _personal_data(member: Member, children: int) -> dict[str, Any]:
    return {
        "birth_date": member.birth_date.isoformat() if member.birth_date else None,
        "grade_scale": member.grade_scale,
        "step": member.step,
        "recruitment_date": member.recruitment_date.isoformat()
        if member.recruitment_date
        else None,
        "children": children,
        "posting_province": member.posting_province.code if member.posting_province else None,
        "position": member.position,
    }


def _submit_locked(
    dossier: Dossier,
    *,
    user: User,
    at: dt.datetime,
    service: Service | None = None,
    member: Member | None = None,
    attachments: list[DossierAttachment] | None = None,
) -> Dossier:
    """Check everything again and send the dossier locked by the caller (same transaction).

    The member's row is locked first: two submissions of the same member wait for each other,
    so that their quota checks see each other's dossiers (every quota counts the member's own
    family's requests). The numbering row is locked last (``next_number``): concurrent
    submissions to the same service and year wait there, one after the other, only for the few
    statements that number, save and record a dossier.
    ``service``: the caller's ``selectors.service_for_request``, read in this transaction;
    ``member``: the caller's ``selectors.member_for_submission``, read (and locked) in this
    transaction; ``attachments``: the dossier's, when the caller knows them (a dossier it
    has just made).
    The event of the submission is left on ``dossier.submission_event``.
    """
    member = member or selectors.member_for_submission(dossier.member_id)
    service = service or selectors.service_for_request(dossier.service_id)
    dossier.member = member
    shape = request_shape(service)
    year = _counting_year(dossier.campaign, at)
    history = selectors.DossierHistory.of_member(member, exclude=dossier.pk)
    if attachments is None:
        attachments = list(dossier.attachments.all())
    refusals = request_refusals(
        dossier,
        service=service,
        member=member,
        shape=shape,
        attachments=attachments,
        history=history,
        at=at,
    )
    if refusals:
        raise SubmissionRefused(refusals)
    context = dossier_context(dossier, service=service, member=member, history=history, at=at)
    dossier.computed_amount = compute_amount(service.rules.all(), context)
    dossier.rib = rib_in_use(dossier, member) if shape.asks_rib else ""
    dossier.personal_data = _personal_data(member, selectors.children_count(member))
    dossier.submitted_at = at
    dossier.wizard_step = ""
    days = service.originals_deadline_days
    dossier.originals_deadline = (
        timezone.localdate(at) + dt.timedelta(days=days) if days and service.originals else None
    )
    dossier.sequence = next_number(DossierSequence, year, service=service)
    dossier.year = year
    dossier.number = f"{dossier.sequence}/{service.code}/{year}"
    dossier.submission_event = _apply_transition(
        dossier,
        to=DossierStatus.SUBMITTED,
        actor=user,
        role=Actor.MEMBER,
        at=at,
        details={"number": dossier.number, "computed_amount": _money_text(dossier)},
        update_fields=(
            "sequence",
            "year",
            "number",
            "computed_amount",
            "rib",
            "personal_data",
            "submitted_at",
            "wizard_step",
            "originals_deadline",
        ),
    )
    return dossier


def _money_text(dossier: Dossier) -> str | None:
    return str(dossier.computed_amount) if dossier.computed_amount is not None else None


@transaction.atomic
def submit_dossier(*, dossier: Dossier | int, user: User, at: dt.datetime | None = None) -> Dossier:
    """ "Terminer": check everything on the server, number the dossier and send it.

    Sending twice (a double click, a retried request) returns the dossier sent the first time.
    Raises SubmissionRefused with every reason; the draft stays as it was.
    """
    locked = _lock(dossier)
    _owner(user, locked)
    if locked.status != DossierStatus.DRAFT:
        if locked.number is not None:
            return locked
        raise TransitionError(_("Ce brouillon a été abandonné."))
    return _submit_locked(locked, user=user, at=at or timezone.now())


@dataclass(frozen=True)
class NewRequest:
    """A whole request in one call (the API): what the wizard's steps would have gathered."""

    campaign: Campaign
    idempotency_key: uuid.UUID
    data: StepData
    documents: tuple[tuple[int, int], ...] = ()  # (required document id, document id)
    rib_attestation_id: int | None = None
    # The campaign's service with its rules, motives and documents, when the caller has it
    # (selectors.campaign_for_request); read in the transaction otherwise.
    service: Service | None = None

    @property
    def attaches(self) -> bool:
        """Documents or a RIB attestation come with it (else: nothing to attach or read back)."""
        return bool(self.documents) or self.rib_attestation_id is not None


def create_and_submit(
    *, member: Member | int, user: User, request: NewRequest
) -> tuple[Dossier, bool]:
    """Make and send a dossier in one transaction; ``(dossier, created)``.

    The same idempotency key again returns the dossier made the first time (created False),
    even when both calls arrive together, and even when the rules would now refuse the request
    (the first dossier used up the quota, the campaign closed): a retry is answered, not judged.
    ``member``: the member or their id (read with the family, and locked, in the transaction).
    """
    member_id = member if isinstance(member, int) else member.pk
    try:
        return _create_and_submit(member_id=member_id, user=user, request=request)
    except IntegrityError:
        # Defence in depth: the unique key (member, idempotency key) refused a second insert
        # that the lookup behind the member's lock did not foresee; the attempt is rolled back.
        found = dossier_for_key(member_id, request.idempotency_key)
        if found is None:
            raise
        return found, False


def dossier_for_key(member_id: int, key: uuid.UUID) -> Dossier | None:
    """The dossier the member already made with this idempotency key, if any."""
    return Dossier.objects.filter(member_id=member_id, idempotency_key=key).first()


@transaction.atomic
def _create_and_submit(*, member_id: int, user: User, request: NewRequest) -> tuple[Dossier, bool]:
    if user.member_id != member_id:
        raise TransitionError(_("Seul l'adhérent peut faire une demande."))
    at = timezone.now()
    # The member's row first, as _submit_locked would: the member's submissions queue here.
    member = selectors.member_for_submission(member_id)
    # Looked up behind the member's lock, before any rule: a retry that waited for the first
    # call finds its dossier here, where the rules would count it against the quota.
    found = dossier_for_key(member_id, request.idempotency_key)
    if found is not None:
        return found, False
    service = request.service or selectors.service_for_request(request.campaign.service_id)
    shape = request_shape(service)
    entry = request.data
    dossier = Dossier(
        member=member,
        service=service,
        campaign=request.campaign,
        idempotency_key=request.idempotency_key,
        created_at=at,
        draft_data={CONFIRMED: list(shape.confirmable_steps)},
        **_person_fields(entry, member),
    )
    motive_errors = []
    if Step.MOTIVE in shape.steps:
        dossier.motive = next((m for m in service.motives.all() if m.pk == entry.motive_id), None)
        if entry.motive_id is not None and dossier.motive is None:
            motive_errors.append(_("Ce motif n'est pas proposé pour ce service."))
        dossier.declared_amount = entry.declared_amount if shape.asks_amount else None
        dossier.invoice_date = entry.invoice_date if shape.asks_invoice_date else None
    if shape.asks_rib and entry.new_rib:
        dossier.rib = "".join(entry.new_rib.split())
    if not request.attaches:
        # Nothing to attach: the dossier is checked, numbered and written once, sent.
        if motive_errors:
            raise SubmissionRefused(motive_errors)
        sent = _submit_locked(
            dossier, user=user, at=at, service=service, member=member, attachments=[]
        )
        return sent, True
    # Made by this transaction, the row is seen (and locked) by no other until it commits.
    dossier.save(force_insert=True)
    errors = _attach_all(dossier, user=user, service=service, request=request) + motive_errors
    if errors:
        raise SubmissionRefused(errors)
    return _submit_locked(dossier, user=user, at=at, service=service, member=member), True


def _person_fields(entry: StepData, member: Member) -> dict[str, Any]:
    """The person concerned, only if they belong to the member (else a refusal, not a crash)."""
    if entry.beneficiary_type == BeneficiaryType.SPOUSE:
        spouse = selectors.family_person(member, BeneficiaryType.SPOUSE, entry.spouse_id)
        if spouse is None:
            raise SubmissionRefused([_("Ce conjoint n'est pas enregistré dans votre famille.")])
        return {"beneficiary_type": BeneficiaryType.SPOUSE, "spouse": spouse}
    if entry.beneficiary_type == BeneficiaryType.CHILD:
        child = selectors.family_person(member, BeneficiaryType.CHILD, entry.child_id)
        if child is None:
            raise SubmissionRefused([_("Cet enfant n'est pas enregistré dans votre famille.")])
        return {"beneficiary_type": BeneficiaryType.CHILD, "child": child}
    return {"beneficiary_type": BeneficiaryType.MEMBER}


def _attach_all(
    dossier: Dossier, *, user: User, service: Service, request: NewRequest
) -> list[str]:
    required = {document.pk: document for document in service.documents.all()}
    wanted_ids = {document_id for _rd, document_id in request.documents}
    if request.rib_attestation_id is not None:
        wanted_ids.add(request.rib_attestation_id)
    owned = MemberDocument.objects.filter(member=dossier.member_id).in_bulk(wanted_ids)
    errors: list[str] = []
    for required_id, document_id in request.documents:
        document, required_document = owned.get(document_id), required.get(required_id)
        if document is None:
            errors.append(
                _("Le document n° %(id)s n'est pas dans vos documents.") % {"id": document_id}
            )
            continue
        if required_document is None:
            errors.append(_("Ce document n'est pas demandé pour ce service."))
            continue
        try:
            check_document_fits(
                document,
                accepted_types=list(required_document.accepted_types),
                max_size_mb=required_document.max_size_mb,
                require_single_pdf=required_document.combined_pdf,
            )
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        DossierAttachment.objects.update_or_create(
            dossier=dossier,
            role=AttachmentRole.REQUIRED_DOCUMENT,
            required_document=required_document,
            defaults={"document": document, "added_by": user},
        )
    if request.rib_attestation_id is not None:
        attestation = owned.get(request.rib_attestation_id)
        if attestation is None:
            errors.append(_("L'attestation de RIB n'est pas dans vos documents."))
        else:
            DossierAttachment.objects.create(
                dossier=dossier,
                role=AttachmentRole.RIB_ATTESTATION,
                document=attestation,
                added_by=user,
            )
    return errors


# After submission -----------------------------------------------------------------------------


@transaction.atomic
def cancel_dossier(
    *, dossier: Dossier | int, user: User, reason: str = "", expected_version: int | None = None
) -> Dossier:
    """The member withdraws a sent dossier; allowed only before an agent takes it in review."""
    locked = _lock(dossier)
    _owner(user, locked)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(_("Ce dossier vient de changer : rechargez la page."))
    if locked.status != DossierStatus.SUBMITTED:
        raise TransitionError(
            _("Un dossier « %(status)s » ne peut plus être annulé.")
            % {"status": _label(locked.status)}
        )
    _apply_transition(
        locked, to=DossierStatus.CANCELLED, actor=user, role=Actor.MEMBER, reason=reason
    )
    return locked


@transaction.atomic
def answer_documents_request(
    *,
    dossier: Dossier | int,
    user: User,
    documents: list[MemberDocument],
    message: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """The member sends what the agent asked for: the dossier goes back to review, at the top
    of its queue (``needs_attention``), and the agent who asked is alerted (their id is in the
    request's event details): by email, and in the back office (``documents_answered``)."""
    locked = _lock(dossier)
    _owner(user, locked)
    if locked.status != DossierStatus.DOCUMENTS_REQUESTED:
        raise TransitionError(_("La Fondation n'attend pas de document pour ce dossier."))
    if not documents:
        raise ValidationError({"files": _("Joignez au moins un document.")})
    if any(document.member_id != locked.member_id for document in documents):
        raise ValidationError(_("Ce document n'est pas le vôtre."))
    moment = at or timezone.now()
    request_event = (
        locked.events.filter(to_status=DossierStatus.DOCUMENTS_REQUESTED)
        .order_by("-at", "-pk")
        .first()
    )
    asked_by = request_event.actor_id if request_event is not None else None
    for document in documents:
        DossierAttachment.objects.create(
            dossier=locked,
            role=AttachmentRole.ANSWER,
            document=document,
            added_by=user,
            added_at=moment,
        )
    locked.member_answered_at = moment
    locked.needs_attention = True
    event = _apply_transition(
        locked,
        to=DossierStatus.IN_REVIEW,
        actor=user,
        role=Actor.MEMBER,
        reason=message,
        at=moment,
        details={
            "requested_by": asked_by,
            "request_event": request_event.pk if request_event is not None else None,
            "documents": [document.pk for document in documents],
        },
        update_fields=("member_answered_at", "needs_attention"),
    )
    if asked_by is not None:
        queue_agent_alert(dossier_id=locked.pk, agent_id=asked_by, event_id=event.pk)
    documents_answered.send(sender=Dossier, dossier=locked, event=event, asked_by=asked_by)
    return locked
