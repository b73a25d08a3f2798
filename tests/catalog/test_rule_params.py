"""A rule's parameters are validated by its kind, with French messages naming the parameter."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from catalog.rules import KINDS, build_kind

pytestmark = pytest.mark.django_db


def errors_of(code: str, params: Any, purpose: str | None = None) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        build_kind(code, params, purpose=purpose)
    return caught.value.message_dict


@pytest.mark.parametrize(
    ("code", "params", "message"),
    [
        ("position_in", {}, "Paramètre « positions » : ce paramètre est obligatoire."),
        (
            "position_in",
            {"positions": "active"},
            "Paramètre « positions » : une liste est attendue.",
        ),
        (
            "position_in",
            {"positions": ["boss"]},
            "Paramètre « positions » : valeur(s) inconnue(s) boss ; valeurs permises : "
            "active, retired, seconded, disposal.",
        ),
        (
            "position_in",
            {"positions": []},
            "Paramètre « positions » : indiquez au moins une valeur.",
        ),
        (
            "posting_province_in",
            {"provinces": ["oujda-angad", "atlantis"]},
            "Paramètre « provinces » : valeur(s) inconnue(s) atlantis",
        ),
        ("posting_type_in", {"posting_types": ["abroad"]}, "« posting_types »"),
        ("beneficiary_type_in", {"types": ["cousin"]}, "« types »"),
        (
            "beneficiary_age_between",
            {"min_age": 15, "max_age": 8},
            "Paramètre « max_age » : doit être supérieur ou égal à min_age.",
        ),
        ("beneficiary_age_between", {}, "Paramètre « min_age » : indiquez min_age, max_age"),
        (
            "beneficiary_age_between",
            {"min_age": "8"},
            "« min_age » : un nombre entier est attendu.",
        ),
        ("beneficiary_age_between", {"min_age": -1}, "« min_age » : la valeur doit être comprise"),
        ("beneficiary_age_between", {"min_age": 1, "reference": "moon"}, "« reference »"),
        ("beneficiary_age_between", {"min_age": 1, "on_date": "2026-13-01"}, "AAAA-MM-JJ"),
        ("child_school_level_in", {"levels": ["kindergarten"]}, "« levels »"),
        ("member_deceased_since", {"since": 2016}, "« since » : une date AAAA-MM-JJ est attendue."),
        (
            "max_count_per_year_per_beneficiary",
            {"max_count": 0},
            "« max_count » : la valeur doit être au moins 1.",
        ),
        ("max_years_per_beneficiary", {"max_years": True}, "« max_years » : un nombre entier"),
        ("campaign_open", {"days": 3}, "Paramètre « days » : paramètre inconnu"),
        ("fixed_amount", {"amount": "abc"}, "« amount » : « abc » n'est pas un nombre."),
        ("fixed_amount", {"amount": "0"}, "« amount » : la valeur doit être au moins 0.01."),
        ("fixed_amount", {"amount": "NaN"}, "« amount » : « NaN » n'est pas un nombre."),
        (
            "percent_with_ceiling",
            {"percent": "130"},
            "« percent » : la valeur doit être comprise entre 0.01 et 100.",
        ),
        ("percent_with_ceiling", {"percent": "30", "ceiling": "-5"}, "« ceiling »"),
        ("amount_by_school_level", {"amounts": {"phd": "10"}}, "« amounts »"),
        ("amount_by_school_level", {"amounts": {"primary": "10"}, "months": 13}, "« months »"),
        (
            "share_of_cost_with_ceiling",
            {"share_percent": "50"},
            "« annual_ceiling » : ce paramètre est obligatoire.",
        ),
        (
            "annual_ceiling_per_item",
            {"annual_ceiling": []},
            "« annual_ceiling » : un nombre est attendu",
        ),
    ],
)
def test_it_names_the_bad_parameter(code: str, params: Any, message: str) -> None:
    messages = errors_of(code, params)["params"]
    assert any(message in text for text in messages), messages


def test_it_reports_every_bad_parameter_at_once() -> None:
    messages = errors_of("percent_with_ceiling", {"percent": "x", "ceiling": "y", "extra": 1})[
        "params"
    ]
    assert len(messages) == 3


def test_it_wants_a_json_object() -> None:
    assert errors_of("fixed_amount", ["7000"])["params"] == [
        "Les paramètres doivent être un objet JSON {nom: valeur}."
    ]


def test_it_refuses_an_unknown_kind() -> None:
    assert errors_of("pay_everyone", {})["kind"] == ["Type de règle inconnu « pay_everyone »."]


def test_it_refuses_an_amount_kind_as_an_eligibility_rule_and_back() -> None:
    assert "purpose" in errors_of("fixed_amount", {"amount": "1"}, "eligibility")
    assert "purpose" in errors_of("member_alive", {}, "amount")


def test_it_accepts_numbers_as_text_or_json_numbers() -> None:
    assert build_kind("fixed_amount", {"amount": 7000}, purpose="amount")
    assert build_kind("percent_with_ceiling", {"percent": 30.5}, purpose="amount")


def test_it_registers_every_kind_the_spec_names() -> None:
    assert set(KINDS) >= {
        "position_in",
        "posting_province_in",
        "posting_type_in",
        "beneficiary_type_in",
        "beneficiary_age_between",
        "child_school_level_in",
        "child_has_disability",
        "member_deceased_since",
        "member_alive",
        "max_count_per_year_per_beneficiary",
        "max_years_per_beneficiary",
        "invoice_date_in_campaign_window",
        "campaign_open",
        "fixed_amount",
        "percent_with_ceiling",
        "amount_by_school_level",
        "share_of_cost_with_ceiling",
        "annual_ceiling_per_item",
    }
