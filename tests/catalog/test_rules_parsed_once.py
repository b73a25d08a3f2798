"""A rule's parameters are parsed (and checked against the database) once per row, not each
time a page asks for the rule's kind: a dashboard asks every rule several times."""

from __future__ import annotations

from typing import Any

import pytest

from catalog.constants import RulePurpose
from catalog.models import Rule
from tests.catalog.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def province_rule() -> Rule:
    return Rule.objects.create(
        service=ServiceFactory.create(),
        purpose=RulePurpose.ELIGIBILITY,
        kind="posting_province_in",
        params={"provinces": ["oujda-angad", "nador"]},
    )


def test_it_parses_a_rule_once(django_assert_num_queries: Any) -> None:
    rule = Rule.objects.get(pk=province_rule().pk)
    with django_assert_num_queries(1):  # the provinces are checked to exist, once
        first = rule.get_kind()
        assert rule.get_kind() is first
        assert rule.get_kind() is first


def test_it_parses_again_when_the_parameters_change() -> None:
    rule = province_rule()
    first = rule.get_kind()
    rule.params = {"provinces": ["nador"]}
    second = rule.get_kind()
    assert second is not first
    assert second.params.provinces == ["nador"]
