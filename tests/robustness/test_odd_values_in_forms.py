"""Property test: odd values sent to every back-office filter and every web form that takes
dates, amounts or ids never give a 5xx (fos/fields.py bounds them; a filter ignores or explains
what it cannot read). Huge and negative ids, far and malformed dates, odd unicode, huge numbers,
and several values where one is expected."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from catalog.models import Service
from tests.dossiers.factories import SentDossierFactory
from tests.factories import MemberUserFactory

pytestmark = pytest.mark.django_db
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

odd_ids = st.one_of(
    st.integers(min_value=2**63 - 2, max_value=2**70),
    st.integers(max_value=0, min_value=-(2**70)),
    st.sampled_from(["1e3", "0x10", "١٢", "²", "1.5", " 7 ", ""]),
).map(str)
odd_dates = st.one_of(
    st.sampled_from(
        ["9999-12-31", "0001-01-01", "99999-01-01", "2024-02-30", "31/12/9999", "0000-00-00"]
    ),
    st.dates().map(lambda d: d.isoformat()),
)
odd_numbers = st.one_of(
    st.sampled_from(["0", "-1", "1e999", "NaN", "-Infinity", "12.3456", "1" * 40, "1,5,5"]),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
)
odd_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40
).filter(lambda text: "\x00" not in text)
odd_value = st.one_of(odd_ids, odd_dates, odd_numbers, odd_text)


def query(names: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Every name with one odd value, or several (a list where one value is expected)."""
    one_or_many = st.one_of(odd_value, st.lists(odd_value, min_size=2, max_size=3))
    return st.fixed_dictionaries(dict.fromkeys(names, one_or_many))


def assert_answered(response: Any, url: str, data: dict[str, Any]) -> None:
    assert response.status_code < 500, (url, data, response.status_code)


QUEUE = [
    "q",
    "status",
    "campaign",
    "submitted_from",
    "submitted_to",
    "province",
    "position",
    "amount_min",
    "amount_max",
    "after",
    "before",
    "page",
]
AUDIT = ["actor", "date_from", "date_to", "after", "page", "q"]
INBOX = ["q", "status", "service", "assignment", "received_from", "received_to", "page"]
PAYABLE = ["service", "campaign", "approved_from", "approved_to", "page"]
BATCHES = ["status", "page"]
STATISTICS = ["year", "start", "end"]
MEMBERSHIP_QUEUES = ["q", "status", "kind", "page"]


def _staff_pages() -> list[tuple[str, list[str]]]:
    code = Service.objects.order_by("pk").values_list("code", flat=True).first()
    return [
        (reverse("backoffice:queue", args=[code]), QUEUE),
        (reverse("backoffice:queue_index"), ["service"]),
        (reverse("backoffice:audit"), AUDIT),
        (reverse("backoffice_mail_inbox"), INBOX),
        (reverse("payments_batch_new"), PAYABLE),
        (reverse("payments_batches"), BATCHES),
        (reverse("reports_statistics"), STATISTICS),
        (reverse("reports_statistics_export", args=["services.csv"]), STATISTICS),
        (reverse("backoffice_changes"), MEMBERSHIP_QUEUES),
        (reverse("backoffice_applications"), MEMBERSHIP_QUEUES),
    ]


@pytest.mark.parametrize("page", range(10))
def test_back_office_filters_never_answer_a_5xx(
    admin_client: Client, admin_user: User, page: int
) -> None:
    SentDossierFactory.create(member=MemberUserFactory.create().member)
    url, names = _staff_pages()[page]

    @SETTINGS
    @given(data=query(names))
    def check(data: dict[str, Any]) -> None:
        assert_answered(admin_client.get(url, data), url, data)

    check()


@SETTINGS
@given(data=query(["declared_amount", "invoice_date", "motive"]))
def test_the_wizard_amount_and_date_step_never_answers_a_5xx(
    client: Client, ready_member: User, data: dict[str, Any]
) -> None:
    from tests.dossiers.helpers import complete_draft, default_service

    client.force_login(ready_member)
    _service, campaign = default_service("AIDE_SANTE")
    draft = complete_draft(ready_member, campaign)
    url = reverse("dossier_step", args=[draft.pk, "motive"])
    assert_answered(client.post(url, data), url, data)


@SETTINGS
@given(data=query(["paid_on"]))
def test_marking_a_batch_paid_never_answers_a_5xx(
    admin_client: Client, admin_user: User, data: dict[str, Any]
) -> None:
    url = reverse("payments_batch_paid", args=[1])
    assert_answered(admin_client.post(url, data), url, data)


@SETTINGS
@given(data=query(["birth_date", "marriage_date", "first_name", "last_name", "cin", "sex"]))
def test_a_family_change_never_answers_a_5xx(
    client: Client, ready_member: User, data: dict[str, Any]
) -> None:
    client.force_login(ready_member)
    url = reverse("member_spouse_add")
    assert_answered(client.post(url, data), url, data)


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_a_far_date_in_a_filter_is_explained(admin_client: Client, value: str) -> None:
    response = admin_client.get(reverse("backoffice:audit"), {"date_from": value, "date_to": value})
    assert response.status_code == 200
    assert "Indiquez une date entre le" in response.content.decode()
