"""A matricule twice in the file, or a CIN that is someone else's, is rejected, never written."""

import pytest

from registry.models import Member
from tests.factories import MemberFactory
from tests.registry.import_csv import csv_bytes, reasons, run_import, valid_row

pytestmark = pytest.mark.django_db


def test_it_rejects_the_later_occurrence_of_a_matricule_naming_the_earlier_line() -> None:
    first = valid_row(1)
    again = valid_row(2, matricule=first["matricule"], first_name="Autre")

    report = run_import(csv_bytes([valid_row(3), first, again]))

    assert reasons(report) == [
        (4, "500001", "Matricule déjà présent à la ligne 3 du fichier."),
    ]
    assert Member.objects.get(matricule="500001").first_name == "Karim1"


def test_it_spots_a_repeated_matricule_across_batches() -> None:
    rows = [valid_row(n) for n in range(1, 5)] + [valid_row(9, matricule="500001")]

    report = run_import(csv_bytes(rows), batch_size=2)

    assert reasons(report) == [(6, "500001", "Matricule déjà présent à la ligne 2 du fichier.")]
    assert report.created == 4


def test_it_rejects_a_cin_that_belongs_to_another_member_in_the_database() -> None:
    owner = MemberFactory.create(cin="QA777")

    report = run_import(csv_bytes([valid_row(1, cin="qa777 "), valid_row(2)]))

    assert reasons(report) == [
        (2, "500001", f"Le CIN QA777 appartient déjà à l'adhérent de matricule {owner.matricule}."),
    ]
    assert not Member.objects.filter(matricule="500001").exists()
    assert report.created == 1


def test_it_rejects_a_cin_given_to_another_matricule_earlier_in_the_file() -> None:
    report = run_import(csv_bytes([valid_row(1, cin="QA1"), valid_row(2, cin="QA1")]))

    assert reasons(report) == [
        (3, "500002", "Le CIN QA1 est déjà celui du matricule 500001 (ligne 2)."),
    ]
    assert list(Member.objects.values_list("matricule", flat=True)) == ["500001"]


def test_it_lets_a_member_keep_or_change_their_own_cin() -> None:
    MemberFactory.create(matricule="500001", cin="QA1")
    MemberFactory.create(matricule="500002", cin="QA2")

    report = run_import(csv_bytes([valid_row(1, cin="QA1"), valid_row(2, cin="QA3")]))

    assert report.rejections == []
    assert Member.objects.get(matricule="500002").cin == "QA3"
