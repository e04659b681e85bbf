"""Where the real PostgreSQL and RabbitMQ for the tests come from.

In turn: ``DATABASE_URL`` / ``AMQP_URL`` from the environment; else the local
server on its default port (127.0.0.1:5432 with trust authentication and a
``test`` database, 127.0.0.1:5672 as guest), started first when it is installed
but down, as ``.ci/run`` does; else a container started with testcontainers
when a Docker engine answers; else the test fails with a message naming what is
missing. Nothing is ever skipped for a missing server: a green run means every
test ran against the real thing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


def _docker_available() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
    except Exception:
        return False
    return True


def _answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _wait_for(port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _answers(port):
            return True
        time.sleep(0.5)
    return False


def _start_postgres() -> bool:
    """Starts the machine's PostgreSQL cluster when one is installed (Debian's layout)."""
    clusters = Path("/etc/postgresql")
    if shutil.which("pg_ctlcluster") is None or not clusters.is_dir():
        return False
    for version in sorted(path.name for path in clusters.iterdir()):
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
            check=False,
            capture_output=True,
        )
    return _wait_for(5432, 60)


def _start_rabbitmq() -> bool:
    if shutil.which("rabbitmq-server") is None:
        return False
    subprocess.run(["rabbitmq-server", "-detached"], check=False, capture_output=True)
    return _wait_for(5672, 120)


class ServerSource:
    """Lazily finds one kind of server, once per test session."""

    def __init__(
        self,
        env_var: str,
        what: str,
        *,
        local_url: str,
        local_port: int,
        start_local: Callable[[], bool],
        start_container: Callable[[], tuple[str, Any]],
    ) -> None:
        self.env_var = env_var
        self.what = what
        self._local_url = local_url
        self._local_port = local_port
        self._start_local = start_local
        self._start_container = start_container
        self._url: str | None = None
        self._container: Any = None

    def url(self) -> str:
        if self._url is None:
            self._url = os.environ.get(self.env_var) or self._find()
        return self._url

    def _find(self) -> str:
        if _answers(self._local_port) or self._start_local():
            return self._local_url
        if _docker_available():
            url, self._container = self._start_container()
            return str(url)
        pytest.fail(
            f"this test needs {self.what}: set {self.env_var}, install one locally on port "
            f"{self._local_port}, or run a Docker engine for testcontainers; none is available",
            pytrace=False,
        )

    def stop(self) -> None:
        if self._container is not None:
            self._container.stop()


def _postgres_container() -> tuple[str, Any]:
    from testcontainers.postgres import PostgresContainer

    container = PostgresContainer("postgres:16-alpine", driver="psycopg").start()
    return container.get_connection_url(), container


def _rabbitmq_container() -> tuple[str, Any]:
    from testcontainers.rabbitmq import RabbitMqContainer

    container = RabbitMqContainer("rabbitmq:3.13-management").start()
    host = container.get_container_host_ip()
    port = container.get_exposed_port(container.port)
    return f"amqp://guest:guest@{host}:{port}/%2F", container


POSTGRES = ServerSource(
    "DATABASE_URL",
    "a PostgreSQL server",
    local_url="postgresql://postgres@127.0.0.1:5432/test",
    local_port=5432,
    start_local=_start_postgres,
    start_container=_postgres_container,
)
RABBITMQ = ServerSource(
    "AMQP_URL",
    "a RabbitMQ broker",
    local_url="amqp://guest:guest@127.0.0.1:5672/%2F",
    local_port=5672,
    start_local=_start_rabbitmq,
    start_container=_rabbitmq_container,
)
