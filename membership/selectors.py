"""What the pages of member data and membership read, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from documents.models import DocumentKind, MemberDocument
from membership.constants import ApplicationStatus, ChangeKind, ChangeStatus
from membership.models import (
    ChangeRequest,
    ChangeRequestDocument,
    ChangeRequestEvent,
    MembershipApplication,
)
from membership.proposals import FIELDS_BY_KIND, from_json
from registry.membership import is_current_member
from registry.models import Child, Member, Spouse

PHOTO_CONTENT_TYPES = ("image/jpeg", "image/png")
EMPTY = "—"


def photo_of(member: Member) -> MemberDocument | None:
    """The photo chosen on "Mes informations", else the latest identity photo kept."""
    if member.photo_id is not None:
        return member.photo
    return (
        MemberDocument.objects.filter(
            member=member, kind=DocumentKind.PHOTO, content_type__in=PHOTO_CONTENT_TYPES
        )
        .order_by("-uploaded_at", "-id")
        .first()
    )


def _requests_with_documents() -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.select_related("spouse", "child", "decided_by").prefetch_related(
        Prefetch(
            "attachments",
            queryset=ChangeRequestDocument.objects.select_related("document").order_by("id"),
        )
    )


@dataclass
class MemberInfoPage:
    member: Member
    photo: MemberDocument | None
    spouses: list[Spouse]
    children: list[Child]
    requests: list[ChangeRequest]
    is_current_member: bool
    pending_by_spouse: dict[int, ChangeRequest] = field(default_factory=dict)
    pending_by_child: dict[int, ChangeRequest] = field(default_factory=dict)
    pending_rib: ChangeRequest | None = None


def member_info_page(member: Member) -> MemberInfoPage:
    member = Member.objects.select_related("posting_province", "photo").get(pk=member.pk)
    requests = list(_requests_with_documents().filter(member=member).order_by("-created_at", "-id"))
    pending = [request for request in requests if request.is_pending]
    return MemberInfoPage(
        member=member,
        photo=photo_of(member),
        spouses=list(member.spouses.all()),
        children=list(member.children.all()),
        requests=requests,
        is_current_member=is_current_member(member),
        pending_by_spouse={
            r.spouse_id: r for r in pending if r.kind == ChangeKind.UPDATE_SPOUSE and r.spouse_id
        },
        pending_by_child={
            r.child_id: r for r in pending if r.kind == ChangeKind.UPDATE_CHILD and r.child_id
        },
        pending_rib=next((r for r in pending if r.kind == ChangeKind.RIB), None),
    )


def change_request_detail(request: ChangeRequest) -> tuple[list[ChangeRequestDocument], list[Any]]:
    attachments = list(request.attachments.select_related("document").order_by("id"))
    events = list(ChangeRequestEvent.objects.filter(request=request).select_related("actor"))
    return attachments, events


# Comparing values --------------------------------------------------------------------------


def _model_for(kind: str) -> type[Member] | type[Spouse] | type[Child]:
    if kind == ChangeKind.RIB:
        return Member
    return Spouse if kind in (ChangeKind.ADD_SPOUSE, ChangeKind.UPDATE_SPOUSE) else Child


def display_value(model: type[Any], name: str, value: Any) -> str:
    """A stored value as a person reads it: choices by label, dates, yes / no."""
    value = from_json(name, value)
    if value is None or value == "":
        return EMPTY
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Oui") if value else _("Non"))
    if hasattr(value, "isoformat"):
        return date_format(value, "d/m/Y")
    return str(value)


@dataclass(frozen=True)
class ComparedValue:
    name: str
    label: str
    current: str
    proposed: str
    changed: bool


def compared_values(request: ChangeRequest) -> list[ComparedValue]:
    """Current (or, once decided, recorded) values beside the proposed ones, field by field."""
    model = _model_for(request.kind)
    names = FIELDS_BY_KIND[request.kind]
    if request.status == ChangeStatus.APPROVED:
        current_values = dict(request.before)
    elif request.kind == ChangeKind.RIB:
        current_values = {"rib": request.member.rib}
    else:
        row = request.spouse if request.kind == ChangeKind.UPDATE_SPOUSE else request.child
        if request.kind in (ChangeKind.UPDATE_SPOUSE, ChangeKind.UPDATE_CHILD) and row is not None:
            current_values = {name: getattr(row, name) for name in names}
        else:
            current_values = {}
    rows = []
    for name in names:
        current = display_value(model, name, _as_json(current_values.get(name)))
        proposed = display_value(model, name, request.proposed.get(name))
        label = _label(model, name)
        rows.append(
            ComparedValue(
                name, label[:1].upper() + label[1:], current, proposed, current != proposed
            )
        )
    return rows


def _label(model: type[Any], name: str) -> str:
    label = str(getattr(model._meta.get_field(name), "verbose_name", name))
    return label[:1].upper() + label[1:]


def _as_json(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


# Back-office queues ------------------------------------------------------------------------


def _member_search(search: str, prefix: str = "member__") -> Q:
    words = search.split()
    condition = Q()
    for word in words:
        condition &= (
            Q(**{f"{prefix}matricule": word})
            | Q(**{f"{prefix}cin__iexact": word})
            | Q(**{f"{prefix}last_name__icontains": word})
            | Q(**{f"{prefix}first_name__icontains": word})
            | Q(**{f"{prefix}last_name_ar__icontains": word})
            | Q(**{f"{prefix}first_name_ar__icontains": word})
        )
    return condition


def change_queue(*, status: str, kind: str, search: str) -> QuerySet[ChangeRequest]:
    """Change requests, oldest first, filtered; each with its member and documents counted."""
    requests = ChangeRequest.objects.select_related("member", "spouse", "child").annotate(
        document_count=Count("attachments")
    )
    if kind:
        requests = requests.filter(kind=kind)
    if search:
        requests = requests.filter(_member_search(search))
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("created_at", "id")


def _by_status(rows: QuerySet[Any]) -> dict[str, int]:
    totals = rows.order_by().values("status").annotate(total=Count("id"))
    return {row["status"]: row["total"] for row in totals}


def change_counts(*, kind: str, search: str) -> dict[str, int]:
    """How many requests each status holds, under the same kind and search (one query)."""
    requests = ChangeRequest.objects.all()
    if kind:
        requests = requests.filter(kind=kind)
    if search:
        requests = requests.filter(_member_search(search))
    counted = _by_status(requests)
    return {status: counted.get(status, 0) for status in ChangeStatus.values}


def _application_search(search: str) -> Q:
    condition = Q()
    for word in search.split():
        condition &= (
            Q(matricule=word)
            | Q(cin__iexact=word)
            | Q(reference__iexact=word)
            | Q(last_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name_ar__icontains=word)
            | Q(first_name_ar__icontains=word)
        )
    return condition


def application_queue(*, status: str, search: str) -> QuerySet[MembershipApplication]:
    applications = MembershipApplication.objects.select_related("member").annotate(
        file_count=Count("files")
    )
    if search:
        applications = applications.filter(_application_search(search))
    if status:
        applications = applications.filter(status=status)
    return applications.order_by("submitted_at", "id")


def application_counts(*, search: str) -> dict[str, int]:
    applications = MembershipApplication.objects.all()
    if search:
        applications = applications.filter(_application_search(search))
    counted = _by_status(applications)
    return {status: counted.get(status, 0) for status in ApplicationStatus.values}


APPLICATION_COMPARED = (
    "matricule",
    "cin",
    "position",
    "pension_number",
    "last_name",
    "first_name",
    "last_name_ar",
    "first_name_ar",
    "birth_date",
    "sex",
)


def compared_application(application: MembershipApplication) -> list[ComparedValue]:
    """What the applicant wrote beside what the registry row says (empty when no row)."""
    member = application.member
    rows = []
    for name in APPLICATION_COMPARED:
        given = display_value(MembershipApplication, name, _as_json(getattr(application, name)))
        if member is not None:
            known = display_value(Member, name, _as_json(getattr(member, name)))
        else:
            known = EMPTY
        label = _label(MembershipApplication, name)
        rows.append(
            ComparedValue(
                name,
                label[:1].upper() + label[1:],
                known,
                given,
                member is not None and known != given,
            )
        )
    return rows
