"""Each amount kind: a Decimal rounded to the cent half up, within its ceilings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.models import Motive, Service
from catalog.rules import Beneficiary, money
from tests.catalog.factories import CampaignFactory, MotiveFactory
from tests.catalog.helpers import StaticHistory, context_for, kind
from tests.factories import ChildFactory, MemberFactory

pytestmark = pytest.mark.django_db


def amount(
    code: str, *, base: str | None = None, history: StaticHistory | None = None, **params: object
) -> Decimal | None:
    member = MemberFactory.create()
    context = context_for(
        member,
        base_amount=None if base is None else Decimal(base),
        history=history or StaticHistory(),
    )
    return kind(code, "amount", **params).amount(context)


def test_it_rounds_half_up_to_the_cent() -> None:
    assert money(Decimal("0.005")) == Decimal("0.01")
    assert money(Decimal("2.675")) == Decimal("2.68")  # a float would give 2.67
    assert money(Decimal("-0.005")) == Decimal("-0.01")


def test_it_pays_a_fixed_amount() -> None:
    result = amount("fixed_amount", amount="7000")
    assert result == Decimal("7000.00")
    assert isinstance(result, Decimal)
    assert str(result) == "7000.00"


def test_it_pays_a_percent_of_the_declared_amount() -> None:
    assert amount("percent_with_ceiling", base="2400.00", percent="30") == Decimal("720.00")
    assert amount("percent_with_ceiling", base="1000.05", percent="50") == Decimal("500.03")
    assert amount("percent_with_ceiling", percent="30") is None  # nothing declared yet


def test_it_caps_the_percent_per_request_and_per_year() -> None:
    assert amount("percent_with_ceiling", base="8000", percent="50", ceiling="3000") == Decimal(
        "3000.00"
    )
    history = StaticHistory(amount=Decimal("2500.00"))
    capped = amount(
        "percent_with_ceiling", base="2000", percent="50", annual_ceiling="3000", history=history
    )
    assert capped == Decimal("500.00")
    exhausted = StaticHistory(amount=Decimal("3500.00"))
    nothing = amount(
        "percent_with_ceiling", base="2000", percent="50", annual_ceiling="3000", history=exhausted
    )
    assert nothing == Decimal("0.00")


@pytest.mark.parametrize(
    ("level", "expected"),
    [("primary", "10000.00"), ("middle", "12500.00"), ("secondary", "15000.00"), ("higher", None)],
)
def test_it_pays_by_school_level_times_months(level: str, expected: str | None) -> None:
    child = ChildFactory.create(school_level=level)
    rule = kind(
        "amount_by_school_level",
        "amount",
        amounts={"primary": "1000", "middle": "1250", "secondary": "1500"},
        months=10,
    )
    result = rule.amount(context_for(child.member, beneficiary=Beneficiary.of_child(child)))
    assert result == (None if expected is None else Decimal(expected))


def test_it_pays_a_share_of_the_cost_within_what_is_left_of_the_year() -> None:
    code = "share_of_cost_with_ceiling"
    half = amount(code, base="9999.99", share_percent="50", annual_ceiling="20000")
    assert half == Decimal("5000.00")
    history = StaticHistory(amount=Decimal("18000"))
    left = amount(code, base="10000", history=history, share_percent="50", annual_ceiling="20000")
    assert left == Decimal("2000.00")


def test_it_caps_an_item_at_its_annual_ceiling_less_what_it_got() -> None:
    motive = MotiveFactory.create()
    other = MotiveFactory.create(service=motive.service)
    rule = kind("annual_ceiling_per_item", "amount", annual_ceiling="6000")
    history = StaticHistory(
        amount=Decimal("99999"), amount_by_motive={motive.pk: Decimal("4500"), other.pk: Decimal(0)}
    )
    member = MemberFactory.create()
    for item, expected in [(motive, "1500.00"), (other, "2500.00")]:
        context = context_for(
            member,
            service=motive.service,
            motive=item,
            base_amount=Decimal("2500"),
            history=history,
        )
        assert rule.amount(context) == Decimal(expected)


def test_it_counts_the_ceiling_in_the_campaign_year() -> None:
    seen: list[int] = []

    class RecordingHistory(StaticHistory):
        def amount_for(
            self,
            service: Service,
            beneficiary: Beneficiary,
            year: int,
            motive: Motive | None = None,
        ) -> Decimal:
            seen.append(year)
            return Decimal(0)

    campaign = CampaignFactory.create(year=2025)
    rule = kind("share_of_cost_with_ceiling", "amount", share_percent="50", annual_ceiling="100")
    rule.amount(
        context_for(
            MemberFactory.create(),
            campaign=campaign,
            base_amount=Decimal(10),
            history=RecordingHistory(),
        )
    )
    assert seen == [2025]
