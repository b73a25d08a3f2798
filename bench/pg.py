"""PostgreSQL helpers for the load benchmark and the fault tests: a throwaway database on the
local server, made fresh and dropped, and plain SQL checks that need no Django."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse, urlunparse

import psycopg
from psycopg import sql

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"


def database_name(url: str) -> str:
    name = urlparse(url).path.lstrip("/")
    if not name:
        raise ValueError(f"no database name in {url!r}")
    return name


def _maintenance_url(url: str) -> str:
    return urlunparse(urlparse(url)._replace(path="/postgres"))


def _check_loopback(url: str) -> None:
    host = urlparse(url).hostname or ""
    if host not in {"127.0.0.1", "localhost", "::1"} and not host.startswith("/"):
        raise ValueError(f"benchmarks and fault tests use a local PostgreSQL only, not {host!r}")


def recreate_database(url: str) -> None:
    """Drop the database named in ``url`` (ending its sessions) and create it empty."""
    _check_loopback(url)
    name = sql.Identifier(database_name(url))
    with psycopg.connect(_maintenance_url(url), autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def drop_database(url: str) -> None:
    _check_loopback(url)
    name = sql.Identifier(database_name(url))
    with psycopg.connect(_maintenance_url(url), autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def rows(url: str, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(url, connect_timeout=10) as conn:
        return conn.execute(query, params).fetchall()


def server_version(url: str) -> str:
    return str(rows(url, "SELECT version()")[0][0])
