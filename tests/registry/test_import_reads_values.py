"""The spellings HR files use for dates, sexes, positions, provinces and flags are understood."""

import datetime as dt

import pytest

from registry.models import Member, Position, PostingType, Province, Sex
from tests.registry.import_csv import csv_bytes, run_import, valid_row

pytestmark = pytest.mark.django_db


def imported(**overrides: str) -> Member:
    report = run_import(csv_bytes([valid_row(1, **overrides)]))
    assert report.rejections == []
    return Member.objects.get()


@pytest.mark.parametrize("value", ["1982-03-14", "14/03/1982", "14/3/1982", " 14/03/1982 "])
def test_it_reads_iso_and_french_dates(value: str) -> None:
    assert imported(birth_date=value).birth_date == dt.date(1982, 3, 14)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("M", Sex.MALE), ("m", Sex.MALE), ("H", Sex.MALE), ("F", Sex.FEMALE), ("f ", Sex.FEMALE)],
)
def test_it_reads_the_sex_with_h_for_homme(value: str, expected: Sex) -> None:
    assert imported(sex=value).sex == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("active", Position.ACTIVE),
        ("ACTIF", Position.ACTIVE),
        ("seconded", Position.SECONDED),
        ("Détaché", Position.SECONDED),
        ("detache", Position.SECONDED),
        ("disposal", Position.DISPOSAL),
        ("Mis à disposition", Position.DISPOSAL),
        ("mis_a_disposition", Position.DISPOSAL),
    ],
)
def test_it_reads_positions_in_english_and_french(value: str, expected: Position) -> None:
    assert imported(position=value).position == expected


@pytest.mark.parametrize("value", ["retired", "Retraite", "RETRAITÉ"])
def test_it_reads_a_retiree_with_a_pension_number(value: str) -> None:
    member = imported(position=value, pension_number=" 12345/b ")
    assert (member.position, member.pension_number) == (Position.RETIRED, "12345/B")


@pytest.mark.parametrize(
    "value", ["oujda-angad", "Oujda-Angad", "OUJDA ANGAD", "وجدة أنكاد", "Oujda", "oujda"]
)
def test_it_finds_a_province_by_code_name_arabic_name_or_alias(value: str) -> None:
    assert imported(posting_province=value).posting_province == Province.objects.get(
        code="oujda-angad"
    )


@pytest.mark.parametrize("value", ["Laâyoune", "laayoune", "العيون"])
def test_it_ignores_accents_in_province_names(value: str) -> None:
    assert imported(posting_province=value).posting_province_id == (
        Province.objects.get(code="laayoune").pk
    )


def test_it_accepts_a_member_without_province() -> None:
    assert imported(posting_province="").posting_province is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("central", PostingType.CENTRAL),
        ("Centraux", PostingType.CENTRAL),
        ("external", PostingType.EXTERNAL),
        ("Extérieurs", PostingType.EXTERNAL),
        ("", PostingType.CENTRAL),
    ],
)
def test_it_reads_the_posting_type(value: str, expected: PostingType) -> None:
    assert imported(posting_type=value).posting_type == expected


@pytest.mark.parametrize("value", ["1", "oui", "OUI", "yes", "true", "True"])
def test_it_reads_a_deceased_flag(value: str) -> None:
    member = imported(deceased=value, death_date="02/04/2021")
    assert (member.is_deceased, member.death_date) == (True, dt.date(2021, 4, 2))


@pytest.mark.parametrize("value", ["0", "non", "no", "false", "FALSE", ""])
def test_it_reads_a_living_flag(value: str) -> None:
    assert imported(deceased=value).is_deceased is False


def test_it_trims_identifiers_and_removes_spaces_inside_a_rib() -> None:
    rib = valid_row(1)["rib"]
    spaced = f" {rib[:3]} {rib[3:6]} {rib[6:22]} {rib[22:]} "

    member = imported(rib=spaced, cin=" cd500001 ", phone=" 0661234567 ", matricule=" 500001 ")

    assert (member.rib, member.cin, member.phone, member.matricule) == (
        rib,
        "CD500001",
        "0661234567",
        "500001",
    )


def test_it_reads_grade_scale_and_step_as_numbers_or_nothing() -> None:
    member = imported(grade_scale="", step="07")
    assert (member.grade_scale, member.step) == (None, 7)
