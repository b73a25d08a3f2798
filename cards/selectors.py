"""What the card pages read, in a fixed number of queries whatever the member's family."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from cards.constants import CardStatus
from cards.models import MemberCard
from cards.photos import latest_photo
from catalog.constants import BeneficiaryType
from catalog.models import Service
from catalog.rules import eligible_beneficiaries
from documents.models import MemberDocument
from registry.models import Child, Member, Spouse
from registry.validators import age_on


@dataclass
class Entitlement:
    """A spouse or child, and the partners whose discount they may have with the card."""

    person: Spouse | Child
    relation: BeneficiaryType
    age: int | None
    partners: list[Service] = field(default_factory=list)

    @property
    def is_child(self) -> bool:
        return self.relation == BeneficiaryType.CHILD

    @property
    def name_fr(self) -> str:
        return " ".join(
            part for part in (self.person.first_name, getattr(self.person, "last_name", "")) if part
        )

    @property
    def name_ar(self) -> str:
        return " ".join(
            part
            for part in (self.person.first_name_ar, getattr(self.person, "last_name_ar", ""))
            if part
        )


@dataclass(frozen=True)
class CardPage:
    member: Member
    card: MemberCard | None
    photo: MemberDocument | None
    family: list[Entitlement]


def partner_services() -> QuerySet[Service]:
    """The active services of the partners' category (CARD_PARTNER_CATEGORY), with their rules:
    which family members they cover is read from those rules, never written here."""
    return (
        Service.objects.filter(category__code=settings.CARD_PARTNER_CATEGORY, is_active=True)
        .prefetch_related("rules")
        .order_by("order", "code")
    )


def entitled_family(member: Member, *, at: dt.datetime | None = None) -> list[Entitlement]:
    """Spouses and children that at least one partner's beneficiary rules accept on that day.

    ``member`` should come with its spouses and children prefetched (``member_with_family``).
    """
    moment = at or timezone.now()
    today = timezone.localdate(moment)
    rows: dict[tuple[str, int], Entitlement] = {}
    for spouse in member.spouses.all():
        age = age_on(spouse.birth_date, today) if spouse.birth_date else None
        rows[(BeneficiaryType.SPOUSE, spouse.pk)] = Entitlement(spouse, BeneficiaryType.SPOUSE, age)
    for child in member.children.all():
        rows[(BeneficiaryType.CHILD, child.pk)] = Entitlement(
            child, BeneficiaryType.CHILD, age_on(child.birth_date, today)
        )
    for service in partner_services():
        for beneficiary in eligible_beneficiaries(
            service, member, rules=service.rules.all(), at=moment
        ):
            row = rows.get((beneficiary.type, beneficiary.person.pk))
            if row is not None:
                row.partners.append(service)
    return [row for row in rows.values() if row.partners]


def member_with_family(member_id: int) -> Member:
    return Member.objects.prefetch_related("spouses", "children").get(pk=member_id)


def active_card(member: Member) -> MemberCard | None:
    return MemberCard.objects.filter(member=member, status=CardStatus.ACTIVE).first()


def card_page(member_id: int, *, at: dt.datetime | None = None) -> CardPage:
    member = member_with_family(member_id)
    return CardPage(
        member=member,
        card=active_card(member),
        photo=latest_photo(member),
        family=entitled_family(member, at=at),
    )


def search_cards(*, query: str = "", status: str = "") -> QuerySet[MemberCard]:
    """The back office's list: by card number, matricule or name (Latin or Arabic letters)."""
    cards = MemberCard.objects.select_related("member").order_by("-issued_at", "-id")
    if status in CardStatus.values:
        cards = cards.filter(status=status)
    for word in query.split():
        cards = cards.filter(
            Q(number__icontains=word)
            | Q(member__matricule__iexact=word)
            | Q(member__last_name__icontains=word)
            | Q(member__first_name__icontains=word)
            | Q(member__last_name_ar__icontains=word)
            | Q(member__first_name_ar__icontains=word)
        )
    return cards
