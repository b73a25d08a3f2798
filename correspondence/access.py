"""Who may read a letter: the access functions every view and endpoint uses.

- a member reads only the letters sent from their own account;
- a visitor reads only the letters whose reference and access code were given in this
  browser session (the code is never in a URL);
- the Foundation's staff read every letter: routing is the mail desk's own job, so no letter
  is hidden from the agents who sort it (docs/decisions/mail-desk.md).

Anyone else gets Http404, never 403: an outsider learns nothing of what exists.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.sessions.backends.base import SessionBase
from django.http import Http404

from accounts.roles import is_staff_user
from correspondence.codes import normalize_access_code, normalize_reference
from correspondence.constants import SenderKind
from correspondence.models import Letter, LetterAttachment

VISITOR_SESSION_KEY = "mail_desk_letters"


def _pk(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def letter_for_member(user: Any, pk: Any) -> Letter:
    member_id = getattr(user, "member_id", None)
    if not getattr(user, "is_authenticated", False) or member_id is None or is_staff_user(user):
        raise Http404
    letters = Letter.objects.select_related("service").filter(
        member_id=member_id, sender_kind=SenderKind.MEMBER
    )
    try:
        return letters.get(pk=_pk(pk))
    except Letter.DoesNotExist:
        raise Http404 from None


def letter_for_staff(user: Any, pk: Any) -> Letter:
    if not is_staff_user(user):
        raise Http404
    letters = Letter.objects.select_related("service", "assigned_to", "member", "sender_user")
    try:
        return letters.get(pk=_pk(pk))
    except Letter.DoesNotExist:
        raise Http404 from None


def letter_for_code(reference: str, code: str) -> Letter | None:
    """The visitor's letter when the code is its own; None otherwise, in the same time."""
    letter = (
        Letter.objects.filter(
            reference=normalize_reference(reference), sender_kind=SenderKind.VISITOR
        )
        .only("pk", "reference", "access_code_hash")
        .first()
    )
    typed = normalize_access_code(code)
    if letter is None:
        make_password(typed)  # the same hashing work as a real check: the time tells nothing
        return None
    return letter if check_password(typed, letter.access_code_hash) else None


def grant_visitor(session: SessionBase, letter: Letter) -> None:
    references = list(session.get(VISITOR_SESSION_KEY, []))
    if letter.reference not in references:
        references.append(letter.reference)
    session[VISITOR_SESSION_KEY] = references


def forget_visitor(session: SessionBase) -> None:
    session.pop(VISITOR_SESSION_KEY, None)


def visitor_letter(session: SessionBase, reference: str) -> Letter:
    if reference not in session.get(VISITOR_SESSION_KEY, []):
        raise Http404
    letters = Letter.objects.select_related("service").filter(sender_kind=SenderKind.VISITOR)
    try:
        return letters.get(reference=reference)
    except Letter.DoesNotExist:
        raise Http404 from None


def attachment_of(letter: Letter, pk: Any, *, staff: bool) -> LetterAttachment:
    """An attachment of this letter; the sender never reaches one of an internal note."""
    attachments = LetterAttachment.objects.filter(letter=letter)
    if not staff:
        attachments = attachments.exclude(message__is_internal=True)
    try:
        return attachments.get(pk=_pk(pk))
    except LetterAttachment.DoesNotExist:
        raise Http404 from None
