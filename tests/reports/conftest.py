"""Three services of a known data set, sent in 2025 (tests/conftest.py's personas act)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from catalog.models import Service
from dossiers.constants import DossierStatus as S
from tests.catalog.factories import ServiceFactory
from tests.dossiers.factories import DossierFactory
from tests.reports.factories import days, local, sent


@dataclass(frozen=True)
class KnownSet:
    aid: Service
    loan: Service
    camp: Service


@pytest.fixture
def known(db: None) -> KnownSet:
    """2025: the aid has 4 dossiers (approved 1,000.10 overridden, paid 250.00 and 0.35,
    rejected), the loan 2 (in review, cancelled), the camp none; plus a 2024 aid and a draft,
    which never count."""
    aid = ServiceFactory.create(code="AID", name_fr="Aide", order=1)
    loan = ServiceFactory.create(code="LOAN", name_fr="Prêt", order=2)
    camp = ServiceFactory.create(code="CAMP", name_fr="Colonie", order=3)
    sent(
        aid,
        at=local(2025, 1, 10),
        status=S.APPROVED,
        amount="1000.10",
        decided_after=days(2),
        overridden=True,
    )
    sent(aid, at=local(2025, 3, 5), status=S.PAID, amount="250.00", decided_after=days(4))
    sent(aid, at=local(2025, 6, 1), status=S.PAID, amount="0.35", decided_after=days(10))
    sent(
        aid,
        at=local(2025, 12, 31, 23, 30),
        status=S.REJECTED,
        decided_after=days(6),
        decision=S.REJECTED,
    )
    sent(loan, at=local(2025, 2, 1), status=S.IN_REVIEW)
    sent(loan, at=local(2025, 2, 2), status=S.CANCELLED)
    sent(aid, at=local(2024, 12, 31, 23, 59), status=S.PAID, amount="99.99", decided_after=days(1))
    DossierFactory.create(service=aid)
    return KnownSet(aid=aid, loan=loan, camp=camp)
