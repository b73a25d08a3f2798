"""Two POST /api/v1/dossiers/ with the same Idempotency-Key at the same moment (PostgreSQL;
make test-postgres): one makes the dossier, the other answers it; neither is refused by the
quota the first one used up."""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse

from accounts.models import TermsAcceptance
from dossiers.models import Dossier
from tests.dossiers.test_retries_are_answered import api_for, one_per_campaign
from tests.factories import MemberUserFactory
from tests.helpers import POSTGRES_RACE, run_together

pytestmark = POSTGRES_RACE
CALLS = 4


def test_it_answers_every_concurrent_retry_with_the_one_dossier(terms: Any) -> None:
    user = MemberUserFactory.create()
    TermsAcceptance.objects.create(user=user, version=terms)
    payload, key = one_per_campaign(), str(uuid.uuid4())
    answers: list[Any] = [None] * CALLS

    def send(index: int) -> None:
        answers[index] = api_for(user).post(
            reverse("api_dossiers"), payload, format="json", HTTP_IDEMPOTENCY_KEY=key
        )

    assert run_together(CALLS, send) == []
    codes = sorted(answer.status_code for answer in answers)
    assert codes == [200] * (CALLS - 1) + [201], [a.json() for a in answers]
    bodies = {answer.json()["id"] for answer in answers}
    assert len(bodies) == 1
    assert all(answer.json() == answers[0].json() for answer in answers)
    assert Dossier.objects.filter(member=user.member).count() == 1
