"""The active catalogue as the member pages show it, read once per process until it changes.

Every dashboard shows every active service with its rules, motives, documents and campaigns:
reading and parsing them again on each page was most of a dashboard's cost. The snapshot is
rebuilt when a catalogue row is saved or deleted (the signals below move a version kept in the
cache, which every worker shares when the cache is Redis, and reset this process's copy at once)
and in any case after CATALOGUE_SNAPSHOT_SECONDS, for what no signal sees (QuerySet.update, a
cache that is not shared between processes). Campaign windows are compared with the clock on
each read, so a campaign opens and closes on time.

Only what a page shows comes from here; what decides (a submission, the wizard's checks) reads
the service fresh (dossiers.selectors.service_for_request) and checks every rule again.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from catalog.models import Campaign, Motive, RequiredDocument, Rule, Service

VERSION_KEY = "catalog:snapshot-version"


@dataclass(frozen=True)
class Snapshot:
    version: str
    built_at: float
    services: list[Service]
    campaigns: list[Campaign] = field(default_factory=list)

    def open_campaigns(self, at: dt.datetime) -> list[Campaign]:
        """The campaigns open at ``at``, by service then opening (as selectors.open_campaigns)."""
        return [c for c in self.campaigns if c.opens_at <= at < c.closes_at]


_current: Snapshot | None = None


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY) or "unshared"
    return str(version)


def _build(version: str) -> Snapshot:
    services = list(
        Service.objects.filter(is_active=True)
        .select_related("category")
        .prefetch_related(
            Prefetch("rules", queryset=Rule.objects.filter(is_active=True)),
            Prefetch("motives", queryset=Motive.objects.filter(is_active=True)),
            Prefetch("documents", queryset=RequiredDocument.objects.order_by("order", "id")),
        )
    )
    for service in services:
        for rule in service.rules.all():
            rule.get_kind()  # parsed now, once, instead of on every page
    campaigns = list(
        Campaign.objects.filter(
            is_active=True, service__is_active=True, closes_at__gt=timezone.now()
        ).order_by("service_id", "opens_at", "pk")
    )
    return Snapshot(version, time.monotonic(), services, campaigns)


def current() -> Snapshot:
    """This process's snapshot, rebuilt if the catalogue changed or it is too old."""
    global _current
    version = _version()
    snapshot = _current
    max_age = settings.CATALOGUE_SNAPSHOT_SECONDS
    if (
        snapshot is None
        or snapshot.version != version
        or time.monotonic() - snapshot.built_at >= max_age
    ):
        snapshot = _build(version)
        _current = snapshot
    return snapshot


def _move_version() -> None:
    global _current
    _current = None
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def invalidate(**_kwargs: Any) -> None:
    """A catalogue row changed: drop this process's copy and move the shared version, now and
    again once the change commits (a worker that rebuilt in between read the old rows)."""
    _move_version()
    transaction.on_commit(_move_version)
