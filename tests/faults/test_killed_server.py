"""The server killed during submissions leaves each dossier whole or absent.

Clients send API submissions (POST /api/v1/dossiers/, each with its own Idempotency-Key) while
every gunicorn process is killed with SIGKILL, at several moments; then a single worker is
killed while its master lives on (the master replaces it). After a restart the database must
hold only whole dossiers: sent, numbered, with their submission event; numbers unique and
without a gap, the sequence's last value the last number given. Sending every key again, as a
client retries a request it got no answer to, never makes a second dossier.
"""

from __future__ import annotations

import http.client
import os
import random
import signal
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest

from tests.faults.conftest import MakePortal
from tests.faults.portal import Portal

pytestmark = pytest.mark.faults

CLIENTS = 12
WORKERS = 3
KILL_AFTER = (0.3, 0.9, 1.7)  # seconds of traffic before each SIGKILL of every process
PER_CLIENT_LIMIT = 2000
ROUND_LIMIT = 60.0


@dataclass
class Attempt:
    key: str
    member: int
    status: int | None = None
    dossier: int | None = None
    error: str | None = None


class Flood:
    """CLIENTS threads sending submissions until stopped (or a bound is reached)."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal
        self.attempts: list[Attempt] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.rng = random.Random(len(portal.members))
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(CLIENTS)]

    def run(self) -> None:
        give_up = time.monotonic() + ROUND_LIMIT
        members = self.portal.members
        for _ in range(PER_CLIENT_LIMIT):
            if self.stop.is_set() or time.monotonic() > give_up:
                return
            with self.lock:
                member = self.rng.randrange(len(members))
            attempt = Attempt(str(uuid.uuid4()), member)
            try:
                reply = self.portal.submit(members[member], attempt.key, timeout=15)
                attempt.status = reply.status
                if reply.status in {200, 201}:
                    attempt.dossier = int(reply.json()["id"])
            except (OSError, http.client.HTTPException) as error:
                attempt.error = type(error).__name__
                time.sleep(0.05)  # the server is down: try a new request a little later
            with self.lock:
                self.attempts.append(attempt)

    def answered(self) -> int:
        with self.lock:
            return sum(a.status is not None for a in self.attempts)

    def __enter__(self) -> Flood:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=20)


def _wait_answers(flood: Flood, count: int, within: float = 30) -> None:
    deadline = time.monotonic() + within
    while flood.answered() < count:
        assert time.monotonic() < deadline, "no submission was answered"
        time.sleep(0.05)


def _bench_dossiers(portal: Portal) -> list[tuple[Any, ...]]:
    return portal.sql(
        "SELECT d.id, d.idempotency_key::text, d.status, d.number, d.sequence, "
        "(SELECT count(*) FROM dossiers_dossierevent e WHERE e.dossier_id = d.id "
        " AND e.from_status = 'draft' AND e.to_status = 'submitted'), "
        "(SELECT count(*) FROM dossiers_dossierevent e WHERE e.dossier_id = d.id) "
        "FROM dossiers_dossier d JOIN catalog_service s ON s.id = d.service_id "
        "WHERE s.code = %s",
        (portal.manifest["bench_service"],),
    )


def _assert_whole(portal: Portal) -> list[tuple[Any, ...]]:
    rows = _bench_dossiers(portal)
    assert rows, "some submissions went through"
    broken = [r for r in rows if r[2] != "submitted" or not r[3] or r[4] is None or r[5:] != (1, 1)]
    assert not broken, f"dossiers left half made: {broken[:5]}"
    numbers = sorted(r[4] for r in rows)
    assert numbers == list(range(1, len(rows) + 1)), "numbers unique and without a gap"
    assert len({r[3] for r in rows}) == len(rows)
    last_values = portal.sql(
        "SELECT q.last_value FROM dossiers_dossiersequence q "
        "JOIN catalog_service s ON s.id = q.service_id WHERE s.code = %s",
        (portal.manifest["bench_service"],),
    )
    assert [v for (v,) in last_values] == [len(rows)], (
        "the sequence's last value is the last number"
    )
    return rows


def test_a_killed_server_leaves_whole_dossiers_or_none(make_portal: MakePortal) -> None:
    portal = make_portal("killed", workers=WORKERS)
    attempts: list[Attempt] = []
    for moment in KILL_AFTER:
        portal.server.start()
        with Flood(portal) as flood:
            _wait_answers(flood, 5)
            time.sleep(moment)
            portal.server.kill()  # master and workers, mid-flight
            time.sleep(0.3)
        attempts += flood.attempts
    # One worker killed while its master lives: the master starts another.
    portal.server.start()
    with Flood(portal) as flood:
        _wait_answers(flood, 5)
        victim = random.Random(3).choice(portal.server.worker_pids())
        os.kill(victim, signal.SIGKILL)
        time.sleep(1.5)
        assert victim not in portal.server.worker_pids()
        assert len(portal.server.worker_pids()) == WORKERS
    attempts += flood.attempts

    lost_answers = [a for a in attempts if a.status is None]
    assert lost_answers, "the kills came while requests were in flight"
    assert {a.status for a in attempts if a.status is not None} <= {201}
    rows = _assert_whole(portal)
    by_key = {r[1]: r[0] for r in rows}
    for attempt in attempts:
        if attempt.status == 201:
            assert by_key[attempt.key] == attempt.dossier, "an answered dossier is there"

    # Every key again, as a client retries: the dossier made before (200) or, when the first
    # try died before its commit, a new one (201); never a second.
    members = portal.members
    retried: Counter[int] = Counter()
    for attempt in attempts:
        reply = portal.submit(members[attempt.member], attempt.key)
        retried[reply.status] += 1
        expected = 200 if attempt.key in by_key else 201
        assert reply.status == expected, (attempt, reply.status)
        if attempt.key in by_key:
            assert reply.json()["id"] == by_key[attempt.key]
    for attempt in attempts[:50]:  # and once more: nothing new
        assert portal.submit(members[attempt.member], attempt.key).status == 200
    rows = _assert_whole(portal)
    keys = Counter(r[1] for r in rows)
    assert set(keys) == {a.key for a in attempts}
    assert max(keys.values()) == 1
    committed_unanswered = sum(a.key in by_key for a in lost_answers)
    print(
        f"{len(attempts)} submissions; {len(lost_answers)} got no answer (in flight at a kill, "
        f"or sent while the server was down), {committed_unanswered} of them committed before "
        f"the kill; {len(rows)} whole dossiers numbered 1..{len(rows)}; "
        f"the retries answered {dict(retried)}"
    )
