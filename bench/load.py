"""Load benchmark: the member pages and the submission against floor views, then a burst.

    make bench-load
    .venv/bin/python bench/load.py [--members 300] [--duration 10] [--burst 20000]

Fully automatic and bounded (loopback only; every run, wait and request has a limit):

1. a fresh PostgreSQL database (``--database-url``, dropped and made again) is migrated and
   filled by bench/seed.py: 300 registry members, a ready account for each living one (terms
   accepted, API token, signed-in session), about 20 dossiers each with their history, and the
   benchmark's own services BENCH and BURST (no rule, no document, an open campaign);
2. gunicorn serves the portal with sync workers (2 x cores + 1) on 127.0.0.1;
3. wrk (Debian's) drives, in the same run on the same server, the floor views (hello, floor
   page, bare insert) and the portal (dashboard "/", dossier list, dossier page, submission
   POST /api/v1/dossiers/), each request as the next member (bench/wrk/*.lua): a 2 s warm-up,
   then 10 s with 32 connections (throughput) and 10 s with 8 (latency: p50, p99);
4. the burst: exactly 20,000 submissions to BURST with distinct Idempotency-Keys from 32
   client threads, plus deliberate retries of keys already used (one after the answer, and
   pairs sent at the same moment); then the database must hold exactly 20,000 BURST dossiers,
   one per key, numbered 1..20000 without a gap, each with its submission event;
5. gunicorn is stopped and the database dropped whatever happens.

Results: printed, and written as JSON and Markdown to ``--out-dir`` (var/bench/ by default).
Exit status 1 when a target fails (bench/RESULTS.md, section "Load").
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from bench import pg  # noqa: E402
from bench.server import HOST, Gunicorn, base_env, default_workers  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/fos_bench_load"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"  # a database of its own, emptied at the start
WRK_DIR = BASE_DIR / "bench" / "wrk"
WRK_TIMEOUT = "10s"
PAGE_RATIO_TARGET = 0.8
SUBMIT_RATIO_TARGET = 0.3
P99_TARGET_MS = 50.0


@dataclass(frozen=True)
class Endpoint:
    name: str
    label: str
    script: str
    mode: str
    expected_status: str
    floor: bool = False
    path: str = ""  # a page every member has once: opened once per member before the warm-up


ENDPOINTS = [
    Endpoint("hello", "floor: hello", "pages.lua", "hello", "200", floor=True),
    Endpoint("floor", "floor: floor page", "pages.lua", "floor", "200", floor=True),
    Endpoint("dashboard", "member dashboard /", "pages.lua", "dashboard", "200", path="/"),
    Endpoint("list", "dossier list /dossiers/", "pages.lua", "list", "200", path="/dossiers/"),
    Endpoint("dossier", "dossier page /dossiers/<id>/", "pages.lua", "dossier", "200"),
    Endpoint("insert", "floor: bare insert (POST)", "posts.lua", "insert", "201", floor=True),
    Endpoint("submit", "submission POST /api/v1/dossiers/", "posts.lua", "submit", "201"),
]


@dataclass
class Run:
    connections: int
    seconds: float
    requests: int
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    statuses: dict[str, int]
    socket_errors: dict[str, int]
    command: str

    def valid(self, expected: str) -> bool:
        return (
            self.requests > 0
            and set(self.statuses) == {expected}
            and not any(self.socket_errors.values())
        )


@dataclass
class Result:
    """An endpoint over every round: the median round's throughput run (by req/s) and latency
    run (by p99), and all the runs."""

    endpoint: str
    label: str
    throughput: Run
    latency: Run
    rounds: list[tuple[Run, Run]] = field(default_factory=list)
    ratio_to_floor: float | None = None
    ratio_to_insert: float | None = None
    checks: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(ok for _name, ok in self.checks)


# Machine -------------------------------------------------------------------------------------


def _first_line(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return "?"
    return (result.stdout or result.stderr).strip().splitlines()[0] if result else "?"


def machine(database_url: str) -> dict[str, str]:
    import django
    import gunicorn

    cpu = "?"
    memory = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "cores (nproc)": str(os.cpu_count()),
        "CPU": cpu,
        "memory": memory,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "PostgreSQL": pg.server_version(database_url),
        "wrk": _first_line(["wrk", "--version"]),
    }


# wrk -----------------------------------------------------------------------------------------


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        raise SystemExit("wrk is missing. Run: sudo apt-get install wrk")
    print("Installing Debian's wrk")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, timeout=300, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, timeout=300, env=env)


def wrk(url: str, endpoint: Endpoint, args: list[str], *, connections: int, seconds: float) -> Run:
    command = [
        "wrk",
        f"--threads={min(connections, max(2, os.cpu_count() or 2))}",
        f"--connections={connections}",
        f"--duration={seconds:g}s",
        f"--timeout={WRK_TIMEOUT}",
        "--latency",
        f"--script={WRK_DIR / endpoint.script}",
        url,
        "--",
        endpoint.mode,
        *args,
    ]
    result = subprocess.run(
        command, cwd=BASE_DIR, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("WRK_JSON ")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stdout}{result.stderr}")
    data = json.loads(lines[-1].removeprefix("WRK_JSON "))
    seconds_run = data["duration_us"] / 1e6
    latency = data["latency_us"]
    errors = data["errors"]
    return Run(
        connections=connections,
        seconds=round(seconds_run, 2),
        requests=data["requests"],
        rps=round(data["requests"] / seconds_run, 1),
        p50_ms=latency["p50"] / 1000,
        p90_ms=latency["p90"] / 1000,
        p99_ms=latency["p99"] / 1000,
        max_ms=latency["max"] / 1000,
        statuses={str(k): int(v) for k, v in data["statuses"].items()},
        socket_errors={k: int(errors[k]) for k in ("connect", "read", "write", "timeout")},
        # The generated files by name only (they live in a temporary folder).
        command=" ".join(
            Path(part).name if Path(part).is_file() else part for part in command
        ).replace(str(WRK_DIR), "bench/wrk"),
    )


def endpoint_args(
    endpoint: Endpoint, files: dict[str, Path], manifest: dict[str, Any]
) -> list[str]:
    if endpoint.script == "pages.lua":
        return [str(files["sessions"])]
    nonce = str(random.SystemRandom().randrange(1, 2**31))
    return [str(files["tokens"]), str(manifest["bench_campaign"]), nonce]


def prime(url: str, path: str, sessions: Path) -> None:
    """Open ``path`` once as each member, four at a time: the measure is of members coming
    back to a page they have seen (the member pages' cache, dossiers/pagecache.py, holds it);
    a first visit costs what the page costs with PAGE_CACHE_SECONDS=0 (bench/RESULTS.md)."""
    host, port = url.removeprefix("http://").split(":")
    keys = [line.split()[0] for line in sessions.read_text(encoding="utf-8").splitlines()]

    def visit(key: str) -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        try:
            connection.request("GET", path, headers={"Cookie": f"sessionid={key}"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"priming {path}: {response.status}")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(visit, keys))


def measure(
    url: str,
    endpoint: Endpoint,
    files: dict[str, Path],
    manifest: dict[str, Any],
    options: argparse.Namespace,
) -> tuple[Run, Run]:
    """One round of an endpoint: warm-up, throughput run, latency run."""

    def run(connections: int, seconds: float) -> Run:
        args = endpoint_args(endpoint, files, manifest)
        return wrk(url, endpoint, args, connections=connections, seconds=seconds)

    if endpoint.path:
        prime(url, endpoint.path, files["sessions"])
    run(options.throughput_connections, options.warmup)
    throughput = run(options.throughput_connections, options.duration)
    latency = run(options.latency_connections, options.duration)
    print(
        f"  {endpoint.name:10} {throughput.rps:8.1f} req/s at {throughput.connections}; "
        f"p50 {latency.p50_ms:.1f} ms, p99 {latency.p99_ms:.1f} ms at {latency.connections}",
        flush=True,
    )
    return throughput, latency


def _median(runs: list[Run], key: str) -> Run:
    ordered = sorted(runs, key=lambda run: float(getattr(run, key)))
    return ordered[(len(ordered) - 1) // 2]


def summarize(endpoint: Endpoint, rounds: list[tuple[Run, Run]]) -> Result:
    throughput = _median([t for t, _l in rounds], "rps")
    latency = _median([lat for _t, lat in rounds], "p99_ms")
    return Result(endpoint.name, endpoint.label, throughput, latency, rounds)


def judge(results: dict[str, Result]) -> None:
    """Ratios and targets of whatever ran (the floor views always run)."""
    floor = results["floor"].throughput.rps
    insert = results["insert"].throughput.rps
    if not floor or not insert:
        raise RuntimeError("the floor views answered nothing")
    for endpoint in ENDPOINTS:
        result = results.get(endpoint.name)
        if result is None:
            continue
        result.ratio_to_floor = round(result.throughput.rps / floor, 3)
        valid = all(run.valid(endpoint.expected_status) for pair in result.rounds for run in pair)
        result.checks.append((f"every answer {endpoint.expected_status}, no socket error", valid))
        if endpoint.floor:
            continue
        if endpoint.name in {"dashboard", "list"}:
            result.checks.append(
                (
                    f">= {PAGE_RATIO_TARGET} x floor page req/s",
                    result.ratio_to_floor >= PAGE_RATIO_TARGET,
                )
            )
        if endpoint.name == "submit":
            result.ratio_to_insert = round(result.throughput.rps / insert, 3)
            result.checks.append(
                (
                    f">= {SUBMIT_RATIO_TARGET} x bare insert req/s",
                    result.ratio_to_insert >= SUBMIT_RATIO_TARGET,
                )
            )
        result.checks.append(
            (
                f"p99 < {P99_TARGET_MS:g} ms at {result.latency.connections} clients",
                result.latency.p99_ms < P99_TARGET_MS,
            )
        )


# The burst -------------------------------------------------------------------------------------


@dataclass
class Outcome:
    key: str
    member: int
    kind: str  # once, retry (again after the answer), race (two at the same moment)
    statuses: list[int] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)
    network_errors: int = 0


class Poster:
    """One client thread's keep-alive connection to the server, reopened after an error."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port = port
        self.timeout = timeout
        self.conn = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)

    def send(self, token: str, key: str, body: bytes) -> None:
        headers = {
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": key,
        }
        self.conn.request("POST", "/api/v1/dossiers/", body=body, headers=headers)

    def receive(self) -> tuple[int, int | None]:
        response = self.conn.getresponse()
        payload = response.read()
        try:
            dossier_id = int(json.loads(payload)["id"])
        except (ValueError, KeyError, TypeError):
            dossier_id = None
        return response.status, dossier_id

    def reset(self) -> None:
        self.conn.close()
        self.conn = self._connect()


def _post(poster: Poster, token: str, outcome: Outcome, body: bytes, attempts: int = 3) -> None:
    """One submission; a network error is retried with the same key, as a client would."""
    for _attempt in range(attempts):
        try:
            poster.send(token, outcome.key, body)
            status, dossier_id = poster.receive()
        except (OSError, http.client.HTTPException):
            outcome.network_errors += 1
            poster.reset()
            continue
        outcome.statuses.append(status)
        if dossier_id is not None:
            outcome.ids.append(dossier_id)
        return
    outcome.statuses.append(0)


def _race(posters: tuple[Poster, Poster], token: str, outcome: Outcome, body: bytes) -> None:
    """The same key on two connections at once: both requests are in flight together."""
    first, second = posters
    try:
        first.send(token, outcome.key, body)
        second.send(token, outcome.key, body)
        for poster in posters:
            status, dossier_id = poster.receive()
            outcome.statuses.append(status)
            if dossier_id is not None:
                outcome.ids.append(dossier_id)
    except (OSError, http.client.HTTPException):
        outcome.network_errors += 1
        first.reset()
        second.reset()
        _post(first, token, outcome, body)  # the client retries; the key decides


def burst(
    port: int, manifest: dict[str, Any], *, count: int, retries: int, races: int, threads: int
) -> dict[str, Any]:
    members = manifest["members"]
    body = json.dumps({"campaign": manifest["burst_campaign"]}).encode()
    retry_every = max(1, count // retries) if retries else 0
    race_every = max(1, count // races) if races else 0
    outcomes = []
    for index in range(count):
        kind = "once"
        if race_every and index % race_every == race_every // 2:
            kind = "race"
        elif retry_every and index % retry_every == 0:
            kind = "retry"
        outcomes.append(Outcome(str(uuid.uuid4()), index % len(members), kind))
    local = threading.local()
    lock = threading.Lock()
    cursor = iter(outcomes)

    def jobs() -> Iterator[Outcome]:
        while True:
            with lock:
                outcome = next(cursor, None)
            if outcome is None:
                return
            yield outcome

    def work() -> None:
        local.posters = (Poster(port, 60), Poster(port, 60))
        for outcome in jobs():
            token = members[outcome.member]["token"]
            if outcome.kind == "race":
                _race(local.posters, token, outcome, body)
                continue
            _post(local.posters[0], token, outcome, body)
            if outcome.kind == "retry":
                _post(local.posters[0], token, outcome, body)
        for poster in local.posters:
            poster.conn.close()

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for future in [pool.submit(work) for _ in range(threads)]:
            future.result(timeout=3600)
    seconds = time.monotonic() - started
    return {"outcomes": outcomes, "seconds": seconds}


def check_burst(
    database_url: str, manifest: dict[str, Any], sent: dict[str, Any]
) -> dict[str, Any]:
    """What the client saw and what the database holds, against what must be true."""
    outcomes: list[Outcome] = sent["outcomes"]
    count = len(outcomes)
    statuses = Counter(s for o in outcomes for s in o.statuses)
    client_problems = []
    for outcome in outcomes:
        expected = {"once": [201], "retry": [201, 200], "race": [200, 201]}[outcome.kind]
        got = outcome.statuses if outcome.kind != "race" else sorted(outcome.statuses)
        if outcome.network_errors and 201 not in got:
            got = [201 if s == 200 else s for s in got]  # the lost answer's retry finds it made
        if got != expected or len(set(outcome.ids)) != 1:
            client_problems.append(asdict(outcome))
    service = manifest["burst_service"]
    rows = pg.rows(
        database_url,
        "SELECT d.id, d.idempotency_key::text, d.status, d.sequence, d.number, d.year, "
        "(SELECT count(*) FROM dossiers_dossierevent e WHERE e.dossier_id = d.id "
        "AND e.from_status = 'draft' AND e.to_status = 'submitted') "
        "FROM dossiers_dossier d JOIN catalog_service s ON s.id = d.service_id WHERE s.code = %s",
        (service,),
    )
    last_values = pg.rows(
        database_url,
        "SELECT q.last_value FROM dossiers_dossiersequence q "
        "JOIN catalog_service s ON s.id = q.service_id WHERE s.code = %s",
        (service,),
    )
    keys_sent = {o.key for o in outcomes}
    keys_held = [row[1] for row in rows]
    ids_answered = {i for o in outcomes for i in o.ids}
    sequences = sorted(row[3] for row in rows if row[3] is not None)
    checks = {
        f"exactly {count} dossiers": len(rows) == count,
        "one dossier per key (none doubled)": len(set(keys_held)) == len(keys_held),
        "every key sent has its dossier (none lost)": set(keys_held) == keys_sent,
        "every answered id is in the database": ids_answered == {row[0] for row in rows},
        "all submitted, numbered, with their submission event": all(
            row[2] == "submitted" and row[4] and row[6] == 1 for row in rows
        ),
        f"numbers 1..{count} without a gap": sequences == list(range(1, count + 1)),
        "the sequence's last value is the last number": [r[0] for r in last_values] == [count],
        "every answer as expected (201, then 200 for a retry)": not client_problems,
    }
    return {
        "submissions": count,
        "requests": sum(len(o.statuses) for o in outcomes),
        "retries_after_answer": sum(o.kind == "retry" for o in outcomes),
        "simultaneous_pairs": sum(o.kind == "race" for o in outcomes),
        "network_errors_retried": sum(o.network_errors for o in outcomes),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "seconds": round(sent["seconds"], 1),
        "submissions_per_second": round(count / sent["seconds"], 1),
        "dossiers_in_database": len(rows),
        "checks": checks,
        "client_problems": client_problems[:20],
        "passed": all(checks.values()),
    }


# Report ------------------------------------------------------------------------------------


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def markdown(report: dict[str, Any]) -> str:
    lines = [
        f"### Figures ({report['date']})",
        "",
        f"gunicorn {report['server']['workers']} sync workers; wrk {report['wrk_threads']} threads;"
        f" {report['options']['rounds']} rounds, every endpoint in turn in each; per round and"
        f" endpoint a {report['options']['warmup']:g} s warm-up, then"
        f" {report['options']['duration']:g} s at {report['options']['throughput_connections']}"
        f" connections (throughput) and {report['options']['duration']:g} s at"
        f" {report['options']['latency_connections']} (latency). The table gives the median"
        " round: by req/s for throughput, by p99 for latency.",
        "",
        "Load average (1, 5, 15 min) at the start "
        f"{', '.join(f'{x:.1f}' for x in report['load_average']['start'])} and at the end "
        f"{', '.join(f'{x:.1f}' for x in report['load_average']['end'])}.",
        "",
        "| endpoint | req/s (32) | rounds | p50 / p99 ms (32) | req/s (8) | p50 ms (8) "
        "| p99 ms (8) | x floor page | x bare insert | targets | result |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in report["results"]:
        t, lat = row["throughput"], row["latency"]
        targets = "; ".join(name for name, _ok in row["checks"][1:]) or "(floor)"
        result = "PASS" if all(ok for _n, ok in row["checks"]) else "**FAIL**"
        per_round = " / ".join(f"{pair[0]['rps']:.0f}" for pair in row["rounds"])
        lines.append(
            f"| {row['label']} | {t['rps']:.0f} | {per_round} "
            f"| {t['p50_ms']:.1f} / {t['p99_ms']:.1f} "
            f"| {lat['rps']:.0f} | {lat['p50_ms']:.1f} | {lat['p99_ms']:.1f} "
            f"| {_ratio(row['ratio_to_floor'])} | {_ratio(row['ratio_to_insert'])} "
            f"| {targets} | {result} |"
        )
    burst_report = report.get("burst")
    if burst_report:
        lines += [
            "",
            f"Burst: {burst_report['submissions']:,} submissions "
            f"({burst_report['requests']:,} requests with "
            f"{burst_report['retries_after_answer']} retries after the answer and "
            f"{burst_report['simultaneous_pairs']} simultaneous pairs) in "
            f"{burst_report['seconds']} s ({burst_report['submissions_per_second']} /s); "
            f"answers {burst_report['statuses']}; "
            f"{burst_report['dossiers_in_database']:,} dossiers in the database.",
            "",
        ]
        for name, ok in burst_report["checks"].items():
            lines.append(f"- {'PASS' if ok else '**FAIL**'}: {name}")
    return "\n".join(lines) + "\n"


# Main ----------------------------------------------------------------------------------------


def write_inputs(manifest: dict[str, Any], folder: Path) -> dict[str, Path]:
    sessions = folder / "sessions.txt"
    tokens = folder / "tokens.txt"
    sessions.write_text(
        "".join(
            f"{m['session']} {','.join(str(d) for d in m['dossiers'])}\n"
            for m in manifest["members"]
            if m["dossiers"]
        ),
        encoding="utf-8",
    )
    tokens.write_text("".join(f"{m['token']}\n" for m in manifest["members"]), encoding="utf-8")
    return {"sessions": sessions, "tokens": tokens}


SHOWN_SETTINGS = {
    "FOS_ENV",
    "DEBUG",
    "FOS_BENCH_VIEWS",
    "ALLOWED_HOSTS",
    "DB_CONN_MAX_AGE",
    "SESSION_IDLE_MINUTES",
    "EMAIL_URL",
    "CELERY_TASK_ALWAYS_EAGER",
    "CELERY_BROKER_URL",
    "REDIS_URL",
    "PAGE_CACHE_SECONDS",
}


def server_env(
    database_url: str,
    var_dir: Path,
    secret_key: str,
    redis_url: str = "",
    page_cache_seconds: int | None = None,
) -> dict[str, str]:
    """The bench server's settings (docs/decisions/load-benchmark-method.md says why)."""
    # Redis, as in production: the cache (sessions read through it, the member pages' cache
    # shared by the workers). Celery stays on the in-memory broker: tasks are published, and
    # no worker runs during the measure.
    cache = {"REDIS_URL": redis_url} if redis_url else {}
    if page_cache_seconds is not None:  # 0: every page rendered anew (a first visit's cost)
        cache["PAGE_CACHE_SECONDS"] = str(page_cache_seconds)
    return base_env(
        database_url,
        var_dir,
        SECRET_KEY=secret_key,
        FOS_ENV="development",  # production refuses FOS_BENCH_VIEWS
        DEBUG="0",  # as in production: no query log, cached templates, no debug pages
        FOS_BENCH_VIEWS="1",
        ALLOWED_HOSTS=HOST,
        DB_CONN_MAX_AGE="60",  # production's default: one connection per worker, kept
        SESSION_IDLE_MINUTES="240",  # the seeded sessions outlive the run
        EMAIL_URL="locmem:",
        # Production's request path: a task is published on commit and a worker sends it later.
        CELERY_TASK_ALWAYS_EAGER="0",
        CELERY_BROKER_URL="memory://",
        **cache,
    )


def flush_redis(redis_url: str) -> None:
    """The benchmark's own Redis database, emptied: no page or session of an earlier run."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_LOAD_DATABASE_URL", DEFAULT_DATABASE)
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_LOAD_REDIS_URL", DEFAULT_REDIS),
        help="the server's cache, emptied first ('' for none: each worker's local memory)",
    )
    parser.add_argument(
        "--page-cache-seconds",
        type=int,
        default=None,
        help="the server's PAGE_CACHE_SECONDS (0: no member page kept, a first visit's cost)",
    )
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--dossiers", type=int, default=20, help="per member")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measured run")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3, help="medians over the rounds")
    parser.add_argument("--throughput-connections", type=int, default=32)
    parser.add_argument("--latency-connections", type=int, default=8)
    parser.add_argument("--burst", type=int, default=20_000, help="0: no burst")
    parser.add_argument("--retries", type=int, default=300, help="retries after the answer")
    parser.add_argument("--races", type=int, default=100, help="pairs sent at the same moment")
    parser.add_argument("--burst-threads", type=int, default=32)
    parser.add_argument("--only", nargs="*", default=None, help="endpoints (floor views always)")
    parser.add_argument("--out-dir", type=Path, default=BASE_DIR / "var" / "bench")
    parser.add_argument("--keep-database", action="store_true", help="leave it for inspection")
    parser.add_argument(
        "--report-only", action="store_true", help="exit 0 even when a target fails"
    )
    return parser.parse_args()


def main() -> int:
    options = parse_args()
    ensure_wrk()
    load_at_start = os.getloadavg()
    options.out_dir.mkdir(parents=True, exist_ok=True)
    work_dir = Path(tempfile.mkdtemp(prefix="fos-bench-load-"))
    secret_key = secrets.token_urlsafe(50)
    server: Gunicorn | None = None
    try:
        print(f"Seeding {options.database_url} ...", flush=True)
        manifest_path = work_dir / "manifest.json"
        seed_env = base_env(
            options.database_url,
            work_dir / "var",
            SECRET_KEY=secret_key,
            SESSION_IDLE_MINUTES="240",
        )
        started = time.monotonic()
        subprocess.run(
            [
                sys.executable,
                str(BASE_DIR / "bench" / "seed.py"),
                f"--database-url={options.database_url}",
                f"--members={options.members}",
                f"--dossiers={options.dossiers}",
                f"--manifest={manifest_path}",
            ],
            cwd=BASE_DIR,
            env=seed_env,
            check=True,
            timeout=900,
        )
        print(f"  seeded in {time.monotonic() - started:.0f} s", flush=True)
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = write_inputs(manifest, work_dir)
        if options.redis_url:
            flush_redis(options.redis_url)
        env = server_env(
            options.database_url,
            work_dir / "var",
            secret_key,
            options.redis_url,
            options.page_cache_seconds,
        )
        server = Gunicorn(env, workers=options.workers, log_path=work_dir / "gunicorn.log")
        server.start()
        print(f"gunicorn: {' '.join(server.command[1:])}", flush=True)
        wanted = set(options.only or [e.name for e in ENDPOINTS]) | {
            e.name for e in ENDPOINTS if e.floor
        }
        chosen = [e for e in ENDPOINTS if e.name in wanted]
        rounds: dict[str, list[tuple[Run, Run]]] = {e.name: [] for e in chosen}
        for number in range(1, options.rounds + 1):
            print(f"Round {number} of {options.rounds}", flush=True)
            for endpoint in chosen:  # every endpoint in turn, so that a slow spell hits all
                rounds[endpoint.name].append(
                    measure(server.url, endpoint, files, manifest, options)
                )
        results = {e.name: summarize(e, rounds[e.name]) for e in chosen}
        judge(results)
        burst_report = None
        if options.burst:
            print(f"Burst: {options.burst:,} submissions ...", flush=True)
            sent = burst(
                server.port,
                manifest,
                count=options.burst,
                retries=options.retries,
                races=options.races,
                threads=options.burst_threads,
            )
            burst_report = check_burst(options.database_url, manifest, sent)
        report = {
            "date": time.strftime("%Y-%m-%d"),
            "machine": machine(options.database_url),
            # Other work on the machine shows here: the runs share its cores.
            "load_average": {"start": load_at_start, "end": os.getloadavg()},
            "server": {
                "command": server.command[1:],
                "workers": server.workers,
                "env": {k: v for k, v in env.items() if k in SHOWN_SETTINGS},
            },
            "wrk_threads": min(options.throughput_connections, max(2, os.cpu_count() or 2)),
            "options": {k: str(v) if isinstance(v, Path) else v for k, v in vars(options).items()},
            "results": [{**asdict(r), "checks": r.checks} for r in results.values()],
            "burst": burst_report,
        }
        passed = all(r.passed for r in results.values()) and (
            burst_report is None or burst_report["passed"]
        )
        report["passed"] = passed
        (options.out_dir / "load.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
        table = markdown(report)
        (options.out_dir / "load.md").write_text(table, encoding="utf-8")
        print()
        print(table)
        print(f"Written: {options.out_dir / 'load.json'} and {options.out_dir / 'load.md'}")
        return 0 if passed or options.report_only else 1
    finally:
        if server is not None:
            server.stop()
        if not options.keep_database:
            pg.drop_database(options.database_url)
        shutil.rmtree(work_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
