"""The PostgreSQL cluster a fault test may stop and start.

``FOS_FAULTS_PG_CLUSTER=private`` (the default): a throwaway cluster made with initdb in a
temporary folder and served on a free loopback port, so that restarting it disturbs no one else
on the machine (other suites, other people's databases). ``main``: the machine's own cluster,
restarted with Debian's ``pg_ctlcluster`` (CI, which owns its machine). Either way the test
leaves the main cluster running.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Protocol

from bench.server import HOST, free_port

READY_WITHIN = 60.0


def postgres_version() -> str:
    """The version of the machine's cluster, as Debian names its folder in /etc/postgresql."""
    versions = sorted(os.listdir("/etc/postgresql"))
    if not versions:
        raise RuntimeError("no PostgreSQL cluster in /etc/postgresql")
    return versions[0]


def _run(command: list[str], *, timeout: float = 120) -> None:
    result = subprocess.run(  # noqa: S603 - fixed commands, no shell
        command, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {result.stdout}{result.stderr}")


def is_ready(port: int) -> bool:
    result = subprocess.run(  # noqa: S603
        ["pg_isready", "-q", "-h", HOST, "-p", str(port)],  # noqa: S607
        timeout=10,
        check=False,
    )
    return result.returncode == 0


def wait_ready(port: int, within: float = READY_WITHIN) -> float:
    """Seconds until the server accepts connections; RuntimeError past ``within``."""
    started = time.monotonic()
    while time.monotonic() - started < within:
        if is_ready(port):
            return time.monotonic() - started
        time.sleep(0.2)
    raise RuntimeError(f"PostgreSQL on port {port} not ready within {within} s")


class Cluster(Protocol):
    port: int

    @property
    def server_url(self) -> str: ...

    def stop(self) -> None: ...

    def start(self) -> None: ...

    def close(self) -> None: ...


class MainCluster:
    """The machine's cluster on 127.0.0.1:5432, through pg_ctlcluster."""

    port = 5432

    def __init__(self) -> None:
        self.version = postgres_version()

    @property
    def server_url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}"

    def _ctl(self, action: str, *options: str) -> None:
        _run(
            [
                "pg_ctlcluster",
                "--skip-systemctl-redirect",
                *options,
                self.version,
                "main",
                action,
            ]
        )

    def stop(self) -> None:
        self._ctl("stop", "--mode", "fast")

    def start(self) -> None:
        self._ctl("start")
        wait_ready(self.port)

    def close(self) -> None:
        """Leave it running, whatever happened."""
        if not is_ready(self.port):
            with contextlib.suppress(RuntimeError):  # already starting: waited for below
                self._ctl("start")
            wait_ready(self.port)


class PrivateCluster:
    """A cluster of its own: initdb in a temporary folder, pg_ctl on a free loopback port."""

    def __init__(self) -> None:
        self.version = postgres_version()
        self.bin = Path(f"/usr/lib/postgresql/{self.version}/bin")
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="fos-faults-pg-"))
        self.data = self.root / "data"
        self.as_postgres = os.geteuid() == 0  # PostgreSQL refuses to run as root
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._as_owner([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                        "--auth=trust", "-E", "UTF8", "--locale=C"])  # fmt: skip
        self.start()

    def _as_owner(self, command: list[str]) -> None:
        _run(["runuser", "-u", "postgres", "--", *command] if self.as_postgres else command)

    @property
    def server_url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses={HOST} -c fsync=off"
        self._as_owner([str(self.bin / "pg_ctl"), "-D", str(self.data), "-l",
                        str(self.root / "server.log"), "-o", options, "-w", "-t", "60",
                        "start"])  # fmt: skip
        wait_ready(self.port)

    def stop(self) -> None:
        self._as_owner([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])

    def close(self) -> None:
        with contextlib.suppress(RuntimeError):  # already stopped
            self._as_owner(
                [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
            )
        shutil.rmtree(self.root, ignore_errors=True)


def cluster_for_faults() -> Cluster:
    choice = os.environ.get("FOS_FAULTS_PG_CLUSTER", "private")
    if choice == "main":
        return MainCluster()
    if choice == "private":
        return PrivateCluster()
    raise ValueError(f"FOS_FAULTS_PG_CLUSTER={choice!r}: use private or main")
