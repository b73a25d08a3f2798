"""Start, check and stop the portal under gunicorn on a loopback port, for the load benchmark
and the fault tests. Every wait is bounded; a server that does not come up is an error."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def default_workers() -> int:
    """gunicorn's advice for sync workers: two per core, plus one."""
    return 2 * (os.cpu_count() or 1) + 1


def base_env(database_url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a server (and of the manage.py commands run against its database):
    this process's environment without the portal's own variables, then these."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FOS_", "DJANGO_", "DATABASE_", "SECRET_", "EMAIL_", "DEBUG"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "fos.settings",
            "DATABASE_URL": database_url,
            "FOS_VAR_DIR": str(var_dir),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "LOG_LEVEL": "WARNING",
        }
    )
    env.update(extra)
    return env


def manage(*args: str, env: Mapping[str, str], timeout: float = 300) -> str:
    """Run ``manage.py`` with ``env``; its output, or CalledProcessError with it."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]  # names in lower case; repeated headers joined by newlines
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 10,
) -> Reply:
    """One HTTP request to the server on 127.0.0.1:``port`` (a new connection); OSError or
    http.client.HTTPException when no answer came."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=dict(headers or {}))
        response = conn.getresponse()
        found: dict[str, str] = {}
        for name, value in response.getheaders():
            key = name.lower()
            found[key] = f"{found[key]}\n{value}" if key in found else value
        return Reply(response.status, found, response.read())
    finally:
        conn.close()


def get(
    port: int, path: str, *, timeout: float = 5, headers: Mapping[str, str] | None = None
) -> Reply:
    return request(port, "GET", path, headers=headers, timeout=timeout)


class Gunicorn:
    """``gunicorn fos.wsgi`` with sync workers on 127.0.0.1:<port>, in its own process group
    (so that a fault test can kill the master and every worker at once)."""

    def __init__(
        self,
        env: Mapping[str, str],
        *,
        port: int | None = None,
        workers: int | None = None,
        log_path: Path,
        timeout: int = 30,
    ) -> None:
        self.env = dict(env)
        self.port = port or free_port()
        self.workers = workers or default_workers()
        self.log_path = log_path
        self.timeout = timeout
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "fos.wsgi",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--bind",
            f"{HOST}:{self.port}",
            "--timeout",
            str(self.timeout),
            "--graceful-timeout",
            "5",
            "--no-control-socket",  # gunicorn 27's, one path per user: servers would share it
        ]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, *, ready_within: float = 60) -> None:
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command,
            cwd=BASE_DIR,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + ready_within
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}: {self.tail()}")
            try:
                if get(self.port, "/healthz", timeout=2).status == 200:
                    return
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /healthz within {ready_within} s")

    def worker_pids(self) -> list[int]:
        """The live workers of this master (read from /proc)."""
        if self.process is None:
            return []
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids

    def kill(self) -> None:
        """SIGKILL the master and every worker at once, as a power cut or the OOM killer."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self._close_log()

    def stop(self, *, within: float = 15) -> None:
        """SIGTERM (graceful), then SIGKILL to the whole group if it lingers."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=within)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # any worker left behind
        if self.process.poll() is None:
            self.process.wait(timeout=10)
        self._close_log()

    def tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
