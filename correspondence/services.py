"""Every change to a letter: one keyword-only function, one transaction, one history row.

Each function checks who acts against the states table (``constants.ALLOWED_TRANSITIONS``),
locks the letter, writes the ``LetterEvent`` and queues the emails on commit. The member pages,
the visitor pages, the API and the back office call these functions; none repeats their rules.

Attachments are checked by content (``documents.validation.validate_upload``) before anything
is written, all of them, so the sender learns every refused file at once. They are stored here
and not in the member's "Mes documents": a visitor has no library, and a letter's enclosures
belong to the letter (docs/decisions/mail-desk.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.files.storage import Storage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_staff_user
from backoffice.access import is_supervisor
from catalog.models import Service
from correspondence.codes import (
    ARABIC_INDIC_DIGITS,
    format_reference,
    hash_access_code,
    new_access_code,
)
from correspondence.constants import (
    ACCEPTED_FILE_TYPES,
    BODY_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    Actor,
    EventKind,
    LetterStatus,
    SenderKind,
    may_transition,
)
from correspondence.models import (
    Letter,
    LetterAttachment,
    LetterEvent,
    LetterMessage,
    LetterSequence,
)
from correspondence.tasks import queue_agent_email, queue_sender_email
from documents.validation import ValidatedFile, validate_upload
from fos.sequences import next_number
from registry.validators import validate_cin

MESSAGES = {
    "required": _("Ce champ est obligatoire."),
    "too_long": _("Ce texte est trop long : %(limit)s caractères au plus."),
    "too_many_files": _("Joignez %(limit)s fichiers au plus."),
    "closed": _(
        "Ce courrier est clos : il ne reçoit plus de message. Écrivez un nouveau courrier."
    ),
    "transition": _("Un courrier « %(from)s » ne peut pas passer à « %(to)s »."),
    "not_an_agent": _("Cette personne ne fait pas partie du personnel de la Fondation."),
    "phone": _("Indiquez un numéro de téléphone : chiffres, espaces et + seulement."),
}
SENDER_NAME_MAX_LENGTH = 150
PHONE_RE = re.compile(r"^\+?[0-9][0-9 .-]{5,18}$")


def refusal(code: str, **params: Any) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


# Identity and references ------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitorIdentity:
    """Who a visitor says they are: a name and an email address, the rest if they wish."""

    full_name: str
    email: str
    cin: str = ""
    phone: str = ""


@dataclass(frozen=True)
class SentLetter:
    letter: Letter
    access_code: str = ""  # a visitor's, given once; "" for a member


def _take_number(year: int) -> int:
    """The year's next number, under a row lock held until the caller's transaction ends.

    Numbers are gapless: a letter that fails to be written rolls its number back with it.
    """
    return next_number(LetterSequence, year)


# Checks ---------------------------------------------------------------------------------------


def _text(value: str, *, limit: int, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: refusal("required")})
    if len(text) > limit:
        raise ValidationError({field: refusal("too_long", limit=limit)})
    return text


def _visitor(identity: VisitorIdentity) -> VisitorIdentity:
    name = " ".join((identity.full_name or "").split())
    if not name:
        raise ValidationError({"full_name": refusal("required")})
    if len(name) > SENDER_NAME_MAX_LENGTH:
        raise ValidationError({"full_name": refusal("too_long", limit=SENDER_NAME_MAX_LENGTH)})
    email = (identity.email or "").strip()
    if not email:
        raise ValidationError({"email": refusal("required")})
    cin = (identity.cin or "").strip().upper().replace(" ", "")
    for field, value, validator in (("email", email, validate_email), ("cin", cin, validate_cin)):
        try:
            if value:
                validator(value)
        except ValidationError as error:
            raise ValidationError({field: error}) from None
    phone = " ".join((identity.phone or "").translate(ARABIC_INDIC_DIGITS).split())
    if phone and not PHONE_RE.match(phone):
        raise ValidationError({"phone": refusal("phone")})
    return VisitorIdentity(full_name=name, email=email, cin=cin, phone=phone)


@dataclass(frozen=True)
class CheckedUpload:
    file: IO[bytes]
    checked: ValidatedFile


def check_attachments(files: Sequence[IO[bytes]]) -> list[CheckedUpload]:
    """Every file checked by content; one ValidationError listing each refused file (under
    the key ``attachments``)."""
    limit = settings.MAIL_DESK_MAX_FILES
    if len(files) > limit:
        raise ValidationError({"attachments": refusal("too_many_files", limit=limit)})
    accepted, refused = [], []
    for uploaded in files:
        try:
            checked = validate_upload(
                uploaded,
                accepted_types=ACCEPTED_FILE_TYPES,
                max_size_mb=settings.MAIL_DESK_MAX_UPLOAD_MB,
            )
        except ValidationError as error:
            refused.append(error)
        else:
            accepted.append(CheckedUpload(uploaded, checked))
    if refused:
        raise ValidationError({"attachments": refused})
    return accepted


def _staff_role(user: User) -> Actor:
    if not user.is_active or not is_staff_user(user):
        raise PermissionDenied
    return Actor.SUPERVISOR if is_supervisor(user) else Actor.AGENT


def is_letter_sender(user: Any, letter: Letter) -> bool:
    """A member's letter belongs to that member's account, and to no one else."""
    return bool(
        letter.sender_kind == SenderKind.MEMBER
        and getattr(user, "is_authenticated", False)
        and user.member_id is not None
        and user.member_id == letter.member_id
        and not is_staff_user(user)
    )


# Storage ----------------------------------------------------------------------------------------


@contextmanager
def _files_removed_on_failure() -> Iterator[list[tuple[Storage, str]]]:
    """Files written inside a transaction that fails are deleted with it."""
    saved: list[tuple[Storage, str]] = []
    try:
        yield saved
    except BaseException:
        for storage, name in saved:
            storage.delete(name)
        raise


def _store(
    uploads: list[CheckedUpload],
    *,
    letter: Letter,
    message: LetterMessage | None,
    saved: list[tuple[Storage, str]],
) -> None:
    for upload in uploads:
        checked = upload.checked
        attachment = LetterAttachment(
            letter=letter,
            message=message,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            page_count=checked.page_count,
        )
        content = upload.file if isinstance(upload.file, File) else File(upload.file)
        # The stored name comes from models.attachment_path: random, never the sender's.
        attachment.file.save(f"attachment{checked.extension}", content, save=False)
        saved.append((attachment.file.storage, attachment.file.name or ""))
        attachment.save()


# Status changes ---------------------------------------------------------------------------------


def _lock(letter: Letter) -> Letter:
    return Letter.objects.select_for_update().get(pk=letter.pk)


def _change(
    letter: Letter,
    *,
    to: LetterStatus,
    role: Actor,
    kind: EventKind,
    actor: User | None,
    message: LetterMessage | None = None,
    details: dict[str, Any] | None = None,
    update_fields: Sequence[str] = (),
) -> LetterEvent:
    """Move a letter locked by the caller to ``to``, as the table allows, and record it."""
    from_status = letter.status
    if not may_transition(from_status, to, role):
        if from_status == LetterStatus.CLOSED:
            raise refusal("closed")
        raise refusal(
            "transition",
            **{"from": LetterStatus(from_status).label, "to": LetterStatus(to).label},
        )
    letter.status = to
    letter.save(update_fields=["status", "updated_at", *update_fields])
    return LetterEvent.objects.create(
        letter=letter,
        kind=kind,
        actor=actor,
        actor_role=role,
        from_status=from_status,
        to_status=to,
        message=message,
        details=details or {},
    )


def _back_in_queue(letter: Letter) -> LetterStatus:
    return LetterStatus.ROUTED if letter.service_id else LetterStatus.RECEIVED


# The sender -------------------------------------------------------------------------------------


def send_letter(
    *,
    subject: str,
    body: str,
    attachments: Sequence[IO[bytes]] = (),
    language: str,
    user: User | None = None,
    visitor: VisitorIdentity | None = None,
    site_url: str = "",
) -> SentLetter:
    """Register a letter from a member (``user``) or a visitor, with its reference number.

    A visitor's access code is returned once, emailed once, and kept only as a hash.
    """
    if (user is None) == (visitor is None):
        raise ValueError("a letter comes from a member or from a visitor, not both")
    subject = _text(subject, limit=SUBJECT_MAX_LENGTH, field="subject")
    body = _text(body, limit=BODY_MAX_LENGTH, field="body")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    letter = Letter(subject=subject, body=body, language=language)
    access_code = ""
    if user is not None:
        if not user.is_active or user.member is None or is_staff_user(user):
            raise PermissionDenied
        member = user.member
        letter.sender_kind = SenderKind.MEMBER
        letter.member = member
        letter.sender_user = user
        letter.sender_name = member.full_name[:SENDER_NAME_MAX_LENGTH]
        letter.sender_cin = member.cin
        letter.sender_email = user.email
        letter.sender_phone = member.phone
    elif visitor is not None:
        identity = _visitor(visitor)
        access_code = new_access_code()
        letter.sender_kind = SenderKind.VISITOR
        letter.sender_name = identity.full_name
        letter.sender_cin = identity.cin
        letter.sender_email = identity.email
        letter.sender_phone = identity.phone
        letter.access_code_hash = hash_access_code(access_code)
    uploads = check_attachments(attachments)
    with _files_removed_on_failure() as saved, transaction.atomic():
        letter.received_at = timezone.now()
        letter.year = timezone.localtime(letter.received_at).year
        letter.number = _take_number(letter.year)
        letter.reference = format_reference(letter.year, letter.number)
        letter.save()
        _store(uploads, letter=letter, message=None, saved=saved)
        event = LetterEvent.objects.create(
            letter=letter,
            kind=EventKind.SENT,
            actor=user,
            actor_role=Actor.SENDER,
            from_status="",
            to_status=LetterStatus.RECEIVED,
            at=letter.received_at,
            details={"attachments": len(uploads)},
        )
        queue_sender_email(letter=letter, event=event, access_code=access_code, site_url=site_url)
    return SentLetter(letter=letter, access_code=access_code)


def add_sender_message(
    *,
    letter: Letter,
    body: str,
    attachments: Sequence[IO[bytes]] = (),
    user: User | None = None,
    site_url: str = "",
) -> LetterMessage:
    """The sender writes again while the letter is not closed.

    A member's letter takes only its member's messages. A visitor's right comes from the
    session that gave the access code (``access.visitor_letter``), which the caller checked.
    After an answer, the letter goes back to the work queue.
    """
    if letter.sender_kind == SenderKind.MEMBER and not is_letter_sender(user, letter):
        raise PermissionDenied
    author = user if letter.sender_kind == SenderKind.MEMBER else None
    body = _text(body, limit=BODY_MAX_LENGTH, field="body")
    uploads = check_attachments(attachments)
    with _files_removed_on_failure() as saved, transaction.atomic():
        locked = _lock(letter)
        if locked.is_closed:
            raise refusal("closed")
        to = (
            LetterStatus(locked.status)
            if locked.status in {LetterStatus.RECEIVED, LetterStatus.ROUTED}
            else _back_in_queue(locked)
        )
        message = LetterMessage.objects.create(
            letter=locked, author_role=Actor.SENDER, author=author, body=body
        )
        _store(uploads, letter=locked, message=message, saved=saved)
        event = _change(
            locked,
            to=to,
            role=Actor.SENDER,
            kind=EventKind.SENDER_MESSAGE,
            actor=author,
            message=message,
            details={"attachments": len(uploads)},
        )
        if locked.assigned_to is not None:
            queue_agent_email(
                letter=locked, event=event, agent=locked.assigned_to, site_url=site_url
            )
    return message


# The mail desk ----------------------------------------------------------------------------------


def route_letter(
    *,
    letter: Letter,
    service: Service,
    agent: User | None = None,
    actor: User,
    site_url: str = "",
) -> LetterEvent:
    """Send the letter to a service and, if chosen, to one of its agents.

    The sender hears of the first routing only; the agent, of a letter newly given to them.
    """
    role = _staff_role(actor)
    if agent is not None and (not agent.is_active or not is_staff_user(agent)):
        raise ValidationError({"agent": refusal("not_an_agent")})
    with transaction.atomic():
        locked = _lock(letter)
        before = {
            "service": locked.service.code if locked.service else "",
            "agent": locked.assigned_to.username if locked.assigned_to else "",
        }
        newly_assigned = agent is not None and agent.pk != locked.assigned_to_id
        first_routing = locked.status == LetterStatus.RECEIVED
        locked.service = service
        locked.assigned_to = agent
        event = _change(
            locked,
            to=LetterStatus.ROUTED,
            role=role,
            kind=EventKind.ROUTED,
            actor=actor,
            details={
                "before": before,
                "service": service.code,
                "service_name": str(service),
                "agent": agent.username if agent else "",
                "agent_name": str(agent) if agent else "",
            },
            update_fields=["service", "assigned_to"],
        )
        if first_routing:
            queue_sender_email(letter=locked, event=event, site_url=site_url)
        if agent is not None and newly_assigned and agent.pk != actor.pk:
            queue_agent_email(letter=locked, event=event, agent=agent, site_url=site_url)
    return event


def answer_letter(
    *,
    letter: Letter,
    body: str,
    attachments: Sequence[IO[bytes]] = (),
    actor: User,
    site_url: str = "",
) -> LetterMessage:
    """A message to the sender, who gets it by email; the letter is then "answered".

    An unassigned letter is then in the hands of the agent who answered it.
    """
    role = _staff_role(actor)
    body = _text(body, limit=BODY_MAX_LENGTH, field="body")
    uploads = check_attachments(attachments)
    with _files_removed_on_failure() as saved, transaction.atomic():
        locked = _lock(letter)
        if locked.is_closed:
            raise refusal("closed")
        message = LetterMessage.objects.create(
            letter=locked, author_role=role, author=actor, body=body
        )
        _store(uploads, letter=locked, message=message, saved=saved)
        locked.answered_at = timezone.now()
        if locked.assigned_to_id is None:
            locked.assigned_to = actor
        event = _change(
            locked,
            to=LetterStatus.ANSWERED,
            role=role,
            kind=EventKind.ANSWERED,
            actor=actor,
            message=message,
            details={"attachments": len(uploads)},
            update_fields=["answered_at", "assigned_to"],
        )
        queue_sender_email(letter=locked, event=event, site_url=site_url)
    return message


def add_internal_note(*, letter: Letter, body: str, actor: User) -> LetterMessage:
    """A note for the Foundation's staff only: never shown or sent to the sender."""
    role = _staff_role(actor)
    body = _text(body, limit=BODY_MAX_LENGTH, field="body")
    with transaction.atomic():
        locked = _lock(letter)
        message = LetterMessage.objects.create(
            letter=locked, author_role=role, author=actor, body=body, is_internal=True
        )
        LetterEvent.objects.create(
            letter=locked,
            kind=EventKind.INTERNAL_NOTE,
            actor=actor,
            actor_role=role,
            from_status=locked.status,
            to_status=locked.status,
            message=message,
        )
    return message


def close_letter(*, letter: Letter, actor: User, site_url: str = "") -> LetterEvent:
    role = _staff_role(actor)
    with transaction.atomic():
        locked = _lock(letter)
        locked.closed_at = timezone.now()
        event = _change(
            locked,
            to=LetterStatus.CLOSED,
            role=role,
            kind=EventKind.CLOSED,
            actor=actor,
            update_fields=["closed_at"],
        )
        queue_sender_email(letter=locked, event=event, site_url=site_url)
    return event


def reopen_letter(*, letter: Letter, actor: User, reason: str, site_url: str = "") -> LetterEvent:
    """A supervisor reopens a closed letter; the reason stays in the staff's history."""
    if _staff_role(actor) != Actor.SUPERVISOR:
        raise PermissionDenied
    reason = _text(reason, limit=1000, field="reason")
    with transaction.atomic():
        locked = _lock(letter)
        if not locked.is_closed:
            raise refusal(
                "transition",
                **{
                    "from": LetterStatus(locked.status).label,
                    "to": LetterStatus(_back_in_queue(locked)).label,
                },
            )
        locked.closed_at = None
        event = _change(
            locked,
            to=_back_in_queue(locked),
            role=Actor.SUPERVISOR,
            kind=EventKind.REOPENED,
            actor=actor,
            details={"reason": reason},
            update_fields=["closed_at"],
        )
        queue_sender_email(letter=locked, event=event, site_url=site_url)
    return event
