"""A portal of a fault test's own: a seeded PostgreSQL database and gunicorn in the production
profile on a loopback port, with the helpers the tests use to talk to both."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import pg
from bench.server import BASE_DIR, HOST, Gunicorn, Reply, base_env, manage, request

SEED_MEMBERS = 40  # one block of registry.demo's plan
SEED_DOSSIERS = 2


@dataclass
class Portal:
    name: str
    database_url: str
    manifest: dict[str, Any]
    env: dict[str, str]
    server: Gunicorn

    @property
    def members(self) -> list[dict[str, Any]]:
        return list(self.manifest["members"])

    def sql(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return pg.rows(self.database_url, query, params)

    def manage(self, *args: str) -> str:
        return manage(*args, env=self.env)

    def submit(self, member: dict[str, Any], key: str, *, timeout: float = 10) -> Reply:
        """POST /api/v1/dossiers/ to the BENCH service (no rule, no document)."""
        return request(
            self.server.port,
            "POST",
            "/api/v1/dossiers/",
            body=json.dumps({"campaign": self.manifest["bench_campaign"]}).encode(),
            headers={
                "Authorization": f"Token {member['token']}",
                "Content-Type": "application/json",
                "Idempotency-Key": key,
            },
            timeout=timeout,
        )


def production_env(
    database_url: str, work_dir: Path, static_root: Path, secret_key: str, **extra: str
) -> dict[str, str]:
    """The production profile, served over plain HTTP on loopback (no TLS proxy in front)."""
    return base_env(
        database_url,
        work_dir / "var",
        SECRET_KEY=secret_key,
        FOS_ENV="production",
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(work_dir / "media"),
        **extra,
    )


def collect_static(static_root: Path, work_dir: Path) -> None:
    env = production_env(
        f"sqlite:///{work_dir / 'unused.sqlite3'}", work_dir, static_root, secrets.token_urlsafe(50)
    )
    manage("collectstatic", "--noinput", "-v0", env=env, timeout=600)


def seed(database_url: str, work_dir: Path, secret_key: str) -> dict[str, Any]:
    """A fresh database filled by bench/seed.py (members, ready accounts, BENCH service)."""
    manifest = work_dir / "manifest.json"
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            str(BASE_DIR / "bench" / "seed.py"),
            f"--database-url={database_url}",
            f"--members={SEED_MEMBERS}",
            f"--dossiers={SEED_DOSSIERS}",
            f"--manifest={manifest}",
        ],
        cwd=BASE_DIR,
        env=base_env(database_url, work_dir / "var", SECRET_KEY=secret_key),
        check=True,
        capture_output=True,
        timeout=600,
    )
    return dict(json.loads(manifest.read_text(encoding="utf-8")))
