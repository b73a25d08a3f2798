"""The CSV and the bank transfer file, read back field by field: every line, and the count and
total each file carries; the export refuses a batch whose figures do not add up."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from backoffice.models import AuditEntry
from catalog.models import Service
from fos.csvfiles import decimal_from_cell
from payments import services
from payments.constants import BatchStatus
from payments.errors import BatchMismatch, PaymentError
from payments.files import fold_ascii
from payments.models import PaymentBatch
from tests.payments.factories import approved_dossier, batch_of, member_with_account

pytestmark = pytest.mark.django_db
FOUNDATION_RIB = "011000000000000001234540"
AMOUNTS = ("1000.10", "250.00", "0.35")


@pytest.fixture
def batch(agent_user: User, service: Service) -> PaymentBatch:
    names = [("Aït-Saïd", "Œdipe"), ("Benjelloun", "Zoé"), ("Alaoui", "Sami")]
    dossiers = [
        approved_dossier(
            service, amount=amount, member=member_with_account(last_name=last, first_name=first)
        )
        for amount, (last, first) in zip(AMOUNTS, names, strict=True)
    ]
    return batch_of(agent_user, *dossiers)


def field(record: str, first: int, width: int) -> str:
    """The field at 1-based position ``first`` as docs/admin-guide.md lays it out."""
    return record[first - 1 : first - 1 + width]


def test_it_writes_a_csv_excel_and_banks_read(agent_user: User, batch: PaymentBatch) -> None:
    exported = services.export_batch(batch=batch, actor=agent_user, file_format="csv")

    assert exported.content.startswith(b"\xef\xbb\xbf")
    assert exported.content_type == "text/csv; charset=utf-8"
    assert exported.filename == f"{batch.reference}.csv"
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    header, *lines, total = rows
    assert header == [
        "Lot", "N°", "Numéro de dossier", "Matricule", "Bénéficiaire", "RIB", "Montant",
        "Prestation",
    ]  # fmt: skip
    expected = list(batch.lines.select_related("dossier__member").order_by("pk"))
    assert len(lines) == 3
    for number, (row, line) in enumerate(zip(lines, expected, strict=True), start=1):
        assert row[0] == batch.reference
        assert int(row[1]) == number
        assert row[2] == line.dossier_number
        assert row[3] == line.dossier.member.matricule
        assert row[4] == line.beneficiary_name
        assert row[5] == line.rib
        assert decimal_from_cell(row[6]) == line.amount
        assert row[7] == "Aide exceptionnelle"
    assert lines[0][6] == "1000,10"
    assert total[0] == "TOTAL"
    assert int(total[1]) == 3
    assert decimal_from_cell(total[6]) == Decimal("1250.45")
    assert sum(decimal_from_cell(row[6]) for row in lines) == Decimal("1250.45")


def test_it_writes_the_fixed_width_transfer_file(agent_user: User, batch: PaymentBatch) -> None:
    exported = services.export_batch(batch=batch, actor=agent_user, file_format="bank")

    assert exported.content_type == "text/plain; charset=us-ascii"
    assert exported.filename == f"{batch.reference}.txt"
    text = exported.content.decode("ascii")
    assert text.endswith("\r\n")
    header, *details, trailer = text.split("\r\n")[:-1]
    assert {len(record) for record in [header, *details, trailer]} == {128}

    batch.refresh_from_db()
    assert field(header, 1, 2) == "01"
    assert field(header, 3, 16) == batch.reference.ljust(16)
    assert field(header, 19, 8) == timezone.localdate(batch.exported_at).strftime("%Y%m%d")
    assert field(header, 27, 24) == FOUNDATION_RIB
    assert field(header, 51, 35).rstrip() == "FONDATION OEUVRES SOCIALES MEF"
    assert field(header, 86, 3) == "MAD"
    assert field(header, 89, 6) == "000003"
    assert field(header, 95, 18) == "000000000000125045"

    lines = list(batch.lines.order_by("pk"))
    assert len(details) == 3
    for number, (record, line) in enumerate(zip(details, lines, strict=True), start=1):
        assert field(record, 1, 2) == "02"
        assert int(field(record, 3, 6)) == number
        assert field(record, 9, 35).rstrip() == fold_ascii(line.beneficiary_name)
        assert field(record, 44, 24) == line.rib
        assert Decimal(int(field(record, 68, 15))) / 100 == line.amount
        assert field(record, 83, 40).rstrip() == line.dossier_number
        assert field(record, 123, 6) == " " * 6
    assert field(details[0], 9, 35).rstrip() == "AIT SAID OEDIPE"
    assert field(details[1], 9, 35).rstrip() == "BENJELLOUN ZOE"
    assert field(details[2], 68, 15) == "000000000000035"

    assert field(trailer, 1, 2) == "03"
    assert int(field(trailer, 3, 6)) == 3 == len(details)
    total = int(field(trailer, 9, 18))
    assert total == 125045 == sum(int(field(record, 68, 15)) for record in details)


def test_the_first_download_exports_the_batch_and_later_ones_repeat_it(
    agent_user: User, batch: PaymentBatch
) -> None:
    first = services.export_batch(batch=batch, actor=agent_user, file_format="bank")
    again = services.export_batch(batch=batch, actor=agent_user, file_format="bank")

    batch.refresh_from_db()
    assert batch.status == BatchStatus.EXPORTED
    assert batch.exported_by == agent_user
    assert again.content == first.content
    actions = list(
        AuditEntry.objects.filter(target_id=str(batch.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "payment_batch.created",
        "payment_batch.exported",
        "payment_batch.downloaded",
    ]


def test_it_refuses_to_export_when_the_total_does_not_add_up(
    agent_user: User, batch: PaymentBatch
) -> None:
    PaymentBatch.objects.filter(pk=batch.pk).update(total=Decimal("1250.44"))

    with pytest.raises(BatchMismatch, match=r"1250\.44"):
        services.export_batch(batch=batch, actor=agent_user, file_format="bank")

    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRAFT
    assert not AuditEntry.objects.filter(action="payment_batch.exported").exists()


def test_it_refuses_to_export_when_the_count_does_not_add_up(
    agent_user: User, batch: PaymentBatch
) -> None:
    PaymentBatch.objects.filter(pk=batch.pk).update(count=4)

    with pytest.raises(BatchMismatch):
        services.export_batch(batch=batch, actor=agent_user, file_format="csv")


@override_settings(FOUNDATION_RIB="")
def test_it_needs_the_foundations_rib_for_the_bank_file(
    agent_user: User, batch: PaymentBatch
) -> None:
    with pytest.raises(PaymentError, match="FOUNDATION_RIB"):
        services.export_batch(batch=batch, actor=agent_user, file_format="bank")

    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRAFT


def test_it_has_no_file_for_a_cancelled_batch(agent_user: User, batch: PaymentBatch) -> None:
    services.cancel_batch(batch=batch, actor=agent_user)

    with pytest.raises(PaymentError, match="annulé"):
        services.export_batch(batch=batch, actor=agent_user, file_format="csv")


def test_it_folds_names_to_the_banks_letters() -> None:
    assert fold_ascii("  Aït-Ṣaïd  Œuvre  d'Été ") == "AIT SAID OEUVRE D ETE"
    assert fold_ascii("العلوي") == ""


def test_the_csv_never_carries_a_formula_whatever_a_name_starts_with(
    agent_user: User, service: Service
) -> None:
    """A name, a matricule or a service's label that opens with =, +, -, @, a tab, spaces
    or a full-width sign reaches the file with a leading apostrophe; amounts stay numbers."""
    service.name_fr = ' \uff1dHYPERLINK("http://x")'
    service.save(update_fields=["name_fr"])
    hostile = [("=cmd|' /C calc'!A0", "Zoé"), ("\t@SUM(A1)", "Ali"), ("\uff0b1", "Sami")]
    dossiers = [
        approved_dossier(
            service, amount="10.00", member=member_with_account(last_name=last, first_name=first)
        )
        for last, first in hostile
    ]
    batch = batch_of(agent_user, *dossiers)

    exported = services.export_batch(batch=batch, actor=agent_user, file_format="csv")

    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    _header, *lines, total = rows
    assert sorted(row[4][:2] for row in lines) == ["'=", "'@", "'\uff0b"]  # tab trimmed
    assert all(row[7] == '\' \uff1dHYPERLINK("http://x")' for row in lines)
    assert [row[6] for row in lines] == ["10,00"] * 3
    assert decimal_from_cell(total[6]) == Decimal("30.00")
