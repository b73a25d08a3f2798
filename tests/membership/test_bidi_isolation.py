"""Membership pages show what an applicant or a member wrote isolated (issue 12, item 8): names
typed in an application or a change request, and the reason of a decision, reverse nothing
around them on the back office's lists and reviews, the member's pages and the follow-up."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from membership.constants import ApplicationStatus
from registry.models import Member
from tests.membership.factories import (
    FOLLOW_CODE,
    AddChildFactory,
    MembershipApplicationFactory,
)
from tests.security.bidi import assert_isolated, spoof

pytestmark = pytest.mark.django_db


def test_the_back_office_isolates_the_applicant_s_names(agent_client: Client) -> None:
    application = MembershipApplicationFactory.create(
        first_name=spoof("first"), last_name=spoof("last")
    )
    listing = agent_client.get(reverse("backoffice_applications"))
    assert_isolated(listing.content.decode(), "first", "last")
    review = agent_client.get(reverse("backoffice_application", args=[application.pk]))
    assert_isolated(review.content.decode(), "first", "last")


def test_the_follow_up_isolates_the_name_and_the_reason(client: Client) -> None:
    application = MembershipApplicationFactory.create(
        first_name=spoof("first"),
        status=ApplicationStatus.REJECTED,
        reason=spoof("reason"),
        decided_at=timezone.now(),
    )
    page = client.post(
        "/membership/follow/", {"reference": application.reference, "code": FOLLOW_CODE}
    )
    assert_isolated(page.content.decode(), "first", "reason")


def test_a_change_request_s_proposed_names_are_isolated_for_the_agent_and_the_member(
    agent_client: Client, member_client: Client, me: Member
) -> None:
    change = AddChildFactory.create(
        member=me,
        proposed={
            "first_name": spoof("child"),
            "first_name_ar": "لينا",
            "birth_date": "2015-04-02",
            "sex": "F",
            "school_level": "none",
            "has_disability": False,
        },
    )
    review = agent_client.get(reverse("backoffice_change", args=[change.pk]))
    assert_isolated(review.content.decode(), "child")
    mine = member_client.get(reverse("member_change", args=[change.pk]))
    assert_isolated(mine.content.decode(), "child")
