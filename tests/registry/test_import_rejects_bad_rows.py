"""Every kind of bad row is reported with its line and reason, skipped, and the others imported."""

import datetime as dt

import pytest
from django.utils import timezone

from registry.models import Member
from tests.registry.import_csv import csv_bytes, make_rib, reasons, run_import, valid_row

pytestmark = pytest.mark.django_db

# Replaced in the test by the day after the test's own local date: a value computed when the
# file loads is yesterday's "tomorrow" for a test run after local midnight.
TOMORROW = "tomorrow"
WRONG_KEY_RIB = make_rib(7)[:22] + f"{(int(make_rib(7)[22:]) + 1) % 100:02d}"

BAD_ROWS = {
    "rib_too_short": ({"rib": "23081000000000000012"}, "RIB : Le RIB doit compter exactement 24"),
    "rib_wrong_key": ({"rib": WRONG_KEY_RIB}, "RIB : Ce RIB n'est pas valide"),
    "rib_with_letters": ({"rib": "2308100000000000000001AB"}, "RIB : Le RIB doit compter"),
    "cin_without_letter": ({"cin": "1234567"}, "CIN : Le numéro de CIN doit comporter"),
    "cin_too_long": ({"cin": "AB1234567890"}, "CIN : "),
    "matricule_with_letters": ({"matricule": "A12345"}, "Matricule : Le matricule ne doit"),
    "retiree_without_pension_number": (
        {"position": "retraité", "pension_number": ""},
        "Numéro de pension : Le numéro de pension est obligatoire pour un retraité.",
    ),
    "bad_pension_number": (
        {"position": "retired", "pension_number": "12 34"},
        "Numéro de pension : Le numéro de pension ne doit contenir",
    ),
    "unknown_position": ({"position": "stagiaire"}, "Position : valeur « stagiaire » inconnue"),
    "unknown_sex": ({"sex": "X"}, "Sexe : valeur « X » inconnue"),
    "punctuation_for_sex": ({"sex": "?"}, "Sexe : valeur « ? » inconnue"),
    "unknown_posting_type": ({"posting_type": "régional"}, "Type d'affectation : valeur"),
    "unknown_province": ({"posting_province": "Atlantide"}, "province « Atlantide » inconnue"),
    "impossible_date": ({"birth_date": "31/02/1980"}, "Date de naissance : date illisible"),
    "unparsable_date": ({"birth_date": "14.03.1982"}, "date illisible « 14.03.1982 »"),
    "unparsable_grade_scale": ({"grade_scale": "onze"}, "Échelle : nombre entier attendu"),
    "unknown_deceased_flag": ({"deceased": "peut-être"}, "Décédé : valeur « peut-être »"),
    "recruited_before_16": (
        {"birth_date": "1990-06-01", "recruitment_date": "2006-05-31"},
        "Date de recrutement : La date de recrutement doit suivre le 16e anniversaire",
    ),
    "birth_date_in_future": ({"birth_date": TOMORROW}, "Date de naissance : Cette date est dans"),
    "death_date_without_deceased_flag": (
        {"deceased": "0", "death_date": "2021-04-02"},
        "Décédé : Une date de décès est indiquée",
    ),
    "deceased_without_death_date": (
        {"deceased": "oui", "death_date": ""},
        "Date de décès : Indiquez la date de décès",
    ),
    "death_before_birth": (
        {"deceased": "1", "death_date": "1970-01-01"},
        "La date de décès précède la date de naissance.",
    ),
    "bad_email": ({"professional_email": "karim at finances"}, "Email professionnel : "),
    "name_too_long": ({"last_name": "B" * 81}, "Nom : "),
    "missing_last_name": ({"last_name": " "}, "Nom : valeur obligatoire manquante."),
    "missing_cin": ({"cin": ""}, "CIN : valeur obligatoire manquante."),
    "missing_birth_date": ({"birth_date": ""}, "Date de naissance : valeur obligatoire"),
    "missing_position": ({"position": ""}, "Position : valeur obligatoire manquante."),
}


@pytest.mark.parametrize(("overrides", "expected"), BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_it_rejects_the_bad_row_with_its_line_and_reason(
    overrides: dict[str, str], expected: str
) -> None:
    if overrides.get("birth_date") == TOMORROW:
        overrides = {"birth_date": (timezone.localdate() + dt.timedelta(days=1)).isoformat()}
    bad = valid_row(2, **overrides)
    report = run_import(csv_bytes([valid_row(1), bad, valid_row(3)]))

    [(line, matricule, reason)] = reasons(report)
    assert line == 3
    assert matricule == bad["matricule"].strip()
    assert expected in reason
    assert report.created == 2
    assert set(Member.objects.values_list("matricule", flat=True)) == {"500001", "500003"}


def test_it_lists_every_problem_of_a_row_at_once() -> None:
    report = run_import(csv_bytes([valid_row(1, rib="12", sex="X", birth_date="hier")]))

    [(_, _, reason)] = reasons(report)
    assert "Sexe :" in reason
    assert "Date de naissance :" in reason
    assert "RIB :" not in reason  # the model's checks wait until the cells can be read


def test_it_rejects_a_row_with_the_wrong_number_of_columns() -> None:
    good_last_line = csv_bytes([valid_row(3)]).decode().splitlines()[1]
    data = csv_bytes([valid_row(1)]) + b"500002,CD500002,Bennani\n" + good_last_line.encode()

    report = run_import(data)

    assert reasons(report) == [
        (3, "500002", "La ligne compte 3 colonnes au lieu de 22."),
    ]
    assert report.created == 2
