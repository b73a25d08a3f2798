"""Members are updated by matricule where a value changed; a second run changes nothing."""

import datetime as dt

import pytest

from registry.models import Member
from tests.factories import MemberFactory
from tests.registry.import_csv import csv_bytes, run_import, valid_row

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple[object, ...]]:
    return list(Member.objects.order_by("matricule").values_list())


def test_it_changes_nothing_when_the_same_file_is_imported_twice() -> None:
    data = csv_bytes([valid_row(n) for n in range(1, 6)], delimiter=";")
    first = run_import(data)
    before = snapshot()

    second = run_import(data)

    assert (first.created, first.updated, first.unchanged) == (5, 0, 0)
    assert (second.created, second.updated, second.unchanged, second.rejected) == (0, 0, 5, 0)
    assert snapshot() == before


def test_it_updates_a_changed_field_and_counts_the_rest_unchanged() -> None:
    run_import(csv_bytes([valid_row(1), valid_row(2)]))
    before = Member.objects.get(matricule="500002")

    report = run_import(csv_bytes([valid_row(1), valid_row(2, step="5", posting_city="Nador")]))

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    after = Member.objects.get(matricule="500002")
    assert (after.step, after.posting_city) == (5, "Nador")
    assert after.updated_at > before.updated_at
    assert after.created_at == before.created_at


def test_it_updates_a_member_created_elsewhere_by_matricule() -> None:
    member = MemberFactory.create(matricule="500001", cin="CD500001", step=1)

    report = run_import(csv_bytes([valid_row(1, step="9")]))

    assert report.updated == 1
    member.refresh_from_db()
    assert (member.step, member.first_name, member.posting_province_id) == (
        9,
        "Karim1",
        member.posting_province_id,
    )


def test_it_leaves_alone_the_columns_the_file_does_not_carry() -> None:
    member = MemberFactory.create(matricule="500001", cin="CD500001", phone="0611111111")
    row = {key: value for key, value in valid_row(1, step="9").items() if key != "phone"}

    run_import(csv_bytes([row]))

    member.refresh_from_db()
    assert (member.step, member.phone) == (9, "0611111111")


def test_it_validates_an_update_against_the_member_as_stored() -> None:
    MemberFactory.create(matricule="500001", cin="CD500001", pension_number="P-1")
    row = valid_row(1, position="retraité")
    del row["pension_number"]  # the stored pension number is kept, so the retiree is valid

    report = run_import(csv_bytes([row]))

    assert (report.updated, report.rejections) == (1, [])
    assert Member.objects.get().position == "retired"


def test_it_rejects_an_update_that_would_break_a_rule_with_what_is_stored() -> None:
    MemberFactory.create(
        matricule="500001", cin="CD500001", is_deceased=True, death_date=dt.date(2022, 1, 1)
    )
    row = valid_row(1, deceased="non")
    del row["death_date"]

    report = run_import(csv_bytes([row]))

    [rejection] = report.rejections
    assert "Une date de décès est indiquée" in rejection.reason
    assert Member.objects.get().is_deceased is True


def test_it_records_a_death_reported_by_the_pension_file() -> None:
    MemberFactory.create(matricule="500001", cin="CD500001")

    report = run_import(csv_bytes([valid_row(1, deceased="oui", death_date="2024-01-09")]))

    assert report.updated == 1
    member = Member.objects.get(matricule="500001")
    assert (member.is_deceased, member.death_date) == (True, dt.date(2024, 1, 9))


def test_a_dry_run_reports_what_would_change_and_writes_nothing() -> None:
    MemberFactory.create(matricule="500001", cin="CD500001", step=1)
    before = snapshot()

    report = run_import(
        csv_bytes([valid_row(1), valid_row(2), valid_row(3, rib="1")]), dry_run=True
    )

    assert (report.dry_run, report.created, report.updated, report.rejected) == (True, 1, 1, 1)
    assert snapshot() == before
