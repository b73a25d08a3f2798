"""The load benchmark's floor views (fos/bench_views.py): mounted only with BENCH_VIEWS, which
production refuses; each does what bench/RESULTS.md says it measures, and nothing more."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from fos.bench_views import FLOOR_QUERIES, create_bench_table
from tests.fos.test_settings import production_env, run_manage
from tests.helpers import api_token

pytestmark = pytest.mark.django_db
BENCH = override_settings(BENCH_VIEWS=True, ROOT_URLCONF="tests.fos.bench_urlconf")


def test_production_refuses_the_bench_views(tmp_path: Path) -> None:
    result = run_manage(
        "check", env=production_env(tmp_path) | {"FOS_BENCH_VIEWS": "1"}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "FOS_BENCH_VIEWS must never be set in production" in result.stderr


def test_they_are_mounted_only_when_asked(tmp_path: Path) -> None:
    code = "from django.urls import resolve; print(resolve('/bench/floor/').url_name)"
    env = {"FOS_ENV": "development", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    mounted = run_manage("shell", "-c", code, env=env | {"FOS_BENCH_VIEWS": "1"}, tmp_path=tmp_path)
    assert mounted.returncode == 0, mounted.stderr
    assert mounted.stdout.strip().splitlines()[-1] == "bench_floor"
    absent = run_manage("shell", "-c", code, env=env, tmp_path=tmp_path)
    assert absent.returncode != 0
    assert "Resolver404" in absent.stderr


def test_they_are_absent_from_the_test_settings(client: Client) -> None:
    assert client.get("/bench/hello/").status_code == 404


@BENCH
def test_hello_touches_neither_session_nor_database(client: Client) -> None:
    # As the benchmark sends it, without a cookie (with one, the session middleware would read
    # the session and push its expiry when due: fos/sessions.py).
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/bench/hello/")
    assert response.status_code == 200
    assert response.content == b"hello"
    assert len(queries) == 0
    assert "Set-Cookie" not in response.headers


@BENCH
def test_the_floor_page_reads_session_user_and_five_rows(client: Client, member_user: User) -> None:
    # member_user has not accepted the terms: the floor page skips the portal's gates.
    client.force_login(member_user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/bench/floor/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "floor page" in html and f"user {member_user.pk}" in html
    assert "{% extends" not in html and "<header" not in html
    provinces = [q for q in queries.captured_queries if "registry_province" in q["sql"]]
    assert len(provinces) == FLOOR_QUERIES


@override_settings(BENCH_VIEWS=False, ROOT_URLCONF="tests.fos.bench_urlconf")
def test_the_gates_apply_to_bench_paths_when_the_views_are_off(
    client: Client, member_user: User
) -> None:
    client.force_login(member_user)
    assert client.get("/bench/floor/")["Location"] == "/accounts/terms/"


@BENCH
def test_the_insert_needs_a_token_and_writes_one_row(ready_member: User) -> None:
    create_bench_table()
    client = Client(enforce_csrf_checks=True)
    body = json.dumps({"campaign": 1})
    refused = client.post("/bench/insert/", body, content_type="application/json")
    assert refused.status_code == 401
    token = api_token(ready_member)
    response = client.post(
        "/bench/insert/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
        HTTP_IDEMPOTENCY_KEY="key-1",
    )
    assert response.status_code == 201
    with connection.cursor() as cursor:
        cursor.execute("SELECT user_id, idempotency_key, body FROM bench_insert")
        assert cursor.fetchall() == [(ready_member.pk, "key-1", body)]
