"""Build the data of the load benchmark and the fault tests in a fresh PostgreSQL database.

    SECRET_KEY=... .venv/bin/python bench/seed.py --database-url URL --members 300 \
        --dossiers 20 --manifest var/bench/manifest.json

The database is dropped and made again, migrated, then filled: ``registry.demo`` members; for
each living one a ready account (terms accepted, no password change pending, an API token, a
signed-in session) and about ``--dossiers`` dossiers over the default catalogue's services in
2024-2026, numbered per service and year as ``dossiers.services`` numbers them, each with its
history; a few drafts. Two services of the benchmark's own, with no rule and no document and an
open campaign: BENCH (timed submissions) and BURST (the 20,000-submission burst, counted from
1). The manifest (JSON) lists every account's session, token and dossiers.

The sessions are signed with SECRET_KEY: the server must run with the same one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from bench.pg import recreate_database  # noqa: E402

BENCH_SERVICE = "BENCH"
BURST_SERVICE = "BURST"
PASSWORD = "Bench-password-2026"  # noqa: S105 - the throwaway accounts of a throwaway database
YEARS = (2024, 2025, 2026)
PAST_STATUSES = [("paid", 55), ("approved", 10), ("rejected", 20), ("cancelled", 15)]
CURRENT_STATUSES = [
    ("submitted", 25),
    ("in_review", 20),
    ("documents_requested", 10),
    ("approved", 15),
    ("paid", 20),
    ("rejected", 10),
]
# The status path a dossier took to reach each status (after draft -> submitted).
PATHS = {
    "submitted": [],
    "in_review": ["in_review"],
    "documents_requested": ["in_review", "documents_requested"],
    "approved": ["in_review", "approved"],
    "paid": ["in_review", "approved", "paid"],
    "rejected": ["in_review", "rejected"],
    "cancelled": ["cancelled"],
}
REASONS = {
    "documents_requested": "Merci de joindre la facture originale lisible.",
    "rejected": "Les conditions du service ne sont pas remplies.",
}


def configure(database_url: str) -> None:
    if not os.environ.get("SECRET_KEY"):
        raise SystemExit("SECRET_KEY must be set: the server has to accept these sessions")
    os.environ.update(
        {
            "FOS_ENV": "development",
            "DEBUG": "0",
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "fos.settings",
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        }
    )
    if not os.environ.get("FOS_VAR_DIR"):
        os.environ["FOS_VAR_DIR"] = tempfile.mkdtemp(prefix="fos-seed-")
    import django

    django.setup()


@dataclass
class Counters:
    """The next number per (service id, year), as DossierSequence will hold it."""

    last: dict[tuple[int, int], int] = field(default_factory=dict)

    def next(self, service_id: int, year: int) -> int:
        value = self.last.get((service_id, year), 0) + 1
        self.last[(service_id, year)] = value
        return value


def _weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    return rng.choices([c for c, _w in choices], weights=[w for _c, w in choices])[0]


def _campaigns() -> dict[int, dict[int, Any]]:
    """service id -> year -> a campaign of that year (the past years' are made, closed)."""
    from django.utils import timezone

    from catalog.models import Campaign, Service

    by_service: dict[int, dict[int, Any]] = {}
    tz = timezone.get_current_timezone()
    for service in Service.objects.filter(is_active=True).prefetch_related("campaigns"):
        years: dict[int, Any] = {}
        for campaign in service.campaigns.all():
            years.setdefault(campaign.year or 2026, campaign)
        for year in YEARS:
            if year not in years:
                years[year] = Campaign.objects.create(
                    service=service,
                    key="bench",
                    year=year,
                    name_fr=f"{service.name_fr} {year}",
                    name_ar=f"{service.name_ar} {year}",
                    opens_at=dt.datetime(year, 1, 1, tzinfo=tz),
                    closes_at=dt.datetime(year, 12, 31, tzinfo=tz),
                )
        by_service[service.pk] = years
    return by_service


def _bench_service(code: str) -> Any:
    """A service with no rule, no document, no motive and an open campaign."""
    from django.utils import timezone

    from catalog.models import Campaign, Service, ServiceCategory

    category, _created = ServiceCategory.objects.get_or_create(
        code="bench", defaults={"name_fr": "Banc d'essai", "name_ar": "اختبار", "order": 99}
    )
    service = Service.objects.create(
        code=code,
        category=category,
        name_fr=f"Service du banc d'essai {code}",
        name_ar=f"خدمة الاختبار {code}",
        steps=["personal_data", "review"],
        order=99,
    )
    now = timezone.now()
    return Campaign.objects.create(
        service=service,
        key="bench",
        year=timezone.localdate().year,
        name_fr=f"{code} ouverte",
        name_ar=f"{code} مفتوحة",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=60),
    )


def _accounts(members: list[Any]) -> list[Any]:
    from django.contrib.auth.hashers import make_password

    from accounts.models import ApiToken, TermsAcceptance, TermsVersion, User

    password = make_password(PASSWORD)  # one hash for all: argon2 is slow on purpose
    users = User.objects.bulk_create(
        [
            User(
                username=member.matricule,
                member=member,
                email=member.professional_email or member.private_email,
                first_name=member.first_name,
                last_name=member.last_name,
                password=password,
                must_change_password=False,
            )
            for member in members
        ]
    )
    terms = TermsVersion.current()
    if terms is not None:
        TermsAcceptance.objects.bulk_create(
            [TermsAcceptance(user=user, version=terms) for user in users]
        )
    # knox keeps only a digest: the token itself is known once, here, for the manifest.
    accounts = list(User.objects.filter(member__in=members).select_related("member"))
    for user in accounts:
        user.bench_token = ApiToken.objects.create(user, device="bench")[1]  # type: ignore[attr-defined]
    return accounts


def _session(user: Any) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return str(store.session_key)


def _dossiers(users: list[Any], per_member: int, rng: random.Random) -> dict[int, list[int]]:
    """About ``per_member`` dossiers per member with their events; member id -> sent ids."""
    from django.utils import timezone

    from catalog.models import Service
    from dossiers.models import Dossier, DossierEvent, DossierSequence
    from registry.models import Child

    campaigns = _campaigns()
    services = {s.pk: s for s in Service.objects.filter(pk__in=campaigns)}
    service_ids = sorted(services)
    children: dict[int, list[int]] = {}
    for pk, member_id in Child.objects.values_list("pk", "member_id"):
        children.setdefault(member_id, []).append(pk)
    counters = Counters()
    now = timezone.now()
    tz = timezone.get_current_timezone()
    rows: list[Dossier] = []
    paths: list[tuple[Any, list[str]]] = []
    for user in users:
        member = user.member
        for index in range(per_member):
            service = services[rng.choice(service_ids)]
            year = YEARS[min(index * len(YEARS) // per_member, len(YEARS) - 1)]
            campaign = campaigns[service.pk][year]
            draft = year == YEARS[-1] and index == per_member - 1 and rng.random() < 0.2
            status = (
                "draft"
                if draft
                else _weighted(rng, CURRENT_STATUSES if year == YEARS[-1] else PAST_STATUSES)
            )
            end = min(now, dt.datetime(year, 12, 31, tzinfo=tz))
            start = dt.datetime(year, 1, 2, tzinfo=tz)
            at = start + (end - start) * rng.random()
            child_ids = children.get(member.pk, [])
            child_id = rng.choice(child_ids) if child_ids and rng.random() < 0.3 else None
            amount = Decimal(rng.randrange(200, 5000)) if service.pays_money else None
            dossier = Dossier(
                member=member,
                service=service,
                campaign=campaign,
                beneficiary_type="child" if child_id else "member",
                child_id=child_id,
                status=status,
                created_at=at - dt.timedelta(minutes=20),
                wizard_step="personal_data" if draft else "",
            )
            if not draft:
                sequence = counters.next(service.pk, year)
                dossier.sequence = sequence
                dossier.year = year
                dossier.number = f"{sequence}/{service.code}/{year}"
                dossier.submitted_at = at
                dossier.computed_amount = amount
                if status in {"approved", "paid"}:
                    dossier.approved_amount = amount
                dossier.version = 2 + len(PATHS[status])
            rows.append(dossier)
            paths.append((user, [] if draft else ["submitted", *PATHS[status]]))
    Dossier.objects.bulk_create(rows, batch_size=2000)
    events: list[DossierEvent] = []
    sent: dict[int, list[int]] = {}
    for dossier, (user, path) in zip(rows, paths, strict=True):
        previous = "draft"
        moment = dossier.submitted_at or dossier.created_at
        for step in path:
            member_step = step in {"submitted", "cancelled"}
            events.append(
                DossierEvent(
                    dossier=dossier,
                    from_status=previous,
                    to_status=step,
                    actor=user if member_step else None,
                    actor_role="member" if member_step else "agent",
                    at=moment,
                    reason=REASONS.get(step, ""),
                )
            )
            previous = step
            moment += dt.timedelta(days=rng.randint(1, 6))
        if path:
            sent.setdefault(dossier.member_id, []).append(int(dossier.pk))
    DossierEvent.objects.bulk_create(events, batch_size=5000)
    DossierSequence.objects.bulk_create(
        [
            DossierSequence(service_id=service_id, year=year, last_value=last)
            for (service_id, year), last in counters.last.items()
        ]
    )
    return sent


def build(*, members: int, per_member: int, seed: int = 2026) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import transaction

    from fos.bench_views import create_bench_table
    from registry import demo
    from registry.models import Member

    call_command("migrate", verbosity=0, interactive=False)
    create_bench_table()
    rng = random.Random(seed)
    demo.seed(members)
    with transaction.atomic():
        living = list(Member.objects.filter(is_deceased=False).order_by("pk"))
        users = _accounts(living)
        sent = _dossiers(users, per_member, rng)
        bench = _bench_service(BENCH_SERVICE)
        burst = _bench_service(BURST_SERVICE)
    return {
        "bench_campaign": bench.pk,
        "burst_campaign": burst.pk,
        "bench_service": BENCH_SERVICE,
        "burst_service": BURST_SERVICE,
        "password": PASSWORD,
        "members": [
            {
                "user_id": user.pk,
                "matricule": user.username,
                "cin": user.member.cin,
                "email": user.email,
                "session": _session(user),
                "token": user.bench_token,
                "dossiers": sent.get(user.member_id, []),
            }
            for user in users
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--dossiers", type=int, default=20, help="per member")
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--keep-database", action="store_true", help="do not drop and recreate")
    args = parser.parse_args()
    if not args.keep_database:
        recreate_database(args.database_url)
    configure(args.database_url)
    manifest = build(members=args.members, per_member=args.dossiers)
    args.manifest.parent.mkdir(parents=True, exist_ok=True)
    args.manifest.write_text(json.dumps(manifest), encoding="utf-8")
    dossiers = sum(len(m["dossiers"]) for m in manifest["members"])
    print(f"seeded {len(manifest['members'])} accounts and {dossiers} sent dossiers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
