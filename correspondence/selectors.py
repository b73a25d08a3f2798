"""What the mail-desk pages show, each read in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from correspondence.codes import normalize_reference
from correspondence.constants import LetterStatus
from correspondence.models import Letter, LetterAttachment, LetterEvent, LetterMessage
from registry.models import Member


def member_letters(member: Member) -> QuerySet[Letter]:
    """The member's letters, newest first: one query per page (and one to count)."""
    return (
        Letter.objects.filter(member=member)
        .only("pk", "reference", "subject", "status", "received_at", "member_id")
        .order_by("-received_at", "-id")
    )


@dataclass(frozen=True)
class LetterPage:
    letter: Letter
    attachments: list[LetterAttachment]  # those of the letter itself
    messages: list[LetterMessage]  # each with .attachments prefetched
    events: list[LetterEvent] = field(default_factory=list)


def letter_page(letter: Letter, *, staff: bool) -> LetterPage:
    """The letter, its enclosures and its thread; internal notes and history for staff only.

    Three queries for the sender (four for staff), whatever the length of the thread.
    """
    attachments = list(LetterAttachment.objects.filter(letter=letter, message__isnull=True))
    messages = LetterMessage.objects.filter(letter=letter).select_related("author")
    if not staff:
        messages = messages.filter(is_internal=False)
    messages = messages.prefetch_related(
        Prefetch("attachments", queryset=LetterAttachment.objects.order_by("uploaded_at", "id"))
    )
    events: list[LetterEvent] = []
    if staff:
        events = list(LetterEvent.objects.filter(letter=letter).select_related("actor"))
    return LetterPage(
        letter=letter, attachments=attachments, messages=list(messages), events=events
    )


# The back office's inbox -------------------------------------------------------------------


MINE = "mine"
UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class InboxFilters:
    status: str = ""
    service_id: int | None = None
    assignment: str = ""  # "", MINE or UNASSIGNED
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    search: str = ""


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _filtered(filters: InboxFilters, *, user: User) -> QuerySet[Letter]:
    """Every filter but the status: the counts per status are of this set."""
    letters = Letter.objects.all()
    if filters.service_id is not None:
        letters = letters.filter(service_id=filters.service_id)
    if filters.assignment == MINE:
        letters = letters.filter(assigned_to=user)
    elif filters.assignment == UNASSIGNED:
        letters = letters.filter(assigned_to__isnull=True)
    if filters.received_from is not None:
        letters = letters.filter(received_at__gte=_day_start(filters.received_from))
    if filters.received_to is not None:
        next_day = filters.received_to + dt.timedelta(days=1)
        letters = letters.filter(received_at__lt=_day_start(next_day))
    text = " ".join(filters.search.split())
    if text:
        letters = letters.filter(
            Q(reference=normalize_reference(text))
            | Q(reference__icontains=text)
            | Q(sender_name__icontains=text)
            | Q(sender_cin__icontains=text.replace(" ", ""))
            | Q(sender_email__icontains=text)
            | Q(subject__icontains=text)
        )
    return letters


def inbox(filters: InboxFilters, *, user: User) -> QuerySet[Letter]:
    """The letters to handle, oldest first, with what a row shows (one query per page)."""
    letters = _filtered(filters, user=user)
    if filters.status:
        letters = letters.filter(status=filters.status)
    return (
        letters.select_related("service", "assigned_to")
        .annotate(attachment_count=Count("attachments"))
        .order_by("received_at", "id")
    )


def status_counts(filters: InboxFilters, *, user: User) -> dict[str, int]:
    """How many letters of each status match the other filters (one query)."""
    rows = (
        _filtered(filters, user=user).order_by().values_list("status").annotate(total=Count("id"))
    )
    counts = dict.fromkeys(LetterStatus.values, 0)
    counts.update(dict(rows))
    return counts
