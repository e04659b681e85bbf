"""Fixtures shared by every test: databases on SQLite and PostgreSQL, a broker."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from service.platform.store import database
from tests.servers import POSTGRES, RABBITMQ


def pytest_sessionfinish() -> None:
    POSTGRES.stop()
    RABBITMQ.stop()


@contextmanager
def scratch_postgres(prefix: str = "officer_test") -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped afterwards: its URL."""
    server = make_url(database.normalize_url(POSTGRES.url()))
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield server.set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextmanager
def scratch_database(
    kind: str, tmp_path_factory: pytest.TempPathFactory, prefix: str
) -> Iterator[str]:
    """A fresh database of ``kind`` ("sqlite" or "postgresql") for a module of tests."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp(prefix) / 'officer.sqlite3'}"
        return
    with scratch_postgres(prefix) as url:
        yield url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    with scratch_postgres() as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'officer.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Runs the test once on SQLite and once on PostgreSQL, each on an empty database."""
    if request.param == "sqlite":
        url: str = request.getfixturevalue("sqlite_url")
    else:
        url = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    created = database.create_engine(database_url, pool_size=4)
    yield created
    created.dispose()


@pytest.fixture
def amqp_url() -> str:
    return RABBITMQ.url()
