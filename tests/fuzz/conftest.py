"""A PostgreSQL database for the fuzz module, made once and dropped after it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from service.platform.store import database
from tests.servers import POSTGRES


@pytest.fixture(scope="module")
def fuzz_postgres_url() -> Iterator[str]:
    server = make_url(database.normalize_url(POSTGRES.url()))
    name = f"officer_fuzz_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield server.set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
