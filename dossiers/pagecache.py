"""The member's pages, rendered once and kept until something they show has changed.

The dashboard evaluates the rules of every active service for the member and the family, and
with the dossier list and a dossier page it reads several tables and renders a long template.
A member opens these pages far more often than anything on them changes. So the main part of
each page (everything but the layout, which carries the CSRF token, the messages and the menu)
is kept in the ``pages`` cache under a key made of everything the part shows:

- the member's **stamp**, read fresh on every request in one query: the member row's
  ``updated_at``; the count and newest ``updated_at`` of their spouses and of their children;
  the count, newest ``updated_at`` and sum of ``version`` of their dossiers (dashboard and
  list) or, for a dossier page, that dossier's own ``updated_at``, ``version`` and status and
  the count and newest id of its events and attachments;
- the catalogue snapshot's version and the campaigns open at this moment (catalog/snapshot.py);
- the local date (ages and the year's counts move at midnight);
- the language, the page's own arguments, and the release (code, templates and translations).

Any change of these gives another key: nothing is invalidated, so there is no signal to miss,
and a worker whose cache is not shared is as right as one on Redis. What this relies on: every
write to those rows goes through ``save()`` (``auto_now``) or sets ``updated_at`` itself; a
``QuerySet.update`` that leaves ``updated_at`` alone would show only when the entry expires
(``PAGE_CACHE_SECONDS``). tests/dossiers/test_page_cache.py changes each row through the
portal's own services and checks every page shows it at once.
Decision record: docs/decisions/member-page-cache.md.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from dossiers.models import Dossier, DossierAttachment, DossierEvent
from registry.models import Child, Member, Spouse

CACHE_ALIAS = "pages"
# Rendered in place of the CSRF token and replaced by the request's own on the way out: a
# cached part never carries one person's token to another request.
CSRF_PLACEHOLDER = "fosCsrfTokenPlaceholder7c1e"
# The member's name fields read with the stamp, for the page header (User.__str__).
NAME_FIELDS = ("id", "first_name", "last_name", "first_name_ar", "last_name_ar")

# One row (none when the member does not exist). Portable: PostgreSQL and SQLite.
MEMBER_SQL = """
SELECT m.id, m.first_name, m.last_name, m.first_name_ar, m.last_name_ar, m.updated_at,
       d.n, d.sent, d.newest, d.versions, s.n, s.newest, c.n, c.newest
FROM (SELECT id, first_name, last_name, first_name_ar, last_name_ar, updated_at
      FROM registry_member WHERE id = %s) m,
     (SELECT COUNT(*) AS n, COUNT(number) AS sent, MAX(updated_at) AS newest,
             SUM(version) AS versions FROM dossiers_dossier WHERE member_id = %s) d,
     (SELECT COUNT(*) AS n, MAX(updated_at) AS newest FROM registry_spouse WHERE member_id = %s) s,
     (SELECT COUNT(*) AS n, MAX(updated_at) AS newest FROM registry_child WHERE member_id = %s) c
"""

# One of the member's dossiers, with the member and the family (what its page shows of them),
# not the member's other dossiers: no row when the dossier is not theirs.
DOSSIER_SQL = """
SELECT m.id, m.first_name, m.last_name, m.first_name_ar, m.last_name_ar, m.updated_at,
       t.updated_at, t.version, t.status, e.n, e.newest, a.n, a.newest,
       s.n, s.newest, c.n, c.newest
FROM (SELECT id, first_name, last_name, first_name_ar, last_name_ar, updated_at
      FROM registry_member WHERE id = %s) m,
     (SELECT updated_at, version, status FROM dossiers_dossier
      WHERE id = %s AND member_id = %s) t,
     (SELECT COUNT(*) AS n, MAX(id) AS newest FROM dossiers_dossierevent WHERE dossier_id = %s) e,
     (SELECT COUNT(*) AS n, MAX(id) AS newest FROM dossiers_dossierattachment
      WHERE dossier_id = %s) a,
     (SELECT COUNT(*) AS n, MAX(updated_at) AS newest FROM registry_spouse WHERE member_id = %s) s,
     (SELECT COUNT(*) AS n, MAX(updated_at) AS newest FROM registry_child WHERE member_id = %s) c
"""
_TABLES = (Member, Dossier, Spouse, Child, DossierEvent, DossierAttachment)
if any(model._meta.db_table not in MEMBER_SQL + DOSSIER_SQL for model in _TABLES):
    raise ImportError("dossiers.pagecache: the stamps' SQL names a table the models renamed")


@dataclass(frozen=True)
class Stamp:
    """What a member's pages show changes only if ``digest`` changes."""

    member: Member  # the name fields only: the page header's, without another query
    digest: str
    sent_dossiers: int


def _digest(values: Iterable[Any]) -> str:
    text = "\x1f".join("" if value is None else str(value) for value in values)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _stamp(row: tuple[Any, ...] | None, sent: int = 0) -> Stamp | None:
    if row is None:
        return None
    member = Member.from_db(connection.alias, list(NAME_FIELDS), list(row[: len(NAME_FIELDS)]))
    return Stamp(member=member, digest=_digest(row), sent_dossiers=sent)


def member_stamp(member_id: int) -> Stamp | None:
    with connection.cursor() as cursor:
        cursor.execute(MEMBER_SQL, [member_id] * 4)
        row = cursor.fetchone()
    return _stamp(row, sent=int(row[7] or 0) if row else 0)


def dossier_stamp(member_id: int, dossier_id: int) -> Stamp | None:
    """The stamp of the member's dossier ``dossier_id`` (and of the member and the family its
    page names; not of their other dossiers); None if it is not theirs."""
    params = [member_id, dossier_id, member_id, dossier_id, dossier_id, member_id, member_id]
    with connection.cursor() as cursor:
        cursor.execute(DOSSIER_SQL, params)
        return _stamp(cursor.fetchone())


@lru_cache(maxsize=1)
def release() -> str:
    """The code, templates and translations this process runs: a new release, new keys
    (the cache may outlive a deployment when it is Redis)."""
    base = Path(settings.BASE_DIR)
    entries = []
    for folder in ("dossiers", "catalog", "registry", "templates", "locale", "fos"):
        for root, _dirs, files in os.walk(base / folder):
            for name in files:
                if name.endswith((".py", ".html", ".mo")):
                    stat = (Path(root) / name).stat()
                    entries.append(f"{root}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return _digest(sorted(entries))


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def cached_part(
    request: HttpRequest,
    page: str,
    stamp: Stamp,
    parts: Iterable[Any],
    build: Callable[[], dict[str, str]],
) -> dict[str, str]:
    """The page's title and main part (``{"title": ..., "main": ...}``) from the cache, or
    ``build()`` (rendered with ``part_context``) kept under this stamp; then the request's
    own CSRF token put in."""
    key = f"{page}:{stamp.member.pk}:{get_language()}:{_digest([stamp.digest, release(), *parts])}"
    store = caches[CACHE_ALIAS]
    found = store.get(key) if enabled() else None
    if found is None:
        found = build()
        if enabled():
            store.set(key, found, timeout=settings.PAGE_CACHE_SECONDS)
    main = found["main"]
    if CSRF_PLACEHOLDER in main:
        main = main.replace(CSRF_PLACEHOLDER, get_token(request))
    return {**found, "main": main}


def part_context(context: dict[str, Any]) -> dict[str, Any]:
    """The context of a cached part: ``{% csrf_token %}`` renders the placeholder."""
    return {**context, "csrf_token": CSRF_PLACEHOLDER}
