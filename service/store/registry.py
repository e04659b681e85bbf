"""Applies registry batches to the mirror: one transaction per batch, set-based.

Each table is upserted with one ``INSERT ... ON CONFLICT DO UPDATE ... WHERE
stored.version < incoming.version`` executed for the whole batch, so that a
stale or repeated record changes nothing even when two replicas apply
overlapping batches at once (the row lock orders them; the WHERE decides).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from service.domain.registry import RegistryBatch, ScopeNode, User
from service.store.tables import HostUserRow, PermissionToggleRow, RoleBindingRow, ScopeNodeRow

SCOPE_NODE = ScopeNodeRow.__table__  # type: ignore[attr-defined]
HOST_USER = HostUserRow.__table__  # type: ignore[attr-defined]
ROLE_BINDING = RoleBindingRow.__table__  # type: ignore[attr-defined]
PERMISSION_TOGGLE = PermissionToggleRow.__table__  # type: ignore[attr-defined]

# SQLite allows 32,766 bound parameters per statement; stay far below.
_IN_CHUNK = 900


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _IN_CHUNK):
        yield items[start : start + _IN_CHUNK]


def _upsert_newer(
    connection: sa.Connection, table: sa.Table, keys: list[str], rows: list[dict[str, Any]]
) -> None:
    if not rows:
        return
    insert: Callable[[sa.Table], Any] = (
        postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    )
    statement = insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=keys,
        set_={name: statement.excluded[name] for name in rows[0] if name not in keys},
        where=table.c.version < statement.excluded.version,
    )
    connection.execute(statement, rows)


def _scope_node_row(node: ScopeNode, now: datetime) -> dict[str, Any]:
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


def _user_row(user: User, now: datetime) -> dict[str, Any]:
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


def _replace_role_bindings(connection: sa.Connection, users: list[User]) -> None:
    """Rebuilds the bindings of the users whose version is now the stored one:
    the winners of this batch (a stale user lost the upsert and keeps its roles)."""
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
    if not winners:
        return
    for chunk in _chunks([user.user_id for user in winners]):
        connection.execute(sa.delete(ROLE_BINDING).where(ROLE_BINDING.c.user_id.in_(chunk)))
    bindings = [
        {
            "user_id": user.user_id,
            "role": binding.role.value,
            "scope_node": binding.scope_node,
            "unit": binding.unit,
        }
        for user in winners
        if not user.deleted
        for binding in user.roles
    ]
    if bindings:
        connection.execute(sa.insert(ROLE_BINDING), bindings)


def apply_batch(connection: sa.Connection, batch: RegistryBatch, now: datetime) -> None:
    """Applies a batch inside the caller's transaction."""
    _upsert_newer(
        connection,
        SCOPE_NODE,
        ["code"],
        [_scope_node_row(node, now) for node in batch.scope_nodes()],
    )
    users = batch.users()
    _upsert_newer(connection, HOST_USER, ["user_id"], [_user_row(user, now) for user in users])
    _replace_role_bindings(connection, users)
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
                "update_time": now,
            }
            for toggle in batch.permission_toggles()
        ],
    )


class SqlRegistryWriter:
    """Applies each batch in a transaction of its own."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def apply(self, batch: RegistryBatch, now: datetime) -> None:
        with self._engine.begin() as connection:
            apply_batch(connection, batch, now)
