"""Engines for SQLite (the embedded default) and PostgreSQL (production)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Literal

import sqlalchemy as sa
import structlog
from sqlalchemy.engine import Engine, make_url
from tenacity import (
    retry,
    retry_if_exception_type,
    stop_after_delay,
    wait_exponential,
)

from service.platform.observability import log_retry

log = structlog.get_logger(__name__)

# Execution option for read-only units of work (see _begin_sqlite_transaction).
READ_ONLY_OPTION = "officer_read_only"
# Connections kept open (and as many more on demand).
POOL_SIZE = 8


def normalize_url(url: str) -> str:
    """Accepts ``postgresql://`` and ``postgres://`` and picks the psycopg 3 driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def create_engine(url: str, *, pool_size: int = POOL_SIZE) -> Engine:
    """An engine with the settings this module relies on.

    SQLite runs in WAL mode so readers never block the writer, with
    ``synchronous=FULL`` so that a committed transaction survives power loss
    too (NORMAL may lose the last commits), foreign keys on, and a busy timeout
    instead of immediate "database is locked" errors.
    """
    normalized = normalize_url(url)
    if make_url(normalized).get_backend_name() == "sqlite":
        engine = sa.create_engine(
            normalized,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=pool_size,
            max_overflow=pool_size,
        )
        sa.event.listen(engine, "connect", _configure_sqlite_connection)
        sa.event.listen(engine, "begin", _begin_sqlite_transaction)
        return engine
    return sa.create_engine(
        normalized,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        # A dead server must not hang the health probe for a TCP timeout.
        connect_args={"connect_timeout": 5},
    )


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see above).
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
    finally:
        cursor.close()


def _begin_sqlite_transaction(connection: sa.Connection) -> None:
    # pysqlite's own transaction handling is switched off (above), so BEGIN is
    # ours to emit. Writers take the write lock up front: a deferred transaction
    # that reads and then writes fails at once with SQLITE_BUSY when another
    # writer got in between, whatever the busy timeout. Readers stay deferred so
    # that they never wait for a writer.
    read_only = connection.get_execution_options().get(READ_ONLY_OPTION, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


# PostgreSQL plan types a statement may be kept from (``enable_*`` settings).
PlanType = Literal["seqscan", "sort", "bitmapscan"]


@contextmanager
def plans_without(connection: sa.Connection, *kinds: PlanType) -> Iterator[None]:
    """PostgreSQL plans the statements run inside without ``kinds``; SQLite as ever.

    Right after a burst of writes (a morning's 16,000 reminders) the statistics
    lag until autovacuum analyses the table, and the planner picks plans that
    scale with the table rather than the rows asked for: a sort of every due
    step to keep 500, a scan of 50,000 rows to update 500 by key. Where a
    statement's rows are a few hundred found by an index, it is kept from them.
    The settings are the transaction's own and return to their defaults after
    (not after an error: the transaction is lost, and the settings with it)."""
    if connection.dialect.name != "postgresql":
        yield
        return
    for kind in kinds:
        connection.exec_driver_sql(f"SET LOCAL enable_{kind} = off")
    yield
    for kind in kinds:
        connection.exec_driver_sql(f"SET LOCAL enable_{kind} TO DEFAULT")


def ping(engine: Engine) -> None:
    """Raises unless the database answers ``SELECT 1``."""
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))


@retry(
    retry=retry_if_exception_type(sa.exc.OperationalError),
    wait=wait_exponential(multiplier=0.2, max=5),
    stop=stop_after_delay(60),
    reraise=True,
    before_sleep=log_retry("database unreachable, retrying", log),
)
def wait_until_reachable(engine: Engine) -> None:
    """At start-up the database may still be coming up: retry for up to a minute."""
    ping(engine)


def as_utc(moment: datetime) -> datetime:
    """A stored time as an aware UTC datetime: SQLite hands back the stored UTC
    time without its zone, PostgreSQL with it."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def sqlite_time_text(moment: datetime) -> str:
    """The text SQLAlchemy itself stores (and reads back) for a DateTime on
    SQLite: what raw driver parameters, which bypass its type processing, must
    pass instead of a datetime."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
