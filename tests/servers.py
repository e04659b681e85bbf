"""Where the real PostgreSQL and RabbitMQ for the tests come from.

``DATABASE_URL`` / ``AMQP_URL`` from the environment first; else a container
started with testcontainers when a Docker engine answers; else the test fails
with a message naming what is missing. Nothing is ever skipped for a missing
server: a green run means every test ran against the real thing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest


def _docker_available() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
    except Exception:
        return False
    return True


class ServerSource:
    """Lazily finds one kind of server, once per test session."""

    def __init__(self, env_var: str, what: str, start_container: Callable[[], tuple[str, Any]]):
        self.env_var = env_var
        self.what = what
        self._start_container = start_container
        self._url: str | None = None
        self._container: Any = None

    def url(self) -> str:
        if self._url is None:
            self._url = os.environ.get(self.env_var) or self._from_container()
        return self._url

    def _from_container(self) -> str:
        if not _docker_available():
            pytest.fail(
                f"this test needs {self.what}: set {self.env_var} (e.g. in .ci/run) "
                "or run a Docker engine for testcontainers; neither is available",
                pytrace=False,
            )
        url, self._container = self._start_container()
        return url

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


POSTGRES = ServerSource("DATABASE_URL", "a PostgreSQL server", _postgres_container)
RABBITMQ = ServerSource("AMQP_URL", "a RabbitMQ broker", _rabbitmq_container)
