"""The directory of who serves where (kernel.ports.Directory), over the mirror and
the module's assignments: an officer serves a grid the host binds them to or the
module assigns them to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from service.kernel.roles import OfficerCategory, Role
from service.platform.store.scope_filters import in_reach
from service.platform.store.tables import ASSIGNMENT, HOST_USER, ROLE_BINDING, SCOPE_NODE

# SQLite allows 32,766 bound parameters per statement; stay far below.
_CHUNK = 500


def _live() -> Any:
    return HOST_USER.c.deleted.is_(False)


def officers_beneath(
    connection: sa.Connection, nodes: Iterable[str], categories: Sequence[OfficerCategory]
) -> dict[str, str]:
    """Officer id → the first grid (by code) they serve beneath ``nodes``, by the
    host's binding or the module's assignment."""
    nodes = sorted(set(nodes))
    if not nodes:
        return {}
    narrowed = (
        [HOST_USER.c.officer_category.in_([c.value for c in categories])] if categories else []
    )
    bound = (
        sa.select(ROLE_BINDING.c.user_id, sa.func.min(ROLE_BINDING.c.scope_node))
        .join(HOST_USER, HOST_USER.c.user_id == ROLE_BINDING.c.user_id)
        .where(
            ROLE_BINDING.c.role == Role.OFFICER.value,
            in_reach(ROLE_BINDING.c.scope_node, nodes),
            _live(),
            HOST_USER.c.officer_category.is_not(None),
            *narrowed,
        )
        .group_by(ROLE_BINDING.c.user_id)
    )
    assigned = (
        sa.select(ASSIGNMENT.c.officer_id, sa.func.min(ASSIGNMENT.c.grid_code))
        .join(HOST_USER, HOST_USER.c.user_id == ASSIGNMENT.c.officer_id)
        .where(
            in_reach(ASSIGNMENT.c.grid_code, nodes),
            _live(),
            HOST_USER.c.officer_category.is_not(None),
            *narrowed,
        )
        .group_by(ASSIGNMENT.c.officer_id)
    )
    found: dict[str, str] = {}
    for user_id, grid in [*connection.execute(bound), *connection.execute(assigned)]:
        if user_id not in found or grid < found[user_id]:
            found[user_id] = grid
    return found


def role_holders(
    connection: sa.Connection, roles: Sequence[Role], nodes: Iterable[str]
) -> dict[str, str]:
    """Holder id → the node of their binding, for bindings of ``roles`` beneath ``nodes``."""
    nodes = sorted(set(nodes))
    if not roles or not nodes:
        return {}
    rows = connection.execute(
        sa.select(ROLE_BINDING.c.user_id, sa.func.min(ROLE_BINDING.c.scope_node))
        .join(HOST_USER, HOST_USER.c.user_id == ROLE_BINDING.c.user_id)
        .where(
            ROLE_BINDING.c.role.in_([role.value for role in roles]),
            in_reach(ROLE_BINDING.c.scope_node, nodes),
            _live(),
        )
        .group_by(ROLE_BINDING.c.user_id)
    )
    return dict(rows.all())


def users_in_reach(
    connection: sa.Connection, user_ids: Sequence[str], nodes: Iterable[str]
) -> dict[str, str]:
    """Of ``user_ids``, those bound or assigned beneath ``nodes``, each with the
    first such node (by code)."""
    nodes = sorted(set(nodes))
    found: dict[str, str] = {}
    if not user_ids or not nodes:
        return found
    for start in range(0, len(user_ids), _CHUNK):
        chunk = list(user_ids[start : start + _CHUNK])
        bound = connection.execute(
            sa.select(ROLE_BINDING.c.user_id, ROLE_BINDING.c.scope_node)
            .join(HOST_USER, HOST_USER.c.user_id == ROLE_BINDING.c.user_id)
            .where(
                ROLE_BINDING.c.user_id.in_(chunk),
                in_reach(ROLE_BINDING.c.scope_node, nodes),
                _live(),
            )
        )
        assigned = connection.execute(
            sa.select(ASSIGNMENT.c.officer_id, ASSIGNMENT.c.grid_code)
            .join(HOST_USER, HOST_USER.c.user_id == ASSIGNMENT.c.officer_id)
            .where(
                ASSIGNMENT.c.officer_id.in_(chunk),
                in_reach(ASSIGNMENT.c.grid_code, nodes),
                _live(),
            )
        )
        for user_id, node in [*bound, *assigned]:
            if user_id not in found or node < found[user_id]:
                found[user_id] = node
    return found


def officer_categories(connection: sa.Connection, user_ids: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for start in range(0, len(user_ids), _CHUNK):
        chunk = list(user_ids[start : start + _CHUNK])
        found.update(
            connection.execute(
                sa.select(HOST_USER.c.user_id, HOST_USER.c.officer_category).where(
                    HOST_USER.c.user_id.in_(chunk), HOST_USER.c.officer_category.is_not(None)
                )
            ).all()
        )
    return found


def unit_admins_of(connection: sa.Connection, officer_id: str) -> list[str]:
    """The live unit admins of the officer's unit, by id."""
    admin = sa.alias(HOST_USER)
    rows = connection.execute(
        sa.select(ROLE_BINDING.c.user_id)
        .join(HOST_USER, HOST_USER.c.unit == ROLE_BINDING.c.unit)
        .join(admin, admin.c.user_id == ROLE_BINDING.c.user_id)
        .where(
            HOST_USER.c.user_id == officer_id,
            ROLE_BINDING.c.role == Role.UNIT_ADMIN.value,
            admin.c.deleted.is_(False),
        )
        .order_by(ROLE_BINDING.c.user_id)
        .distinct()
    )
    return list(rows.scalars())


def holders_at(connection: sa.Connection, role: Role, nodes: Iterable[str]) -> dict[str, list[str]]:
    """Node → the live users bound to it in ``role``, by id."""
    nodes = sorted(set(nodes))
    found: dict[str, list[str]] = {node: [] for node in nodes}
    for start in range(0, len(nodes), _CHUNK):
        for node, user_id in connection.execute(
            sa.select(ROLE_BINDING.c.scope_node, ROLE_BINDING.c.user_id)
            .join(HOST_USER, HOST_USER.c.user_id == ROLE_BINDING.c.user_id)
            .where(
                ROLE_BINDING.c.role == role.value,
                ROLE_BINDING.c.scope_node.in_(nodes[start : start + _CHUNK]),
                _live(),
            )
            .order_by(ROLE_BINDING.c.user_id)
        ):
            found[node].append(user_id)
    return found


def node_exists(connection: sa.Connection, code: str) -> bool:
    return (
        connection.execute(
            sa.select(SCOPE_NODE.c.code).where(
                SCOPE_NODE.c.code == code, SCOPE_NODE.c.deleted.is_(False)
            )
        ).first()
        is not None
    )


class SqlDirectory:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def node_exists(self, code: str) -> bool:
        return node_exists(self._c, code)

    def officers_beneath(
        self, nodes: Iterable[str], categories: Sequence[OfficerCategory]
    ) -> dict[str, str]:
        return officers_beneath(self._c, nodes, categories)

    def role_holders(self, roles: Sequence[Role], nodes: Iterable[str]) -> dict[str, str]:
        return role_holders(self._c, roles, nodes)

    def users_in_reach(self, user_ids: Sequence[str], nodes: Iterable[str]) -> dict[str, str]:
        return users_in_reach(self._c, user_ids, nodes)

    def officer_categories(self, user_ids: Sequence[str]) -> dict[str, str]:
        return officer_categories(self._c, user_ids)

    def holders_at(self, role: Role, nodes: Iterable[str]) -> Mapping[str, list[str]]:
        return holders_at(self._c, role, nodes)

    def unit_admins_of(self, officer_id: str) -> list[str]:
        return unit_admins_of(self._c, officer_id)
