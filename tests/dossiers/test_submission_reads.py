"""What a submission reads: only what its service's rules ask, each thing once.

The member's row is read and locked; the family is not prefetched (the one spouse or child the
request is for is read, the children are counted); the member's history is read only when a rule
counts past requests (a quota, a yearly ceiling); the catalogue is confirmed by its revision
alone. Each of these was a query on every submission (docs/decisions/load-benchmark-method.md).
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from catalog.models import Campaign, Service
from dossiers import selectors, services
from dossiers.errors import SubmissionRefused
from dossiers.models import Dossier
from registry.models import Member
from tests.catalog.factories import ServiceFactory
from tests.dossiers.factories import open_campaign, rule
from tests.factories import ChildFactory, MemberUserFactory, SpouseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def service() -> Service:
    return ServiceFactory.create(pays_money=False, steps=["personal_data", "beneficiary", "review"])


def send(user: User, campaign: Campaign, **data: Any) -> Dossier:
    assert user.member is not None
    dossier, _created = services.create_and_submit(
        member=user.member,
        user=user,
        request=services.NewRequest(
            campaign=campaign, idempotency_key=uuid.uuid4(), data=services.StepData(**data)
        ),
    )
    return dossier


def history_reads(queries: CaptureQueriesContext) -> list[str]:
    """The statements that read the member's past dossiers (selectors._past_requests)."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT")
        and "dossiers_dossier" in q["sql"]
        and '"idempotency_key" = ' not in q["sql"]  # the retry's lookup (one row, by key)
    ]


def test_a_service_that_counts_nothing_is_decided_without_the_history(
    ready_member: User, service: Service
) -> None:
    campaign = open_campaign(service)
    send(ready_member, campaign)
    with CaptureQueriesContext(connection) as queries:
        send(ready_member, campaign)
    assert history_reads(queries) == []
    assert not any("registry_spouse" in q["sql"] for q in queries.captured_queries)


def test_a_quota_reads_the_history_under_the_members_lock_and_refuses(
    ready_member: User, service: Service
) -> None:
    rule(service, "max_count_per_year_per_beneficiary", max_count=1)
    campaign = open_campaign(service)
    send(ready_member, campaign)
    with CaptureQueriesContext(connection) as queries, pytest.raises(SubmissionRefused) as refused:
        send(ready_member, campaign)
    assert "Au plus 1" in refused.value.messages[0]
    sql = [q["sql"] for q in queries.captured_queries]
    member_read = selectors.MEMBER_FOR_SUBMISSION_SQL.strip()[:40]
    lock = next(i for i, s in enumerate(sql) if member_read in s)
    if connection.vendor == "postgresql":  # SQLite locks the whole database at BEGIN
        assert "FOR UPDATE" in sql[lock]
    history = sql.index(history_reads(queries)[0])
    assert lock < history  # counted with the member's row held
    assert Dossier.objects.filter(member=ready_member.member).count() == 1


def test_the_personal_data_keep_the_number_of_children(
    ready_member: User, service: Service
) -> None:
    ChildFactory.create_batch(3, member=ready_member.member)
    ChildFactory.create(member=MemberUserFactory.create().member)  # another family's
    dossier = send(ready_member, open_campaign(service))
    dossier.refresh_from_db()
    assert dossier.personal_data["children"] == 3


def test_a_request_for_a_spouse_or_child_reads_that_person_of_the_family(
    ready_member: User, service: Service
) -> None:
    campaign = open_campaign(service)
    spouse = SpouseFactory.create(member=ready_member.member)
    child = ChildFactory.create(member=ready_member.member)
    for_spouse = send(ready_member, campaign, beneficiary_type="spouse", spouse_id=spouse.pk)
    for_child = send(ready_member, campaign, beneficiary_type="child", child_id=child.pk)
    assert (for_spouse.spouse_id, for_child.child_id) == (spouse.pk, child.pk)
    others = MemberUserFactory.create().member
    strangers = {
        "spouse": ("spouse_id", SpouseFactory.create(member=others).pk),
        "child": ("child_id", ChildFactory.create(member=others).pk),
    }
    for kind, (field, pk) in strangers.items():
        with pytest.raises(SubmissionRefused) as refused:
            send(ready_member, campaign, beneficiary_type=kind, **{field: pk})
        assert "n'est pas enregistré dans votre famille" in refused.value.messages[0]
        with pytest.raises(SubmissionRefused):
            send(ready_member, campaign, beneficiary_type=kind)  # no person given
    assert Dossier.objects.filter(member=ready_member.member).count() == 2


def test_the_member_comes_with_the_province_and_the_children_in_one_statement(
    ready_member: User, service: Service
) -> None:
    member = ready_member.member
    assert member is not None and member.posting_province is not None
    ChildFactory.create_batch(2, member=member)
    with CaptureQueriesContext(connection) as queries:
        read = selectors.member_for_submission(member.pk)
        assert read.posting_province is not None
        assert read.posting_province.code == member.posting_province.code
        assert read.posting_province.name == member.posting_province.name
        assert selectors.children_count(read) == 2
        assert (read.matricule, read.rib, read.birth_date) == (
            member.matricule,
            member.rib,
            member.birth_date,
        )
    assert len(queries) == 1
    dossier = send(ready_member, open_campaign(service))
    dossier.refresh_from_db()
    assert dossier.personal_data["posting_province"] == member.posting_province.code
    Member.objects.filter(pk=member.pk).update(posting_province=None)
    assert selectors.member_for_submission(member.pk).posting_province is None
