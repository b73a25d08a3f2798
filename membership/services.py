"""Writes on "Mes informations": contact data and photo at once, entitlements by change request.

Every function is one transaction that checks who acts, writes its history row and writes the
member's email to the outbox (membership.tasks), which sends it once the transaction commits. Web
views, the API and the admin call these; none repeats them.
(docs/decisions/member-data-change-requests.md)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_staff_user
from catalog.constants import FileType
from documents.models import DocumentKind, MemberDocument
from documents.services import store_or_reuse_document
from membership.constants import (
    CHANGE_DOCUMENT_ROLES,
    CHANGE_TRANSITIONS,
    UPDATE_KINDS,
    Actor,
    ChangeKind,
    ChangeStatus,
    DataSource,
    may_transition,
)
from membership.models import (
    ChangeRequest,
    ChangeRequestDocument,
    ChangeRequestEvent,
    MemberDataChange,
)
from membership.proposals import apply_proposal, build_proposal, subject_key
from membership.tasks import queue_change_decision
from registry.membership import is_current_member
from registry.models import Child, Member, Spouse
from registry.validators import normalize_phone, validate_phone

CONTACT_FIELDS = ("phone", "address", "private_email")
PHOTO_TYPES: list[str] = [FileType.JPEG, FileType.PNG]
PHOTO_MAX_SIZE_MB = 5
ADDRESS_MAX_LENGTH = Member._meta.get_field("address").max_length or 300

NOT_A_MEMBER = _(
    "Votre adhésion n'est pas en cours : seules vos coordonnées peuvent être mises à jour. "
    "Pour adhérer, faites une demande d'adhésion."
)
PENDING_RIB = _(
    "Vous avez déjà une demande de changement de RIB en attente : attendez sa décision, ou "
    "retirez-la pour en faire une autre."
)
PENDING_SAME_PERSON = _(
    "Une demande est déjà en attente pour cette personne : attendez sa décision, ou "
    "retirez-la pour en faire une autre."
)
MISSING_DOCUMENT = _("Joignez ce document : %(document)s.")
NO_LONGER_APPLICABLE = _(
    "Cette demande ne peut plus être appliquée au registre tel qu'il est aujourd'hui : "
    "%(problems)s Rejetez-la en expliquant pourquoi à l'adhérent."
)
PERSON_GONE = _("La personne concernée ne figure plus au registre.")
REASON_REQUIRED = _("Indiquez le motif du rejet : il est envoyé à l'adhérent.")
ALREADY_DECIDED_BY = _(
    "Cette demande a déjà été traitée (%(status)s par %(name)s le %(date)s) : votre décision "
    "n'a pas été enregistrée."
)
ALREADY_DECIDED = _(
    "Cette demande a déjà été traitée (%(status)s le %(date)s) : votre décision n'a pas été "
    "enregistrée."
)


class AlreadyDecidedError(Exception):
    """Someone else decided the request first; nothing was overwritten."""

    def __init__(self, request: ChangeRequest) -> None:
        super().__init__(request.pk)
        self.request = request

    @property
    def message(self) -> str:
        return decided_message(self.request)


def decided_message(request: ChangeRequest) -> str:
    """Tell an agent (or the member) who decided the request first, and when."""
    when = timezone.localtime(request.decided_at) if request.decided_at else timezone.now()
    params = {
        "status": request.get_status_display().lower(),
        "date": when.strftime("%d/%m/%Y %H:%M"),
        "name": "",
    }
    if request.decided_by is not None:
        params["name"] = str(request.decided_by.get_full_name() or request.decided_by.username)
        return str(ALREADY_DECIDED_BY % params)
    return str(ALREADY_DECIDED % params)


@contextmanager
def _new_files_removed_on_failure() -> Iterator[list[FieldFile]]:
    """Files stored during a transaction that then fails are removed with it."""
    created: list[FieldFile] = []
    try:
        yield created
    except BaseException:
        for stored in created:
            if stored.name:
                stored.storage.delete(stored.name)
        raise


def _record(
    *,
    member: Member,
    actor: User | None,
    source: str,
    subject: str,
    changes: dict[str, list[Any]],
    change_request: ChangeRequest | None = None,
) -> MemberDataChange:
    return MemberDataChange.objects.create(
        member=member,
        actor=actor,
        source=source,
        subject=subject,
        change_request=change_request,
        changes=changes,
    )


# Contact data and photo: applied at once ------------------------------------------------------


def clean_contact(*, phone: str, address: str, private_email: str) -> dict[str, str]:
    """The contact values as they will be kept, or ValidationError keyed by field."""
    values = {
        "phone": normalize_phone(phone or ""),
        "address": " ".join((address or "").split()),
        "private_email": (private_email or "").strip(),
    }
    errors: dict[str, list[ValidationError]] = {}
    if values["phone"]:
        try:
            validate_phone(values["phone"])
        except ValidationError as error:
            errors["phone"] = [error]
    if values["private_email"]:
        try:
            validate_email(values["private_email"])
        except ValidationError:
            errors["private_email"] = [
                ValidationError(_("Saisissez une adresse électronique valide."), "invalid")
            ]
    if len(values["address"]) > ADDRESS_MAX_LENGTH:
        errors["address"] = [
            ValidationError(
                _("L'adresse compte au plus %(limit)s caractères."),
                "too_long",
                params={"limit": ADDRESS_MAX_LENGTH},
            )
        ]
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def update_contact(
    *, member: Member, user: User, phone: str, address: str, private_email: str
) -> MemberDataChange | None:
    """Phone, address and private email apply at once; None when nothing changed."""
    values = clean_contact(phone=phone, address=address, private_email=private_email)
    locked = Member.objects.select_for_update().get(pk=member.pk)
    changes = {
        name: [getattr(locked, name), value]
        for name, value in values.items()
        if getattr(locked, name) != value
    }
    if not changes:
        return None
    for name, (_before, after) in changes.items():
        setattr(locked, name, after)
    locked.save(update_fields=[*changes, "updated_at"])
    for name in changes:
        setattr(member, name, getattr(locked, name))
    return _record(
        member=locked, actor=user, source=DataSource.CONTACT, subject="member", changes=changes
    )


def set_photo(*, member: Member, user: User, uploaded_file: IO[bytes]) -> MemberDocument:
    """Keep the image as a PHOTO document (or reuse the same one) and make it the photo."""
    with _new_files_removed_on_failure() as created_files, transaction.atomic():
        document, created = store_or_reuse_document(
            member=member,
            uploaded_by=user,
            uploaded_file=uploaded_file,
            kind=DocumentKind.PHOTO,
            title=str(_("Photo d'identité")),
            accepted_types=PHOTO_TYPES,
            max_size_mb=PHOTO_MAX_SIZE_MB,
        )
        if created:
            created_files.append(document.file)
        locked = Member.objects.select_for_update().get(pk=member.pk)
        before = locked.photo_id
        if before != document.pk:
            locked.photo = document
            locked.save(update_fields=["photo", "updated_at"])
            _record(
                member=locked,
                actor=user,
                source=DataSource.CONTACT,
                subject="member",
                changes={"photo": [before, document.pk]},
            )
        member.photo = document
    return document


# Change requests: what changes entitlements waits for an agent ---------------------------------


def _transition(
    request: ChangeRequest, *, to: str, actor: str, user: User | None, reason: str = ""
) -> None:
    if not may_transition(CHANGE_TRANSITIONS, request.status, to, actor):
        raise AlreadyDecidedError(request)
    from_status = request.status
    request.status = to
    request.decided_at = timezone.now()
    request.decided_by = user
    request.reason = reason
    request.save(
        update_fields=[
            "status",
            "decided_at",
            "decided_by",
            "reason",
            "before",
            "after",
            "spouse",
            "child",
        ]
    )
    ChangeRequestEvent.objects.create(
        request=request, actor=user, from_status=from_status, to_status=to, reason=reason
    )


def _check_documents(
    *,
    member: Member,
    kind: str,
    documents: Mapping[str, MemberDocument],
    uploads: Mapping[str, Any],
) -> None:
    allowed = set(CHANGE_DOCUMENT_ROLES[kind])
    unknown = (set(documents) | set(uploads)) - allowed
    if unknown:
        raise ValueError(f"documents {sorted(unknown)} are not asked for a {kind} request")
    if any(document.member_id != member.pk for document in documents.values()):
        raise PermissionDenied


def request_change(
    *,
    member: Member,
    user: User,
    kind: str,
    data: Mapping[str, Any],
    spouse: Spouse | None = None,
    child: Child | None = None,
    documents: Mapping[str, MemberDocument] | None = None,
    uploads: Mapping[str, IO[bytes] | None] | None = None,
) -> ChangeRequest:
    """A pending request for a new RIB, or to add or correct a spouse or a child.

    ``documents`` are the member's kept documents and ``uploads`` new files, both by role
    (a DocumentKind among CHANGE_DOCUMENT_ROLES[kind]). Raises ValidationError keyed by field
    (or by document role) with the member's message; nothing is kept then.
    """
    if user.member_id != member.pk:
        raise PermissionDenied
    if not is_current_member(member):
        raise ValidationError(NOT_A_MEMBER, code="not_a_member")
    chosen = dict(documents or {})
    files = {role: upload for role, upload in (uploads or {}).items() if upload is not None}
    _check_documents(member=member, kind=kind, documents=chosen, uploads=files)
    with _new_files_removed_on_failure() as created_files, transaction.atomic():
        locked = Member.objects.select_for_update().get(pk=member.pk)
        proposal = build_proposal(member=locked, kind=kind, data=data, spouse=spouse, child=child)
        key = subject_key(proposal, spouse=spouse, child=child)
        if ChangeRequest.objects.filter(
            member=locked, subject_key=key, status=ChangeStatus.PENDING
        ).exists():
            raise ValidationError(
                PENDING_RIB if kind == ChangeKind.RIB else PENDING_SAME_PERSON,
                code="already_pending",
            )
        missing = [
            role for role in proposal.required_documents() if role not in set(chosen) | set(files)
        ]
        if missing:
            raise ValidationError(
                {
                    role: [
                        ValidationError(
                            MISSING_DOCUMENT,
                            "document_missing",
                            params={"document": DocumentKind(role).label},
                        )
                    ]
                    for role in missing
                }
            )
        for role, upload in files.items():
            try:
                document, created = store_or_reuse_document(
                    member=locked, uploaded_by=user, uploaded_file=upload, kind=role
                )
            except ValidationError as error:
                raise ValidationError({role: [error]}) from None
            if created:
                created_files.append(document.file)
            chosen[role] = document
        try:
            with transaction.atomic():
                request = ChangeRequest.objects.create(
                    member=locked,
                    kind=kind,
                    spouse=spouse,
                    child=child,
                    subject_key=key,
                    proposed=proposal.values,
                    created_by=user,
                )
        except IntegrityError:  # a second tab's request won the race
            raise ValidationError(
                PENDING_RIB if kind == ChangeKind.RIB else PENDING_SAME_PERSON,
                code="already_pending",
            ) from None
        ChangeRequestDocument.objects.bulk_create(
            ChangeRequestDocument(request=request, document=document, role=role)
            for role, document in chosen.items()
        )
        ChangeRequestEvent.objects.create(
            request=request, actor=user, from_status="", to_status=ChangeStatus.PENDING
        )
    return request


@transaction.atomic
def withdraw_change(*, member: Member, user: User, request_id: int) -> ChangeRequest:
    """The member takes back a pending request. Raises AlreadyDecidedError once decided."""
    if user.member_id != member.pk:
        raise PermissionDenied
    request = ChangeRequest.objects.select_for_update().get(pk=request_id, member=member)
    _transition(request, to=ChangeStatus.WITHDRAWN, actor=Actor.MEMBER, user=user)
    return request


def _target(request: ChangeRequest, member: Member) -> Model | None:
    """The spouse or child a correction applies to, locked; None for a RIB or an addition."""
    target: Model | None = None
    if request.kind == ChangeKind.UPDATE_SPOUSE and request.spouse_id is not None:
        target = (
            Spouse.objects.select_for_update().filter(pk=request.spouse_id, member=member).first()
        )
    elif request.kind == ChangeKind.UPDATE_CHILD and request.child_id is not None:
        target = (
            Child.objects.select_for_update().filter(pk=request.child_id, member=member).first()
        )
    elif request.kind not in UPDATE_KINDS:
        return None
    if target is None:
        raise ValidationError(PERSON_GONE, code="person_gone")
    return target


def _subject(kind: str, row: Model) -> str:
    if kind == ChangeKind.RIB:
        return "member"
    prefix = "spouse" if isinstance(row, Spouse) else "child"
    return f"{prefix}:{row.pk}"


def _require_staff(agent: User) -> None:
    if not is_staff_user(agent):
        raise PermissionDenied


def _locked_pending(request_id: int) -> ChangeRequest:
    # Only the request's row is locked: PostgreSQL refuses FOR UPDATE on an outer join's side.
    request = (
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("decided_by")
        .get(pk=request_id)
    )
    if request.status != ChangeStatus.PENDING:
        raise AlreadyDecidedError(request)
    return request


@transaction.atomic
def approve_change(*, agent: User, request_id: int) -> ChangeRequest:
    """Apply the request to the registry (checked again), record before and after, tell them.

    Raises AlreadyDecidedError when another agent decided first, ValidationError when the
    registry changed so that the request no longer holds (the agent then rejects it).
    """
    _require_staff(agent)
    request = _locked_pending(request_id)
    member = Member.objects.select_for_update().get(pk=request.member_id)
    try:
        target = _target(request, member)
        row, before, after = apply_proposal(
            member=member, kind=request.kind, proposed=request.proposed, target=target
        )
    except ValidationError as error:
        raise ValidationError(
            NO_LONGER_APPLICABLE,
            code="no_longer_applicable",
            params={"problems": " ".join(f"{message}" for message in error.messages)},
        ) from None
    if isinstance(row, Member):
        row.save(update_fields=["rib", "updated_at"])
    else:
        row.save()
    if isinstance(row, Spouse):
        request.spouse = row
    elif isinstance(row, Child):
        request.child = row
    request.before, request.after = before, after
    _transition(request, to=ChangeStatus.APPROVED, actor=Actor.STAFF, user=agent)
    _record(
        member=member,
        actor=agent,
        source=DataSource.CHANGE_REQUEST,
        subject=_subject(request.kind, row),
        change_request=request,
        changes={
            name: [before.get(name), value]
            for name, value in after.items()
            if before.get(name) != value
        },
    )
    _notify(request)
    return request


@transaction.atomic
def reject_change(*, agent: User, request_id: int, reason: str) -> ChangeRequest:
    _require_staff(agent)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [ValidationError(REASON_REQUIRED, "reason_required")]})
    request = _locked_pending(request_id)
    _transition(request, to=ChangeStatus.REJECTED, actor=Actor.STAFF, user=agent, reason=reason)
    _notify(request)
    return request


def _notify(request: ChangeRequest) -> None:
    """Into the outbox with the decision's transaction: it leaves once the decision commits."""
    queue_change_decision(request)
