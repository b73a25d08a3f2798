"""factory_boy factories for the catalogue; create with ``.create()`` (typed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from catalog.constants import RulePurpose
from catalog.models import Campaign, Motive, RequiredDocument, Rule, Service, ServiceCategory

CASABLANCA = ZoneInfo("Africa/Casablanca")


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=CASABLANCA)


class ServiceCategoryFactory(DjangoModelFactory[ServiceCategory]):
    class Meta:
        model = ServiceCategory

    code = factory.Sequence(lambda n: f"test-category-{n}")
    name_fr = factory.Sequence(lambda n: f"Catégorie {n}")
    name_ar = factory.Sequence(lambda n: f"فئة {n}")


class ServiceFactory(DjangoModelFactory[Service]):
    class Meta:
        model = Service

    code = factory.Sequence(lambda n: f"TEST_{n}")
    name_fr = factory.Sequence(lambda n: f"Prestation {n}")
    name_ar = factory.Sequence(lambda n: f"خدمة {n}")
    category = factory.SubFactory(ServiceCategoryFactory)
    pays_money = True
    steps = factory.LazyFunction(
        lambda: ["personal_data", "rib", "beneficiary", "uploads", "review"]
    )
    approval_threshold = Decimal("10000.00")


class MotiveFactory(DjangoModelFactory[Motive]):
    class Meta:
        model = Motive

    service = factory.SubFactory(ServiceFactory)
    code = factory.Sequence(lambda n: f"motive-{n}")
    name_fr = factory.Sequence(lambda n: f"Motif {n}")
    name_ar = factory.Sequence(lambda n: f"سبب {n}")


class CampaignFactory(DjangoModelFactory[Campaign]):
    class Meta:
        model = Campaign

    service = factory.SubFactory(ServiceFactory)
    name_fr = "Campagne 2026"
    name_ar = "حملة 2026"
    year = 2026
    key = factory.Sequence(lambda n: f"k{n}")
    opens_at = local(2026, 1, 1)
    closes_at = local(2027, 1, 1)


class RequiredDocumentFactory(DjangoModelFactory[RequiredDocument]):
    class Meta:
        model = RequiredDocument

    service = factory.SubFactory(ServiceFactory)
    name_fr = "Justificatif"
    name_ar = "وثيقة مثبتة"


class RuleFactory(DjangoModelFactory[Rule]):
    class Meta:
        model = Rule

    service = factory.SubFactory(ServiceFactory)
    purpose = RulePurpose.ELIGIBILITY
    kind = "member_alive"
    params = factory.LazyFunction(dict)
