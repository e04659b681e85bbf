"""Fixtures shared by every test: databases on SQLite and PostgreSQL, a broker."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from service.devtools.host_sim import load_city
from service.platform.store import database, schema
from tests.servers import POSTGRES, RABBITMQ


def pytest_sessionfinish() -> None:
    POSTGRES.stop()
    RABBITMQ.stop()


@contextmanager
def scratch_postgres(prefix: str = "officer_test", *, template: str | None = None) -> Iterator[str]:
    """A fresh PostgreSQL database, dropped afterwards: its URL. Empty, or a copy
    of the database named ``template``."""
    server = make_url(database.normalize_url(POSTGRES.url()))
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    copied = f' TEMPLATE "{template}"' if template is not None else ""
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"{copied}'))
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
def postgres_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards: empty, or
    already migrated when the test asks for ``migrated_engine``."""
    template = _migrated_template(request, "postgresql")
    with scratch_postgres(template=template) as url:
        yield url


@pytest.fixture
def sqlite_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same on SQLite."""
    path = tmp_path / "officer.sqlite3"
    template = _migrated_template(request, "sqlite")
    if template is not None:
        shutil.copyfile(template, path)
    return f"sqlite:///{path}"


def _migrated_template(request: pytest.FixtureRequest, kind: str) -> str | None:
    """The template to start from, when the test wants its database migrated
    (``migrated_engine``), or migrated with the small city (``small_city_engine``)."""
    city = "small_city_engine" in request.fixturenames
    if not city and "migrated_engine" not in request.fixturenames:
        return None
    templates: SchemaTemplates = request.getfixturevalue("schema_templates")
    return templates.of(kind, city=city)


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


class SchemaTemplates:
    """A migrated database of each kind, made once a session, that a test wanting
    a migrated database starts from: a copy (CREATE DATABASE … TEMPLATE on
    PostgreSQL, a file on SQLite) instead of running the migrations in the
    setup of a thousand tests (0.25 s and 0.12 s each). The migrations
    themselves are tested on empty databases (test_store.py)."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._made: dict[str, str] = {}
        self._closing = ExitStack()

    def of(self, kind: str, *, city: bool = False) -> str:
        """The template's database name (PostgreSQL) or file (SQLite); with
        ``city``, the small synthetic city (seed 2020) mirrored in it and its
        officers assigned, as ``load_city`` leaves it."""
        key = f"{kind}-city" if city else kind
        return self._made.get(key) or self._make(kind, key, city=city)

    def close(self) -> None:
        self._closing.close()

    def _make(self, kind: str, key: str, *, city: bool) -> str:
        if kind == "postgresql":
            url = self._closing.enter_context(scratch_postgres("officer_template"))
        else:
            url = f"sqlite:///{self._folder / f'template-{key}.sqlite3'}"
        template = database.create_engine(url, pool_size=1)
        try:
            schema.migrate(template)
            if city:
                # Its times are the session's start: a test's clock starts later.
                load_city(template, size="small", seed=2020)
        finally:
            # A template may have no other connection while it is copied.
            template.dispose()
        name = make_url(url).database
        assert name
        if kind == "sqlite":
            # Everything into the main file, which alone is copied.
            with closing(sqlite3.connect(name)) as connection:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._made[key] = name
        return name


@pytest.fixture(scope="session")
def schema_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SchemaTemplates]:
    templates = SchemaTemplates(tmp_path_factory.mktemp("schema-templates"))
    yield templates
    templates.close()
