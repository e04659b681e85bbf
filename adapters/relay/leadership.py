"""Who may publish: at most one relay across processes and replicas. Every
replica runs a relay; only the leader publishes, the others stand by (two relays
would publish every row twice)."""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from adapters.relay.common import DATABASE_ERRORS

# The PostgreSQL advisory lock key the leader holds ("officer" "relay"), scoped
# to the database like every advisory lock.
RELAY_LOCK_KEY = 0x6F66_6669_6365_72


class Leadership(Protocol):
    """Who may publish: at most one holder across processes and replicas."""

    def try_acquire(self) -> bool:
        """Takes the leadership if it is free; never waits for it."""
        ...

    def confirm_held(self) -> None:
        """Raises a database error if the leadership may have been lost."""
        ...

    def release(self) -> None:
        """Gives the leadership up; does nothing if it is not held."""
        ...


class PostgresLeadership:
    """A session-level advisory lock on a connection of its own: the server
    frees it when that connection ends, including when the process dies."""

    def __init__(self, engine: Engine, key: int = RELAY_LOCK_KEY) -> None:
        self._engine = engine
        self._key = key
        self._connection: sa.Connection | None = None
        self._held = False

    def try_acquire(self) -> bool:
        if self._held:
            return True
        try:
            if self._connection is None:
                self._connection = self._engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT"
                )
            query = sa.text("SELECT pg_try_advisory_lock(:key)")
            self._held = bool(self._connection.execute(query, {"key": self._key}).scalar_one())
        except DATABASE_ERRORS:
            self._drop_connection()
            raise
        return self._held

    def confirm_held(self) -> None:
        if self._connection is None:
            raise sa.exc.InterfaceError("SELECT 1", None, Exception("no leadership connection"))
        try:
            self._connection.execute(sa.text("SELECT 1"))
        except DATABASE_ERRORS:
            self._drop_connection()
            raise

    def release(self) -> None:
        self._drop_connection()

    def _drop_connection(self) -> None:
        # Closing the session frees the lock whatever state it is in; returned
        # to the pool instead, it could hand a held lock to unrelated work.
        connection, self._connection, self._held = self._connection, None, False
        if connection is not None:
            if not connection.invalidated:  # a lost connection is invalidated already
                connection.invalidate()
            connection.close()


class FileLeadership:
    """``flock`` on a file next to the SQLite database: the kernel frees it
    when the process dies. Each instance opens the file itself, so two relays
    of one process exclude each other as well."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._descriptor: int | None = None

    def try_acquire(self) -> bool:
        if self._descriptor is not None:
            return True
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return False
        self._descriptor = descriptor
        return True

    def confirm_held(self) -> None:
        """A held flock cannot be taken away."""

    def release(self) -> None:
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is not None:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
            os.close(descriptor)


_IN_MEMORY_LEADER = threading.Lock()


class ProcessLeadership:
    """For an in-memory database, which no other process can see."""

    def __init__(self, lock: threading.Lock = _IN_MEMORY_LEADER) -> None:
        self._lock = lock
        self._held = False

    def try_acquire(self) -> bool:
        if not self._held:
            self._held = self._lock.acquire(blocking=False)
        return self._held

    def confirm_held(self) -> None:
        """A held lock cannot be taken away."""

    def release(self) -> None:
        if self._held:
            self._held = False
            self._lock.release()


def leadership_for(engine: Engine) -> Leadership:
    if engine.dialect.name == "postgresql":
        return PostgresLeadership(engine)
    if engine.dialect.name != "sqlite":
        raise ValueError(f"no relay leadership for {engine.dialect.name}")
    path = engine.url.database
    if not path or path == ":memory:":
        return ProcessLeadership()
    return FileLeadership(Path(f"{path}.relay.lock"))
