"""factory_boy factories for the registry and accounts; every value they make is valid."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from registry.models import Child, Member, Position, PostingType, Province, Sex, Spouse
from registry.validators import rib_key


def make_rib(n: int) -> str:
    prefix = f"190170{n:016d}"
    return prefix + rib_key(prefix)


class MemberFactory(DjangoModelFactory[Member]):
    class Meta:
        model = Member

    matricule = factory.Sequence(lambda n: f"{100000 + n}")
    cin = factory.Sequence(lambda n: f"AB{100000 + n}")
    last_name = "Alaoui"
    first_name = factory.Sequence(lambda n: f"Sami{n}")
    last_name_ar = "العلوي"
    first_name_ar = "سامي"
    birth_date = dt.date(1980, 5, 17)
    sex = Sex.MALE
    position = Position.ACTIVE
    grade_scale = 10
    step = 5
    recruitment_date = dt.date(2005, 9, 1)
    posting_type = PostingType.CENTRAL
    posting_entity = "Direction du Budget"
    posting_city = "Rabat"
    posting_province = factory.LazyFunction(lambda: Province.objects.get(code="rabat"))
    professional_email = factory.LazyAttribute(lambda m: f"{m.matricule}@finances.gov.ma")
    phone = "0612345678"
    rib = factory.Sequence(make_rib)


class SpouseFactory(DjangoModelFactory[Spouse]):
    class Meta:
        model = Spouse

    member = factory.SubFactory(MemberFactory)
    last_name = "Bennani"
    first_name = "Salma"
    last_name_ar = "بناني"
    first_name_ar = "سلمى"
    sex = Sex.FEMALE
    birth_date = dt.date(1983, 2, 1)


class ChildFactory(DjangoModelFactory[Child]):
    class Meta:
        model = Child

    member = factory.SubFactory(MemberFactory)
    first_name = "Yassine"
    first_name_ar = "ياسين"
    sex = Sex.MALE
    birth_date = dt.date(2012, 6, 30)


PASSWORD = "correct horse battery"


class UserFactory(DjangoModelFactory[User]):
    """Create with ``UserFactory.create()`` (typed); the password is ``PASSWORD``."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)


class MemberUserFactory(UserFactory):
    member = factory.SubFactory(MemberFactory)
    username = factory.LazyAttribute(lambda u: u.member.matricule)  # type: ignore[assignment]
