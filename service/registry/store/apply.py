"""Applies registry batches to the mirror: one transaction per batch, set-based.

Each table is upserted with one ``INSERT ... ON CONFLICT DO UPDATE ... WHERE
stored.version < incoming.version`` executed for the whole batch, so that a
stale or repeated record changes nothing even when two replicas apply
overlapping batches at once (the row lock orders them; the WHERE decides).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

import pydantic_core
import sqlalchemy as sa

from service.platform.store.database import sqlite_time_text
from service.platform.store.tables import (
    HOST_USER,
    PERMISSION_TOGGLE,
    ROLE_BINDING,
    SCOPE_NODE,
    UNIT,
)
from service.registry.rules import RegistryBatch, ScopeNode, User
from service.registry.store import snapshots

# SQLite allows 32,766 bound parameters per statement; stay far below.
_IN_CHUNK = 900


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _IN_CHUNK):
        yield items[start : start + _IN_CHUNK]


_ON_CONFLICT = (
    "ON CONFLICT ({keys}) DO UPDATE SET {updates} WHERE {table}.version < excluded.version"
)


@functools.cache
def _upsert_sql(
    table: sa.Table, dialect: str, keys: tuple[str, ...], columns: tuple[str, ...]
) -> str:
    """``INSERT ... ON CONFLICT DO UPDATE ... WHERE newer``, for the raw driver.

    SQLite gets one row per execution through the driver's executemany (C code,
    no round trips). PostgreSQL gets the whole batch as one JSON array, turned
    into rows of the table's own type server-side: one statement, one round trip
    and one parameter per batch. An executemany costs a round trip, or a
    pipelined message, per row, and one array per column costs psycopg a Python
    quoting pass over every element, which took 40 % of the apply. Both skip
    SQLAlchemy's per-row parameter processing, which costs more than the work.
    """
    on_conflict = _ON_CONFLICT.format(
        keys=", ".join(keys),
        updates=", ".join(f"{c} = excluded.{c}" for c in columns if c not in keys),
        table=table.name,
    )
    if dialect == "postgresql":
        listed = ", ".join(columns)
        source = f"SELECT {listed} FROM json_populate_recordset(NULL::{table.name}, %s)"  # noqa: S608
    else:
        source = f"VALUES ({', '.join('?' for _ in columns)})"
    # Names come from our own table definitions, never from input.
    return f"INSERT INTO {table.name} ({', '.join(columns)}) {source} {on_conflict}"


def _json_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Rows as the JSON array of objects PostgreSQL's json_*_recordset reads."""
    return pydantic_core.to_json([dict(zip(columns, row, strict=True)) for row in rows]).decode()


def _upsert_newer(
    connection: sa.Connection, table: sa.Table, keys: list[str], rows: list[dict[str, Any]]
) -> list[Any] | None:
    """Upserts; on PostgreSQL returns the first key of every row that was written
    (the winners), on SQLite None (executemany cannot return rows)."""
    if not rows:
        return []
    columns = tuple(rows[0])
    dialect = connection.dialect.name
    sql = _upsert_sql(table, dialect, tuple(keys), columns)
    if dialect == "postgresql":
        document = pydantic_core.to_json(rows).decode()
        written = connection.exec_driver_sql(f"{sql} RETURNING {keys[0]}", (document,))
        return list(written.scalars())
    connection.exec_driver_sql(sql, [tuple(row[c] for c in columns) for row in rows])
    return None


def _stored_time(connection: sa.Connection, now: datetime) -> datetime | str:
    return sqlite_time_text(now) if connection.dialect.name == "sqlite" else now


def _scope_node_row(node: ScopeNode, now: datetime | str) -> dict[str, Any]:
    return {
        "code": node.code,
        "version": node.version,
        "level": node.level.value,
        "display_name": node.display_name,
        "parent_code": node.parent,
        "rural": node.rural,
        "grid_type": node.grid_type,
        "exclusive_kind": node.exclusive_kind,
        "deleted": node.deleted,
        "update_time": now,
    }


def _user_row(user: User, now: datetime | str) -> dict[str, Any]:
    officer = user.officer
    return {
        "user_id": user.user_id,
        "version": user.version,
        "display_name": user.display_name,
        "phone_number": user.phone_number,
        "id_number": user.id_number,
        "officer_category": officer.category.value if officer else None,
        "unit": officer.unit if officer else None,
        "party_member": officer.party_member if officer else None,
        "residence": officer.residence if officer else None,
        "workplace": officer.workplace if officer else None,
        "deleted": user.deleted,
        "update_time": now,
    }


def _sqlite_winners(connection: sa.Connection, users: list[User]) -> list[User]:
    offered = {user.user_id: user for user in users}
    winners: list[User] = []
    for chunk in _chunks(list(offered)):
        stored = connection.execute(
            sa.select(HOST_USER.c.user_id, HOST_USER.c.version).where(
                HOST_USER.c.user_id.in_(chunk)
            )
        )
        winners += [
            offered[user_id] for user_id, version in stored if offered[user_id].version == version
        ]
    return winners


def _replace_role_bindings(connection: sa.Connection, winners: list[User]) -> None:
    """Rebuilds the bindings of the users this batch wrote (a stale user lost the
    upsert and keeps the roles of its newer stored version)."""
    if not winners:
        return
    bindings = [
        (user.user_id, binding.role.value, binding.scope_node, binding.unit)
        for user in winners
        if not user.deleted
        for binding in user.roles
    ]
    ids = [user.user_id for user in winners]
    if connection.dialect.name == "postgresql":
        # A join, not "user_id = ANY(%s)": once psycopg prepares the statement, the
        # generic plan scans the array linearly for every row of the table. JSON,
        # not an array: see _upsert_sql.
        connection.exec_driver_sql(
            "DELETE FROM role_binding USING json_array_elements_text(%s) AS gone(user_id) "
            "WHERE role_binding.user_id = gone.user_id",
            (pydantic_core.to_json(ids).decode(),),
        )
        if bindings:
            connection.exec_driver_sql(
                "INSERT INTO role_binding (user_id, role, scope_node, unit) "
                "SELECT * FROM json_to_recordset(%s) "
                "AS binding(user_id varchar, role varchar, scope_node varchar, unit varchar)",
                (_json_rows(["user_id", "role", "scope_node", "unit"], bindings),),
            )
        return
    for chunk in _chunks(ids):
        connection.execute(sa.delete(ROLE_BINDING).where(ROLE_BINDING.c.user_id.in_(chunk)))
    if bindings:
        connection.exec_driver_sql(
            "INSERT INTO role_binding (user_id, role, scope_node, unit) VALUES (?, ?, ?, ?)",
            bindings,
        )


def apply_batch(connection: sa.Connection, batch: RegistryBatch, now: datetime) -> None:
    """Applies a batch inside the caller's transaction; snapshot chunks and ends
    after the records they carry."""
    stamp = _stored_time(connection, now)
    _upsert_newer(
        connection,
        SCOPE_NODE,
        ["code"],
        [_scope_node_row(node, stamp) for node in batch.scope_nodes()],
    )
    users = batch.users()
    written = _upsert_newer(
        connection, HOST_USER, ["user_id"], [_user_row(user, stamp) for user in users]
    )
    if written is None:
        winners = _sqlite_winners(connection, users)
    else:
        written_ids = set(written)
        winners = [user for user in users if user.user_id in written_ids]
    _replace_role_bindings(connection, winners)
    _upsert_newer(
        connection,
        UNIT,
        ["unit_id"],
        [
            {
                "unit_id": unit.unit_id,
                "version": unit.version,
                "display_name": unit.display_name,
                "kind": unit.kind,
                "district": unit.district,
                "party_staff": unit.party_staff,
                "other_staff": unit.other_staff,
                "deleted": unit.deleted,
                "update_time": stamp,
            }
            for unit in batch.units()
        ],
    )
    _upsert_newer(
        connection,
        PERMISSION_TOGGLE,
        ["permission", "role", "scope_node"],
        [
            {
                "permission": toggle.permission,
                "role": toggle.role.value,
                "scope_node": toggle.scope_node,
                "enabled": toggle.enabled,
                "version": toggle.version,
                "toggled_by": toggle.toggled_by,
                "update_time": stamp,
            }
            for toggle in batch.permission_toggles()
        ],
    )
    if batch.snapshot_events:
        snapshots.apply_snapshot_events(connection, batch.snapshot_events, now)


class SqlRegistryWrites:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def apply(self, batch: RegistryBatch, now: datetime) -> None:
        apply_batch(self._c, batch, now)
