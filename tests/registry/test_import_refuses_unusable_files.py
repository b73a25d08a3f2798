"""A file that cannot be imported as a whole is refused with a message, and nothing is written."""

import io

import pytest

from registry.importer import ImportFileError, import_members
from registry.models import Member
from tests.registry.import_csv import csv_bytes, run_import, valid_row

pytestmark = pytest.mark.django_db


def test_it_refuses_a_file_missing_required_columns_and_names_them() -> None:
    row = valid_row(1)
    del row["birth_date"], row["sex"]

    with pytest.raises(ImportFileError) as excinfo:
        run_import(csv_bytes([row]))

    assert excinfo.value.message == (
        "Colonnes obligatoires absentes de la ligne d'en-tête : "
        "birth_date (date_naissance), sex (sexe)."
    )
    assert not Member.objects.exists()


def test_it_refuses_a_header_that_names_a_column_twice() -> None:
    row = valid_row(1) | {"NOM": "Bennani"}

    with pytest.raises(ImportFileError, match="Colonnes en double dans la ligne d'en-tête : NOM"):
        run_import(csv_bytes([row]))


def test_it_refuses_a_file_that_is_not_utf8_and_says_where() -> None:
    plain = {"last_name_ar": "", "first_name_ar": "", "posting_entity": "Tresorerie"}
    rows = [valid_row(1, **plain), valid_row(2, **plain, posting_city="Fès")]
    data = csv_bytes(rows).decode().encode("latin-1")

    with pytest.raises(ImportFileError, match=r"pas encodé en UTF-8 \(ligne 3\)"):
        run_import(data)
    assert not Member.objects.exists()


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n\r\n"])
def test_it_refuses_an_empty_file(data: bytes) -> None:
    with pytest.raises(ImportFileError, match="Le fichier est vide"):
        run_import(data)


def test_it_refuses_a_path_that_cannot_be_read(tmp_path: object) -> None:
    with pytest.raises(ImportFileError, match="Le fichier ne peut pas être lu"):
        import_members(f"{tmp_path}/absent.csv")


def test_it_reads_a_path_and_a_text_stream_too(tmp_path: object) -> None:
    path = f"{tmp_path}/registre.csv"
    with open(path, "wb") as file:
        file.write(csv_bytes([valid_row(1)]))

    assert import_members(path).created == 1
    assert import_members(io.StringIO("\ufeff" + csv_bytes([valid_row(2)]).decode())).created == 1


def test_it_stops_at_a_line_the_csv_reader_cannot_parse_and_keeps_what_came_before() -> None:
    data = csv_bytes([valid_row(1)]) + b"x" * 200_000 + b"\n" + csv_bytes([valid_row(2)])

    report = run_import(data)

    assert report.created == 1
    [rejection] = report.rejections
    assert rejection.line == 3
    assert rejection.reason == (
        "Ligne illisible (une cellule dépasse 131072 caractères) : l'import s'arrête à cette ligne."
    )
