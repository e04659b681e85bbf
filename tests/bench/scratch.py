"""Scratch PostgreSQL databases for the benchmarks: made empty, dropped after."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from service.platform.store import database


@contextmanager
def scratch_postgres(server_url: str) -> Iterator[str]:
    """The URL of a new database on ``server_url``'s server, dropped on exit."""
    server = make_url(database.normalize_url(server_url))
    name = f"officer_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
