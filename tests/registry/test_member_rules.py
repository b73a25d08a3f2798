import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model

from registry.models import Member, Position, Province
from tests.factories import ChildFactory, MemberFactory, SpouseFactory

pytestmark = pytest.mark.django_db


def errors_of(instance: Model) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.message_dict


def test_it_loads_all_75_provinces_with_arabic_names() -> None:
    assert Province.objects.count() == 75
    assert not Province.objects.filter(name_ar="").exists()


def test_it_knows_every_air_transport_province() -> None:
    from registry.provinces import AIR_TRANSPORT_PROVINCES

    assert Province.objects.filter(code__in=AIR_TRANSPORT_PROVINCES).count() == len(
        AIR_TRANSPORT_PROVINCES
    )


def test_a_valid_member_passes_full_clean() -> None:
    MemberFactory.create().full_clean()


def test_it_requires_a_pension_number_for_a_retiree() -> None:
    member = MemberFactory.build(position=Position.RETIRED, pension_number="")
    assert "pension_number" in errors_of(member)


def test_the_database_refuses_a_retiree_without_pension_number() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory.create(position=Position.RETIRED, pension_number="")


def test_it_refuses_recruitment_before_age_16() -> None:
    member = MemberFactory.build(
        birth_date=dt.date(1990, 6, 1), recruitment_date=dt.date(2006, 5, 31)
    )
    assert "recruitment_date" in errors_of(member)


def test_it_accepts_recruitment_on_the_16th_birthday() -> None:
    MemberFactory.create(
        birth_date=dt.date(1990, 6, 1), recruitment_date=dt.date(2006, 6, 1)
    ).full_clean()


def test_it_refuses_a_birth_date_in_the_future() -> None:
    member = MemberFactory.build(birth_date=dt.date(2999, 1, 1), recruitment_date=None)
    assert "birth_date" in errors_of(member)


def test_it_requires_a_death_date_for_a_deceased_member() -> None:
    assert "death_date" in errors_of(MemberFactory.build(is_deceased=True))


def test_it_refuses_a_death_date_for_a_living_member() -> None:
    assert "is_deceased" in errors_of(MemberFactory.build(death_date=dt.date(2020, 1, 1)))


def test_it_refuses_a_child_born_before_the_member() -> None:
    member = MemberFactory.create(birth_date=dt.date(1980, 1, 1))
    child = ChildFactory.build(member=member, birth_date=dt.date(1979, 12, 31))
    assert "birth_date" in errors_of(child)


def test_a_member_may_have_several_spouses() -> None:
    member = MemberFactory.create()
    SpouseFactory.create(member=member)
    SpouseFactory.create(member=member, first_name="Nadia")
    assert member.spouses.count() == 2


def test_matricule_and_cin_are_unique() -> None:
    first = MemberFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory.create(matricule=first.matricule)
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory.create(cin=first.cin)


def test_it_shows_names_in_the_reader_language() -> None:
    from django.utils import translation

    member = MemberFactory.create(
        first_name="Sami", last_name="Naim", first_name_ar="سامي", last_name_ar="نعيم"
    )
    with translation.override("ar"):
        assert member.full_name == "سامي نعيم"
    with translation.override("fr"):
        assert member.full_name == "Sami Naim"
    assert isinstance(Member.objects.get(pk=member.pk).full_name, str)


def test_it_refuses_a_child_born_before_an_unsaved_member() -> None:
    member = MemberFactory.build(birth_date=dt.date(1980, 1, 1))
    child = ChildFactory.build(member=member, birth_date=dt.date(1975, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        child.clean()
    assert "birth_date" in excinfo.value.message_dict
