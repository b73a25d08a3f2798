"""Fault tests: each starts its own gunicorn (production profile) against its own PostgreSQL
database on 127.0.0.1, bounded in time, and leaves nothing running behind it."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bench import pg
from bench.server import Gunicorn
from tests.faults.cluster import Cluster, cluster_for_faults
from tests.faults.portal import Portal, collect_static, production_env, seed

MAIN_SERVER = os.environ.get("FOS_FAULTS_PG", pg.DEFAULT_SERVER)

MakePortal = Callable[..., Portal]


@pytest.fixture(scope="session")
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Production serves static files from the collected, hashed copy (WhiteNoise's manifest)."""
    work_dir = tmp_path_factory.mktemp("static")
    root = work_dir / "static"
    collect_static(root, work_dir)
    return root


@pytest.fixture
def make_portal(tmp_path: Path, static_root: Path) -> Iterator[MakePortal]:
    made: list[Portal] = []

    def make(name: str, *, server_url: str = MAIN_SERVER, workers: int = 3, **env: str) -> Portal:
        database_url = f"{server_url}/fos_faults_{name}_{os.getpid()}"
        secret_key = secrets.token_urlsafe(50)
        manifest = seed(database_url, tmp_path, secret_key)
        server_env = production_env(database_url, tmp_path, static_root, secret_key, **env)
        server = Gunicorn(server_env, workers=workers, log_path=tmp_path / f"{name}.log")
        portal = Portal(name, database_url, manifest, server_env, server)
        made.append(portal)
        return portal

    try:
        yield make
    finally:
        for portal in made:
            portal.server.stop()
        for portal in made:
            try:
                pg.drop_database(portal.database_url)
            except Exception as error:  # a database still in use: report it, go on
                print(f"could not drop {portal.database_url}: {error}")


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    """The cluster the test may restart; it is left running (or removed, if private)."""
    made = cluster_for_faults()
    try:
        yield made
    finally:
        made.close()
