"""Applies migrations and tells whether a database's schema is the one this code expects."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any fixed number: replicas started together take turns at migrating.
_MIGRATION_LOCK_KEY = 0x0FF1CE


class SchemaStatus(enum.Enum):
    CURRENT = "current"
    EMPTY = "empty"  # never migrated
    BEHIND = "behind"  # older than this code: run `officer-module migrate`
    AHEAD = "ahead"  # newer than this code (a later release migrated it)


@dataclass(frozen=True)
class SchemaState:
    status: SchemaStatus
    database_revision: str | None
    code_revision: str

    def explain(self) -> str:
        match self.status:
            case SchemaStatus.CURRENT:
                return f"database schema is current (revision {self.code_revision})"
            case SchemaStatus.EMPTY:
                return (
                    "database has no schema yet: run `officer-module migrate` "
                    "(or start with `serve --migrate`)"
                )
            case SchemaStatus.BEHIND:
                return (
                    f"database schema revision {self.database_revision} is older than this "
                    f"release's {self.code_revision}: run `officer-module migrate` "
                    "(or start with `serve --migrate`)"
                )
            case SchemaStatus.AHEAD:
                return (
                    f"database schema revision {self.database_revision} is unknown to this "
                    f"release (latest {self.code_revision}): it was migrated by a newer "
                    "release; run that release or restore a matching backup"
                )


class SchemaMismatch(RuntimeError):
    """The database schema is not the one this code was written for."""

    def __init__(self, state: SchemaState) -> None:
        super().__init__(state.explain())
        self.state = state


def _config(connection: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def inspect_schema(engine: Engine) -> SchemaState:
    script = _script()
    head = script.get_current_head()
    assert head is not None, "no migrations found"
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current is None:
        status = SchemaStatus.EMPTY
    elif current == head:
        status = SchemaStatus.CURRENT
    elif current in {rev.revision for rev in script.walk_revisions()}:
        status = SchemaStatus.BEHIND
    else:
        status = SchemaStatus.AHEAD
    return SchemaState(status, current, head)


def require_current(engine: Engine) -> SchemaState:
    state = inspect_schema(engine)
    if state.status is not SchemaStatus.CURRENT:
        raise SchemaMismatch(state)
    return state


def migrate(engine: Engine) -> SchemaState:
    """Brings the schema up to this release's head. Refuses a newer schema."""
    state = inspect_schema(engine)
    if state.status is SchemaStatus.AHEAD:
        raise SchemaMismatch(state)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Held until this transaction ends: concurrent migrators wait here.
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY}
            )
        command.upgrade(_config(connection), "head")
    return inspect_schema(engine)
