"""The active catalogue as the member pages show it, read once per process until it changes.

Every dashboard shows every active service with its rules, motives, documents and campaigns:
reading and parsing them again on each page was most of a dashboard's cost. The snapshot is
rebuilt when a catalogue row is saved or deleted (the signals below move a version kept in the
cache, which every worker shares when the cache is Redis, and reset this process's copy at once)
and in any case after CATALOGUE_SNAPSHOT_SECONDS, for what no signal sees (QuerySet.update, a
cache that is not shared between processes). Campaign windows are compared with the clock on
each read, so a campaign opens and closes on time.

What decides reads the rules fresh: the API's submission takes ``checked()``, this copy
confirmed against the database's ``CatalogueRevision`` (one query; the signals move it in the
transaction of the change), and the wizard's checks read the service
(dossiers.selectors.service_for_request). Either way every rule is checked again at submission.
Nothing here may be changed by its readers: the objects are shared by every request of the
process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from catalog.models import (
    Campaign,
    CatalogueRevision,
    Motive,
    RequiredDocument,
    Rule,
    Service,
)

VERSION_KEY = "catalog:snapshot-version"
REVISION_ROW = 1


@dataclass(frozen=True)
class Snapshot:
    version: str
    built_at: float
    services: list[Service]
    campaigns: list[Campaign] = field(default_factory=list)
    # The rows' values: the same in every process that read the same catalogue, another as
    # soon as one value differs (even changed by a QuerySet.update no signal sees).
    digest: str = ""
    # The database's CatalogueRevision when the rows were read (read first: the rows are at
    # least that recent).
    revision: int = 0

    def service(self, pk: int) -> Service | None:
        """The active service ``pk`` as the snapshot holds it (None: not active, or not read)."""
        return next((service for service in self.services if service.pk == pk), None)

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


# One statement on every submission: written out, as the ORM's compiling of it cost several
# times the query (docs/decisions/load-benchmark-method.md).
REVISION_SQL = "SELECT number FROM catalog_cataloguerevision WHERE id = %s"


def _revision() -> int:
    with connection.cursor() as cursor:
        cursor.execute(REVISION_SQL, [REVISION_ROW])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _build(version: str) -> Snapshot:
    revision = _revision()
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
    by_id = {service.pk: service for service in services}
    campaigns = [c for c in campaigns if c.service_id in by_id]  # (a service just turned off)
    for campaign in campaigns:
        campaign.service = by_id[campaign.service_id]  # the snapshot's own, with its rules
    return Snapshot(
        version,
        time.monotonic(),
        services,
        campaigns,
        _digest(services, campaigns),
        revision,
    )


def _values(row: Any) -> str:
    return repr(sorted((k, v) for k, v in vars(row).items() if not k.startswith("_")))


def _digest(services: list[Service], campaigns: list[Campaign]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for service in services:
        rows = [
            service,
            service.category,
            *service.rules.all(),
            *service.motives.all(),
            *service.documents.all(),
        ]
        for row in rows:
            if row is None:
                continue
            digest.update(f"{type(row).__name__}:{_values(row)}\n".encode())
    for campaign in campaigns:
        digest.update(f"Campaign:{_values(campaign)}\n".encode())
    return digest.hexdigest()


def _stale(snapshot: Snapshot | None) -> bool:
    return (
        snapshot is None
        or time.monotonic() - snapshot.built_at >= settings.CATALOGUE_SNAPSHOT_SECONDS
    )


def current() -> Snapshot:
    """This process's snapshot, rebuilt if the catalogue changed or it is too old."""
    global _current
    version = _version()
    snapshot = _current
    if snapshot is None or snapshot.version != version or _stale(snapshot):
        snapshot = _build(version)
        _current = snapshot
    return snapshot


def checked() -> Snapshot:
    """This process's snapshot, read again unless it was read at the database's catalogue
    revision: one query, for what decides (a submission), so that a change committed by any
    process is applied at once, whether or not the cache is shared. The shared version is not
    asked: every change that moves it moves the revision too, in its own transaction."""
    global _current
    snapshot = _current
    if snapshot is None or _stale(snapshot) or snapshot.revision != _revision():
        snapshot = _build(snapshot.version if snapshot is not None else _version())
        _current = snapshot
    return snapshot


def _move_version() -> None:
    global _current
    _current = None
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def invalidate(**_kwargs: Any) -> None:
    """A catalogue row changed: move the database's revision in the same transaction, drop
    this process's copy and move the shared version, now and again once the change commits (a
    worker that rebuilt in between read the old rows)."""
    moved = CatalogueRevision.objects.filter(pk=REVISION_ROW).update(number=F("number") + 1)
    if not moved:
        try:
            with transaction.atomic():
                CatalogueRevision.objects.create(pk=REVISION_ROW, number=1)
        except IntegrityError:  # made by another change at the same moment: move it
            CatalogueRevision.objects.filter(pk=REVISION_ROW).update(number=F("number") + 1)
    _move_version()
    transaction.on_commit(_move_version)
