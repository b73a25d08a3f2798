"""PostgreSQL restarted under load: the portal answers 503 with Retry-After while the database is
away, never a 500 or a hang, and serves 200 again by itself once it is back, with the same
gunicorn master and workers (no restart of the portal).

The server runs the production profile, so Django keeps one connection per worker
(CONN_MAX_AGE=60) and checks it before reuse (CONN_HEALTH_CHECKS): the connections that the
restart broke are replaced on each worker's next request.
"""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass

import pytest

from bench.server import request
from tests.faults.cluster import Cluster
from tests.faults.conftest import MakePortal

pytestmark = pytest.mark.faults

CLIENTS = 4  # more than the workers: every worker's kept connection is broken and replaced
WORKERS = 3
OUTAGE_SECONDS = 4.0
CLIENT_TIMEOUT = 10.0  # a request slower than this is a hang
RECOVERY_SECONDS = 10.0  # 200 again within this after PostgreSQL accepts connections
RUN_LIMIT = 120.0
PAUSE = 0.05


@dataclass(frozen=True)
class Hit:
    started: float
    seconds: float
    status: int | None
    retry_after: str | None
    error: str | None


def _wait_for(condition: object, within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {within} s")


def test_it_answers_503_while_postgresql_restarts_and_recovers_by_itself(
    cluster: Cluster, make_portal: MakePortal
) -> None:
    portal = make_portal("restart", server_url=cluster.server_url, workers=WORKERS)
    portal.server.start()
    assert portal.server.process is not None
    master = portal.server.process.pid
    workers = set(portal.server.worker_pids())
    members = portal.members[:CLIENTS]
    hits: list[list[Hit]] = [[] for _ in members]
    stop = threading.Event()
    give_up = time.monotonic() + RUN_LIMIT

    def client(index: int) -> None:
        headers = {"Cookie": f"sessionid={members[index]['session']}"}
        while not stop.is_set() and time.monotonic() < give_up:
            started = time.monotonic()
            try:
                reply = request(
                    portal.server.port, "GET", "/", headers=headers, timeout=CLIENT_TIMEOUT
                )
                hit = Hit(started, time.monotonic() - started, reply.status,
                          reply.headers.get("retry-after"), None)  # fmt: skip
            except (OSError, http.client.HTTPException) as error:
                hit = Hit(started, time.monotonic() - started, None, None, repr(error))
            hits[index].append(hit)
            time.sleep(PAUSE)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    try:
        _wait_for(
            lambda: all(sum(h.status == 200 for h in mine) >= 5 for mine in hits),
            30,
            "five dashboards per client before the restart",
        )
        down_at = time.monotonic()
        cluster.stop()
        time.sleep(OUTAGE_SECONDS)
        cluster.start()  # returns once PostgreSQL accepts connections
        up_at = time.monotonic()
        _wait_for(
            lambda: all(any(h.status == 200 and h.started > up_at for h in mine) for mine in hits),
            RECOVERY_SECONDS + CLIENT_TIMEOUT,
            "a dashboard for every client after the restart",
        )
        time.sleep(2)  # and it stays up
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=CLIENT_TIMEOUT + 5)

    everything = [h for mine in hits for h in mine]
    errors = [h for h in everything if h.error is not None]
    assert not errors, f"requests without an answer (refused, reset or hung): {errors[:5]}"
    assert {h.status for h in everything} <= {200, 503}, "never a 500, never anything else"
    assert max(h.seconds for h in everything) < CLIENT_TIMEOUT
    outage = [h for h in everything if h.status == 503]
    assert outage, "the outage was answered 503"
    assert all(h.retry_after and int(h.retry_after) > 0 for h in outage), "503 with Retry-After"
    assert all(down_at <= h.started + h.seconds and h.started <= up_at for h in outage)
    first_back = min(
        h.started + h.seconds for h in everything if h.status == 200 and h.started > up_at
    )
    assert first_back - up_at < RECOVERY_SECONDS
    settled = [h for h in everything if h.started > up_at + 1]
    assert settled and all(h.status == 200 for h in settled), "every worker recovered"
    print(
        f"{len(everything)} requests: {len(outage)} answered 503 during a {OUTAGE_SECONDS:g} s "
        f"outage; 200 again {first_back - up_at:.2f} s after PostgreSQL accepted connections"
    )
    # By itself: the same master and workers served before, during and after.
    assert portal.server.process.poll() is None
    assert portal.server.process.pid == master
    assert set(portal.server.worker_pids()) == workers
