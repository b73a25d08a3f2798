"""Reads of the agent workspace: the queue of a service, its counts, the dossier page, the
audit trail, the home page. Each reads in a fixed, small number of queries.

The queue never counts everything: it is read by keyset on (needs_attention, submitted_at, id),
the dossiers the member just answered first, then oldest first, through the composite indexes
of ``dossiers.Dossier`` (docs/decisions/backoffice-queue.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from backoffice.access import assigned_service_ids, is_supervisor
from backoffice.models import AgentAlert, AgentAssignment, AuditEntry
from catalog.models import Rule, Service
from catalog.rules import compute_amount, evaluate_eligibility
from catalog.rules.eligibility import CampaignOpen
from dossiers import selectors as dossier_selectors
from dossiers.constants import OPEN_STATUSES, DossierStatus
from dossiers.eligibility import dossier_context
from dossiers.models import Dossier, DossierAttachment, DossierEvent, DossierQuerySet
from fos.fields import MAX_ID
from registry.models import Member
from registry.validators import CIN_RE, MATRICULE_RE

QUEUE_PAGE_SIZE = 25
AUDIT_PAGE_SIZE = 50
HOME_LIST_SIZE = 10

# The queue's status filter: one status, or these groups.
OPEN = "open"
ALL = "all"
SECOND_APPROVAL = "second_approval"

NUMBER_RE = re.compile(r"^(\d{1,9})\s*/\s*([A-Za-z0-9_]{1,20})\s*/\s*(\d{4})$")
WORD_RE = re.compile(r"\w+", re.UNICODE)
MAX_NAME_WORDS = 4

# What a queue row shows; nothing else is read (``only``).
ROW_FIELDS = (
    "id",
    "number",
    "status",
    "submitted_at",
    "needs_attention",
    "beneficiary_type",
    "computed_amount",
    "approved_amount",
    "amount_overridden",
    "second_approval_required",
    "second_approved_by",
    "service",
    "member",
    "member__matricule",
    "member__cin",
    "member__last_name",
    "member__first_name",
    "member__last_name_ar",
    "member__first_name_ar",
    "campaign",
    "campaign__name_fr",
    "campaign__name_ar",
)


# The queue -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    status: str = OPEN
    campaign_id: int | None = None
    submitted_from: dt.date | None = None
    submitted_to: dt.date | None = None
    province_id: int | None = None
    position: str = ""
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    search: str = ""


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _search(rows: DossierQuerySet, service: Service, text: str) -> DossierQuerySet:
    """A dossier number (SEQ/CODE/YEAR), a CIN, a matricule, or words of the member's name in
    Latin or Arabic letters (each word in one of the four name fields)."""
    term = " ".join(text.split())
    number = NUMBER_RE.match(term)
    if number:
        sequence, code, year = number.groups()
        if code.lower() != service.code.lower():
            return rows.none()
        return rows.filter(sequence=int(sequence), year=int(year))
    compact = term.replace(" ", "").upper()
    if CIN_RE.match(compact):
        return rows.filter(member_id__in=Member.objects.filter(cin=compact).values("pk"))
    if MATRICULE_RE.match(compact):
        return rows.filter(member_id__in=Member.objects.filter(matricule=compact).values("pk"))
    words = WORD_RE.findall(term)[:MAX_NAME_WORDS]
    if not words:
        return rows
    members = Member.objects.all()
    for word in words:
        members = members.filter(
            Q(last_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name_ar__icontains=word)
            | Q(first_name_ar__icontains=word)
        )
    return rows.filter(member_id__in=members.values("pk"))


def queue_rows(service: Service, filters: QueueFilters) -> DossierQuerySet:
    """The service's sent dossiers that pass the filters, in no order (``queue_page`` orders)."""
    rows = Dossier.objects.filter(service=service, submitted_at__isnull=False)
    if filters.status == OPEN:
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif filters.status == SECOND_APPROVAL:
        rows = rows.awaiting_second_approval()
    elif filters.status in DossierStatus.values:
        rows = rows.filter(status=filters.status)
    if filters.campaign_id is not None:
        rows = rows.filter(campaign_id=filters.campaign_id)
    if filters.submitted_from is not None:
        rows = rows.filter(submitted_at__gte=_day_start(filters.submitted_from))
    if filters.submitted_to is not None:
        rows = rows.filter(submitted_at__lt=_day_start(filters.submitted_to + dt.timedelta(1)))
    if filters.province_id is not None or filters.position:
        # A semi-join: the database may start from the province's few members (their
        # dossiers by the member index) or walk the queue's index, whichever is cheaper.
        members = Member.objects.all()
        if filters.province_id is not None:
            members = members.filter(posting_province_id=filters.province_id)
        if filters.position:
            members = members.filter(position=filters.position)
        rows = rows.filter(member_id__in=members.values("pk"))
    if filters.amount_min is not None or filters.amount_max is not None:
        rows = rows.alias(granted=Coalesce("approved_amount", "computed_amount"))
        if filters.amount_min is not None:
            rows = rows.filter(granted__gte=filters.amount_min)
        if filters.amount_max is not None:
            rows = rows.filter(granted__lte=filters.amount_max)
    if filters.search.strip():
        rows = _search(rows, service, filters.search)
    return rows


@dataclass(frozen=True)
class Cursor:
    """A row's place in the queue's order: (needs_attention first, submitted_at, id)."""

    attention: bool
    submitted_at: dt.datetime
    pk: int

    @classmethod
    def of(cls, dossier: Dossier) -> Cursor:
        assert dossier.submitted_at is not None  # noqa: S101 (the queue reads sent dossiers)
        return cls(dossier.needs_attention, dossier.submitted_at, dossier.pk)

    def encode(self) -> str:
        return f"{int(self.attention)}_{_microseconds(self.submitted_at)}_{self.pk}"

    @classmethod
    def decode(cls, value: str | None) -> Cursor | None:
        """None for anything that is not a cursor this module wrote (a hand-edited URL)."""
        try:
            flag, stamp, pk = (value or "").split("_")
            if flag not in ("0", "1"):
                return None
            return cls(flag == "1", _moment(stamp), _row_id(pk))
        except (ValueError, OverflowError):
            return None


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _microseconds(moment: dt.datetime) -> int:
    """A moment as an exact integer (a float would lose the microseconds)."""
    return (moment - EPOCH) // dt.timedelta(microseconds=1)


def _moment(microseconds: str) -> dt.datetime:
    return EPOCH + dt.timedelta(microseconds=int(microseconds))


def _after(rows: DossierQuerySet, cursor: Cursor | None) -> DossierQuerySet:
    rows = rows.order_by("submitted_at", "id")
    if cursor is None:
        return rows
    moment = cursor.submitted_at
    # The redundant ``>=`` lets the database start its index range at the cursor.
    return rows.filter(
        Q(submitted_at__gt=moment) | Q(submitted_at=moment, id__gt=cursor.pk),
        submitted_at__gte=moment,
    )


def _before(rows: DossierQuerySet, cursor: Cursor | None) -> DossierQuerySet:
    rows = rows.order_by("-submitted_at", "-id")
    if cursor is None:
        return rows
    moment = cursor.submitted_at
    return rows.filter(
        Q(submitted_at__lt=moment) | Q(submitted_at=moment, id__lt=cursor.pk),
        submitted_at__lte=moment,
    )


@dataclass
class QueuePage:
    rows: list[Dossier]
    number: int
    next_cursor: str | None = None
    previous_cursor: str | None = None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)


def _forward(rows: DossierQuerySet, cursor: Cursor | None, size: int) -> list[Dossier]:
    found: list[Dossier] = []
    if cursor is None or cursor.attention:
        attention = rows.filter(needs_attention=True)
        found += _after(attention, cursor)[: size + 1]
    if len(found) <= size:
        normal = rows.filter(needs_attention=False)
        start = cursor if cursor is not None and not cursor.attention else None
        found += _after(normal, start)[: size + 1 - len(found)]
    return found


def _backward(rows: DossierQuerySet, cursor: Cursor, size: int) -> list[Dossier]:
    found: list[Dossier] = []
    if not cursor.attention:
        found += _before(rows.filter(needs_attention=False), cursor)[: size + 1]
    if len(found) <= size:
        end = cursor if cursor.attention else None
        found += _before(rows.filter(needs_attention=True), end)[: size + 1 - len(found)]
    return found


def queue_page(
    service: Service,
    filters: QueueFilters,
    *,
    after: str | None = None,
    before: str | None = None,
    number: int = 1,
    size: int | None = None,
) -> QueuePage:
    """One page of the queue, the rows after (or before) a cursor of the previous page.

    One or two queries (the dossiers the member answered, then the others), each an index range
    read, whatever the page's depth; the page number is only carried along for display.
    """
    size = size or QUEUE_PAGE_SIZE
    rows = queue_rows(service, filters).select_related("member", "campaign").only(*ROW_FIELDS)
    back = Cursor.decode(before)
    if back is not None:
        found = _backward(rows, back, size)
        if len(found) >= size:
            page = found[:size][::-1]
            return QueuePage(
                rows=page,
                number=max(number, 2) if len(found) > size else 1,
                next_cursor=Cursor.of(page[-1]).encode(),
                previous_cursor=Cursor.of(page[0]).encode() if len(found) > size else None,
            )
        after, number = None, 1  # fewer rows than a page before it: show the first page
    start = Cursor.decode(after)
    found = _forward(rows, start, size)
    page = found[:size]
    first = start is None
    return QueuePage(
        rows=page,
        number=1 if first else max(number, 2),
        next_cursor=Cursor.of(page[-1]).encode() if len(found) > size else None,
        previous_cursor=Cursor.of(page[0]).encode() if page and not first else None,
    )


def status_counts(service: Service) -> dict[str, int]:
    """How many of the service's sent dossiers are in each status: one GROUP BY query."""
    rows = (
        Dossier.objects.filter(service=service, submitted_at__isnull=False)
        .values_list("status")
        .annotate(total=Count("id"))
        .order_by()
    )
    counts = dict.fromkeys(DossierStatus.values, 0)
    counts.update(dict(rows))
    return counts


@dataclass
class ServiceQueue:
    service: Service
    open: int = 0
    answered: int = 0


def service_queues(user: Any) -> list[ServiceQueue]:
    """The services ``user`` may open, each with its open dossiers and the dossiers the member
    just answered (two queries, whatever the number of services)."""
    allowed = assigned_service_ids(user)
    services = Service.objects.select_related("category")
    if allowed is not None:
        services = services.filter(pk__in=allowed)
    queues = {service.pk: ServiceQueue(service) for service in services}
    counts = (
        Dossier.objects.filter(status__in=OPEN_STATUSES, service_id__in=list(queues))
        .values_list("service_id")
        .annotate(total=Count("id"), answered=Count("id", filter=Q(needs_attention=True)))
        .order_by()
    )
    for service_id, total, answered in counts:
        queues[service_id].open, queues[service_id].answered = total, answered
    return list(queues.values())


# The dossier page ------------------------------------------------------------------------------


@dataclass
class RulesCheck:
    """The service's rules on the dossier's data: at submission, and again now."""

    refusals_now: list[str]
    amount_now: Decimal | None
    amount_at_submission: Decimal | None
    checked_at: dt.datetime

    @property
    def eligible_now(self) -> bool:
        return not self.refusals_now


def rules_now(dossier: Dossier, *, at: dt.datetime | None = None) -> RulesCheck:
    """The eligibility rules and the amount rule evaluated now, with the member's registry data
    and history of today (this dossier left out). The campaign's window is not checked again:
    it was open when the dossier was sent."""
    moment = at or timezone.now()
    service = dossier.service
    rules = list(Rule.objects.filter(service_id=service.pk))
    member = dossier_selectors.member_with_family(dossier.member_id)
    history = dossier_selectors.DossierHistory.of_member(member, exclude=dossier.pk)
    dossier.member = member
    context = dossier_context(dossier, service=service, member=member, history=history, at=moment)
    refusals = [
        result.message
        for result in evaluate_eligibility(rules, context)
        if result.code != CampaignOpen.code
    ]
    return RulesCheck(
        refusals_now=list(dict.fromkeys(refusals)),
        amount_now=compute_amount(rules, context),
        amount_at_submission=dossier.computed_amount,
        checked_at=moment,
    )


@dataclass
class StaffDossierPage:
    dossier: Dossier
    member: Member
    events: list[DossierEvent]
    attachments: list[DossierAttachment]
    audit: list[AuditEntry]
    rules: RulesCheck
    first_approver: Any = None
    documents_request: DossierEvent | None = None
    supervisor: bool = False


def approver_id(dossier: Dossier) -> int | None:
    """Who gave the approval that stands (the last one), from the dossier's timeline."""
    return (
        dossier.events.filter(to_status=DossierStatus.APPROVED)
        .order_by("-at", "-id")
        .values_list("actor_id", flat=True)
        .first()
    )


def staff_dossier_page(dossier: Dossier, *, user: Any) -> StaffDossierPage:
    """What an agent reads on a dossier read by ``access.dossier_for_staff``: the member and
    family, the rules now and at submission, the documents, the timeline and the audit rows.

    A fixed number of queries, whatever the length of the timeline or the number of documents.
    """
    events = list(dossier.events.select_related("actor").order_by("at", "id"))
    attachments = list(
        dossier.attachments.select_related("document", "required_document").order_by(
            "added_at", "id"
        )
    )
    audit = list(
        AuditEntry.objects.filter(target_type="dossiers.dossier", target_id=str(dossier.pk))
        .select_related("actor")
        .order_by("at", "id")
    )
    rules = rules_now(dossier)
    approvals = [e for e in events if e.to_status == DossierStatus.APPROVED]
    request = None
    if dossier.status == DossierStatus.DOCUMENTS_REQUESTED:
        request = next(
            (e for e in reversed(events) if e.to_status == DossierStatus.DOCUMENTS_REQUESTED),
            None,
        )
    return StaffDossierPage(
        dossier=dossier,
        member=dossier.member,
        events=events,
        attachments=attachments,
        audit=audit,
        rules=rules,
        first_approver=approvals[-1].actor if approvals else None,
        documents_request=request,
        supervisor=is_supervisor(user),
    )


def attachment_of(dossier: Dossier, pk: Any) -> DossierAttachment | None:
    try:
        return dossier.attachments.select_related("document").get(pk=int(pk))
    except (DossierAttachment.DoesNotExist, TypeError, ValueError):
        return None


# The home page -----------------------------------------------------------------------------------


@dataclass
class Home:
    alerts: list[AgentAlert]
    unread_alerts: int
    supervisor: bool = False
    second_approvals: list[Dossier] = field(default_factory=list)
    assignments: list[AgentAssignment] = field(default_factory=list)


def unread_alerts(user: Any) -> QuerySet[AgentAlert]:
    return AgentAlert.objects.filter(agent=user, read_at__isnull=True)


def home(user: Any) -> Home:
    alerts = unread_alerts(user).select_related("dossier", "dossier__service")
    page = Home(alerts=list(alerts[:HOME_LIST_SIZE]), unread_alerts=unread_alerts(user).count())
    if is_supervisor(user):
        page.supervisor = True
        page.second_approvals = list(
            Dossier.objects.awaiting_second_approval()
            .select_related("service", "member")
            .order_by("submitted_at", "id")[:HOME_LIST_SIZE]
        )
        page.assignments = list(
            AgentAssignment.objects.select_related("user", "service").order_by(
                "service__code", "user__username"
            )
        )
    return page


# The audit trail -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    actor_id: int | None = None
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    target_type: str = ""
    target: str = ""
    search: str = ""


def audit_rows(filters: AuditFilters) -> QuerySet[AuditEntry]:
    rows = AuditEntry.objects.select_related("actor")
    if filters.actor_id is not None:
        rows = rows.filter(actor_id=filters.actor_id)
    if filters.action:
        rows = rows.filter(action__startswith=filters.action.strip())
    if filters.date_from is not None:
        rows = rows.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to is not None:
        rows = rows.filter(at__lt=_day_start(filters.date_to + dt.timedelta(1)))
    if filters.target_type:
        rows = rows.filter(target_type=filters.target_type.strip().lower())
    if filters.target.strip():
        target = filters.target.strip()
        rows = rows.filter(Q(target_id=target) | Q(target_label=target))
    for word in filters.search.split()[:MAX_NAME_WORDS]:
        rows = rows.filter(
            Q(target_label__icontains=word)
            | Q(reason__icontains=word)
            | Q(action__icontains=word)
            | Q(actor__username__icontains=word)
        )
    return rows


@dataclass
class AuditPage:
    rows: list[AuditEntry]
    number: int
    next_cursor: str | None = None


def audit_page(
    filters: AuditFilters, *, after: str | None = None, number: int = 1, size: int | None = None
) -> AuditPage:
    """Newest first, by keyset on (at, id): no count of the whole trail."""
    size = size or AUDIT_PAGE_SIZE
    rows = audit_rows(filters).order_by("-at", "-id")
    start = _audit_cursor(after)
    if start is not None:
        moment, pk = start
        rows = rows.filter(Q(at__lt=moment) | Q(at=moment, id__lt=pk), at__lte=moment)
    found = list(rows[: size + 1])
    page = found[:size]
    last = page[-1] if page else None
    return AuditPage(
        rows=page,
        number=1 if start is None else max(number, 2),
        next_cursor=f"{_microseconds(last.at)}_{last.pk}"
        if last is not None and len(found) > size
        else None,
    )


def _audit_cursor(value: str | None) -> tuple[dt.datetime, int] | None:
    try:
        stamp, pk = (value or "").split("_")
        return _moment(stamp), _row_id(pk)
    except (ValueError, OverflowError):
        return None


def _row_id(text: str) -> int:
    """A cursor's row id; ValueError past the database's integers (SQLite overflows there)."""
    pk = int(text)
    if not 0 <= pk <= MAX_ID:
        raise ValueError(text)
    return pk
