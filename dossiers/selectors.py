"""Reads: the one access function, the member's history for the rules, and what pages show.

Every function here reads in a fixed number of queries, whatever the member's history.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_staff_user
from catalog import snapshot
from catalog.constants import BeneficiaryType
from catalog.models import Campaign, Motive, RequiredDocument, Rule, Service
from catalog.rules import Beneficiary
from dossiers.constants import COUNTED_STATUSES, GRANTED_STATUSES, DossierStatus
from dossiers.eligibility import campaign_refusals
from dossiers.models import Dossier, DossierAttachment, DossierEvent, DossierQuerySet
from registry.models import Child, Member, Province, Spouse

ZERO = Decimal("0.00")
RECENT_DOSSIERS = 10
NO_OPEN_CAMPAIGN = _("Aucune demande n'est ouverte en ce moment pour ce service.")

# A beneficiary as the history keys it: (type, id of the member, spouse or child).
PersonKey = tuple[str, int]


def person_key(beneficiary: Beneficiary) -> PersonKey:
    return (str(beneficiary.type), int(beneficiary.person.pk))


def dossier_person_key(
    beneficiary_type: str, member_id: int, spouse_id: int | None, child_id: int | None
) -> PersonKey:
    if beneficiary_type == BeneficiaryType.SPOUSE and spouse_id is not None:
        return (beneficiary_type, spouse_id)
    if beneficiary_type == BeneficiaryType.CHILD and child_id is not None:
        return (beneficiary_type, child_id)
    return (str(BeneficiaryType.MEMBER), member_id)


# Access --------------------------------------------------------------------------------------


def member_dossiers(user: Any) -> DossierQuerySet:
    """The dossiers a signed-in member owns; none for staff or anyone else."""
    member_id = getattr(user, "member_id", None)
    if not getattr(user, "is_authenticated", False) or member_id is None or is_staff_user(user):
        return Dossier.objects.none()
    return Dossier.objects.filter(member_id=member_id)


def dossier_for_member(user: Any, pk: Any) -> Dossier:
    """The member's own dossier ``pk``, or Http404 (never 403: no existence leak)."""
    try:
        return (
            member_dossiers(user)
            .select_related("service", "campaign", "motive", "spouse", "child", "member")
            .get(pk=int(pk))
        )
    except (Dossier.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def dossier_to_show(
    user: Any, pk: Any, *, member: Member, catalogue: snapshot.Snapshot | None = None
) -> Dossier:
    """``dossier_for_member`` for a page that only shows the dossier (no action on it).

    The service comes from the catalogue snapshot (catalog/snapshot.py; the page's cache key
    holds its digest) and the member is the caller's, read with the page's stamp
    (``pagecache.Stamp.member``: the name fields a page shows): joining both again, with their
    sixty columns, was half of a dossier page's first visit. A service the snapshot no longer
    holds (turned off since) is read. Objects of the snapshot are shared: nothing may change them.
    """
    try:
        dossier = (
            member_dossiers(user)
            .select_related("campaign", "motive", "spouse", "child")
            .get(pk=int(pk))
        )
    except (Dossier.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    dossier.member = member
    service = (catalogue or snapshot.current()).service(dossier.service_id)
    dossier.service = service or Service.objects.get(pk=dossier.service_id)
    return dossier


def payable_dossiers() -> DossierQuerySet:
    """Approved dossiers a payment batch may take: an amount to pay, and the supervisor's
    second approval given when the amount was above the service's threshold. Oldest first,
    with what a payment line needs (the member for the name and the registry's RIB)."""
    return (
        Dossier.objects.payable()
        .select_related("member", "service", "campaign")
        .order_by("submitted_at", "id")
    )


# History for the rules engine ----------------------------------------------------------------


@dataclass(frozen=True)
class PastRequest:
    service_id: int
    campaign_id: int
    person: PersonKey
    year: int
    motive_id: int | None
    amount: Decimal
    granted: bool


def _past_requests(member: Member | int, *, exclude: int | None) -> Iterator[PastRequest]:
    rows = Dossier.objects.filter(member=member, status__in=COUNTED_STATUSES, year__isnull=False)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    values = rows.values_list(
        "service_id",
        "campaign_id",
        "beneficiary_type",
        "member_id",
        "spouse_id",
        "child_id",
        "year",
        "motive_id",
        "approved_amount",
        "computed_amount",
        "status",
    )
    for (
        service_id,
        campaign_id,
        kind,
        member_id,
        spouse_id,
        child_id,
        year,
        motive_id,
        approved,
        computed,
        status,
    ) in values:
        yield PastRequest(
            service_id=service_id,
            campaign_id=campaign_id,
            person=dossier_person_key(kind, member_id, spouse_id, child_id),
            year=int(year or 0),
            motive_id=motive_id,
            amount=approved if approved is not None else (computed or ZERO),
            granted=status in GRANTED_STATUSES,
        )


class DossierHistory:
    """The engine's ``History`` protocol, answered from one query over the member's dossiers
    that count: sent, and neither rejected nor cancelled (drafts never count).

    ``of_member`` reads nothing until a rule asks: a service whose rules count no past request
    (no quota, no yearly ceiling) is decided without the query. A submission asks within its
    transaction, after the member's row is locked, so what it counts is what the lock holds.
    """

    def __init__(
        self,
        requests: Iterable[PastRequest] = (),
        *,
        load: Callable[[], Iterable[PastRequest]] | None = None,
    ) -> None:
        self._requests: list[PastRequest] | None = None if load else list(requests)
        self._load = load

    @property
    def requests(self) -> list[PastRequest]:
        if self._requests is None:
            assert self._load is not None  # noqa: S101 (set together in __init__)
            self._requests = list(self._load())
        return self._requests

    @classmethod
    def of_member(cls, member: Member | int, *, exclude: int | None = None) -> DossierHistory:
        return cls(load=lambda: _past_requests(member, exclude=exclude))

    def _of(self, service: Service, beneficiary: Beneficiary) -> list[PastRequest]:
        key = person_key(beneficiary)
        return [r for r in self.requests if r.service_id == service.pk and r.person == key]

    def count_for(self, service: Service, beneficiary: Beneficiary, year: int) -> int:
        return sum(1 for r in self._of(service, beneficiary) if r.year == year)

    def amount_for(
        self, service: Service, beneficiary: Beneficiary, year: int, motive: Motive | None = None
    ) -> Decimal:
        return sum(
            (
                r.amount
                for r in self._of(service, beneficiary)
                if r.year == year and (motive is None or r.motive_id == motive.pk)
            ),
            ZERO,
        )

    def years_granted(self, service: Service, beneficiary: Beneficiary) -> int:
        return len({r.year for r in self._of(service, beneficiary) if r.granted})

    def count_in_campaign(self, campaign: Campaign, beneficiary: Beneficiary) -> int:
        key = person_key(beneficiary)
        return sum(1 for r in self.requests if r.campaign_id == campaign.pk and r.person == key)


# Catalogue reads -----------------------------------------------------------------------------


def active_services() -> QuerySet[Service]:
    return (
        Service.objects.filter(is_active=True)
        .select_related("category")
        .prefetch_related(
            Prefetch("rules", queryset=Rule.objects.filter(is_active=True)),
            Prefetch("motives", queryset=Motive.objects.filter(is_active=True)),
            Prefetch("documents", queryset=RequiredDocument.objects.order_by("order", "id")),
        )
    )


def open_campaigns(at: dt.datetime | None = None) -> QuerySet[Campaign]:
    moment = at or timezone.now()
    return Campaign.objects.filter(
        is_active=True, service__is_active=True, opens_at__lte=moment, closes_at__gt=moment
    ).order_by("service_id", "opens_at", "pk")


def member_with_family(member_id: int) -> Member:
    """The member with posting province, spouses and children (the pages that show them; a
    submission reads less: ``member_for_submission``)."""
    return (
        Member.objects.select_related("posting_province")
        .prefetch_related("spouses", "children")
        .get(pk=member_id)
    )


# The member, the posting province and the number of children in one statement (the ORM's
# version with select_related, then a count, was two round trips and a compile that cost more
# than both). The province's columns come back prefixed and make the member's province.
MEMBER_FOR_SUBMISSION_SQL = """
SELECT m.*,
       (SELECT count(*) FROM registry_child c WHERE c.member_id = m.id) AS children_count,
       p.id AS province__id, p.name_fr AS province__name_fr, p.name_ar AS province__name_ar,
       p.code AS province__code, p.aliases AS province__aliases
FROM registry_member m LEFT JOIN registry_province p ON p.id = m.posting_province_id
WHERE m.id = %s
"""
PROVINCE_COLUMNS = ("id", "name_fr", "name_ar", "code", "aliases")


def member_for_submission(member_id: int) -> Member:
    """The member with the posting province and ``children_count``, the row locked until the
    caller's transaction ends (a member's submissions queue here, so that their quota checks
    see each other's dossiers; SQLite locks the whole database at the transaction's start).

    Not the family: a submission reads the one spouse or child it is for (``family_person``)
    and keeps the number of children; a whole family prefetched was two more queries on every
    submission.
    """
    sql = MEMBER_FOR_SUBMISSION_SQL
    if connection.features.has_select_for_update_of:
        sql += "FOR UPDATE OF m"
    member = next(iter(Member.objects.raw(sql, [member_id])), None)
    if member is None:
        raise Member.DoesNotExist(f"no member {member_id}")
    values = [getattr(member, f"province__{column}") for column in PROVINCE_COLUMNS]
    member.posting_province = (
        Province.from_db(connection.alias, list(PROVINCE_COLUMNS), values)
        if values[0] is not None
        else None
    )
    return member


def family_person(
    member: Member, beneficiary_type: str, person_id: int | None
) -> Spouse | Child | None:
    """The member's spouse or child ``person_id`` (by ``beneficiary_type``: spouse or child),
    or None when the person is not of this member's family."""
    if person_id is None:
        return None
    if beneficiary_type == BeneficiaryType.SPOUSE:
        return Spouse.objects.filter(member_id=member.pk, pk=person_id).first()
    return Child.objects.filter(member_id=member.pk, pk=person_id).first()


def children_count(member: Member) -> int:
    """The number of children ``member_for_submission`` counted with the member."""
    return int(member.children_count)  # type: ignore[attr-defined]


def campaign_for_request(campaign_id: int) -> Campaign | None:
    """The campaign ``campaign_id`` of an active service, with the service as a submission
    reads it (rules, motives, documents): from the catalogue snapshot confirmed against the
    database's revision (one query, catalog/snapshot.checked), or read when the snapshot does
    not hold it (a campaign already closed: the rules then refuse it)."""
    for campaign in snapshot.checked().campaigns:
        if campaign.pk == campaign_id:
            return campaign
    found = (
        Campaign.objects.select_related("service")
        .filter(pk=campaign_id, service__is_active=True)
        .first()
    )
    if found is not None:
        found.service = service_for_request(found.service_id)
    return found


def service_for_request(service_id: int) -> Service:
    """A service with everything the wizard and the submission read: rules, motives, documents."""
    return (
        Service.objects.select_related("category")
        .prefetch_related(
            "rules",
            Prefetch("motives", queryset=Motive.objects.filter(is_active=True)),
            Prefetch("documents", queryset=RequiredDocument.objects.order_by("order", "id")),
        )
        .get(pk=service_id)
    )


# Pages ---------------------------------------------------------------------------------------


def member_dossier_rows(user: Any) -> QuerySet[Dossier]:
    """The member's sent dossiers, newest first, with what a list row shows (one query)."""
    return (
        member_dossiers(user)
        .submitted()
        .select_related("service", "spouse", "child", "member")
        .order_by("-submitted_at", "-id")
    )


def member_drafts(user: Any) -> QuerySet[Dossier]:
    return (
        member_dossiers(user)
        .drafts()
        .select_related("service", "campaign", "spouse", "child", "member")
        .order_by("-updated_at", "-id")
    )


@dataclass
class DossierPage:
    dossier: Dossier
    events: list[DossierEvent]
    attachments: list[DossierAttachment]
    documents_request: DossierEvent | None = None
    status_counts: Counter[str] = field(default_factory=Counter)


def dossier_page(dossier: Dossier) -> DossierPage:
    """The timeline and attachments of a dossier read by ``dossier_for_member`` (two queries).

    Not who made each step: the member's page and the API show what happened and when."""
    events = list(dossier.events.order_by("at", "id"))
    attachments = list(
        dossier.attachments.select_related("document", "required_document").order_by(
            "added_at", "id"
        )
    )
    request = None
    if dossier.status == DossierStatus.DOCUMENTS_REQUESTED:
        request = next(
            (e for e in reversed(events) if e.to_status == DossierStatus.DOCUMENTS_REQUESTED),
            None,
        )
    return DossierPage(
        dossier=dossier, events=events, attachments=attachments, documents_request=request
    )


def attachments_by_required_document(dossier: Dossier) -> dict[int | None, DossierAttachment]:
    rows = dossier.attachments.select_related("document").order_by("added_at", "id")
    found: dict[int | None, DossierAttachment] = {}
    for attachment in rows:
        found[attachment.required_document_id] = attachment
    return found


def group_by_service(dossiers: Iterable[Dossier]) -> dict[int, list[Dossier]]:
    grouped: dict[int, list[Dossier]] = defaultdict(list)
    for dossier in dossiers:
        grouped[dossier.service_id].append(dossier)
    return grouped


# Dashboard and service page ------------------------------------------------------------------


@dataclass
class CampaignOffer:
    campaign: Campaign
    refusals: list[str]

    @property
    def available(self) -> bool:
        return not self.refusals


@dataclass
class ServiceTile:
    service: Service
    offers: list[CampaignOffer]
    drafts: list[Dossier] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return any(offer.available for offer in self.offers)

    @property
    def reasons(self) -> list[str]:
        if not self.offers:
            return [str(NO_OPEN_CAMPAIGN)]
        if self.available:
            return []
        return self.offers[0].refusals


@dataclass
class Dashboard:
    member: Member
    tiles: list[ServiceTile]
    recent: list[Dossier]
    drafts: list[Dossier]


def _offers(
    service: Service,
    campaigns: list[Campaign],
    *,
    member: Member,
    history: DossierHistory,
    at: dt.datetime,
) -> list[CampaignOffer]:
    rules = list(service.rules.all())
    return [
        CampaignOffer(
            campaign=campaign,
            refusals=campaign_refusals(
                rules, service=service, member=member, campaign=campaign, history=history, at=at
            ),
        )
        for campaign in campaigns
    ]


def member_dashboard(user: Any, *, at: dt.datetime | None = None) -> Dashboard:
    """The member's home: a tile per active service with what it offers now and why not,
    the recent dossiers and the drafts. A fixed number of queries, whatever the history."""
    moment = at or timezone.now()
    member = member_with_family(user.member_id)
    history = DossierHistory.of_member(member)
    catalogue = snapshot.current()  # rules parsed once per process (catalog/snapshot.py)
    by_service: dict[int, list[Campaign]] = defaultdict(list)
    for campaign in catalogue.open_campaigns(moment):
        by_service[campaign.service_id].append(campaign)
    # The member and the services are at hand: the rows join only what they add.
    mine = member_dossiers(user).select_related("spouse", "child")
    drafts = list(mine.drafts().select_related("campaign").order_by("-updated_at", "-id"))
    recent = list(mine.submitted().order_by("-submitted_at", "-id")[:RECENT_DOSSIERS])
    _attach(drafts + recent, member=member, services=catalogue.services)
    drafts_by_service = group_by_service(drafts)
    tiles = [
        ServiceTile(
            service=service,
            offers=_offers(
                service, by_service[service.pk], member=member, history=history, at=moment
            ),
            drafts=drafts_by_service.get(service.pk, []),
        )
        for service in catalogue.services
    ]
    return Dashboard(member=member, tiles=tiles, recent=recent, drafts=drafts)


def _attach(dossiers: list[Dossier], *, member: Member, services: Iterable[Service]) -> None:
    """Give rows their member and service without joining them again (a service the snapshot
    does not hold, now inactive, is read)."""
    known = {service.pk: service for service in services}
    missing = {d.service_id for d in dossiers} - known.keys()
    if missing:
        known.update(Service.objects.in_bulk(missing))
    for dossier in dossiers:
        dossier.member = member
        dossier.service = known[dossier.service_id]


@dataclass
class ServicePage:
    service: Service
    offers: list[CampaignOffer]
    history: list[Dossier]
    drafts: list[Dossier]


def service_page(user: Any, code: str, *, at: dt.datetime | None = None) -> ServicePage:
    moment = at or timezone.now()
    try:
        service = (
            Service.objects.filter(is_active=True)
            .prefetch_related(
                Prefetch("rules", queryset=Rule.objects.filter(is_active=True)),
                Prefetch("documents", queryset=RequiredDocument.objects.order_by("order", "id")),
            )
            .get(code=code)
        )
    except Service.DoesNotExist:
        raise Http404 from None
    member = member_with_family(user.member_id)
    campaigns = list(open_campaigns(moment).filter(service=service))
    history = DossierHistory.of_member(member)
    return ServicePage(
        service=service,
        offers=_offers(service, campaigns, member=member, history=history, at=moment),
        history=list(member_dossier_rows(user).filter(service=service)),
        drafts=list(member_drafts(user).filter(service=service)),
    )
