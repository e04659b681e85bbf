"""Queries over the registry mirror: callers, scope nodes, grids and officers.

Scope filters come from ``scope_filters``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from service.kernel.access import Reach
from service.kernel.roles import Role
from service.kernel.scope import is_city
from service.platform.store.database import as_utc
from service.platform.store.scope_filters import in_reach, under_code
from service.platform.store.tables import ASSIGNMENT, HOST_USER, ROLE_BINDING, SCOPE_NODE, UNIT
from service.registry.ports import NodeView, OfficerView, UnitView


def _node(row: Any) -> NodeView:
    return NodeView(
        row.code,
        row.level,
        row.display_name,
        row.parent_code,
        row.rural,
        row.grid_type,
        row.exclusive_kind,
        row.version,
        row.update_time,
    )


def get_node(connection: sa.Connection, code: str) -> NodeView | None:
    row = connection.execute(
        sa.select(SCOPE_NODE).where(SCOPE_NODE.c.code == code, SCOPE_NODE.c.deleted.is_(False))
    ).one_or_none()
    return None if row is None else _node(row)


def list_nodes(
    connection: sa.Connection,
    *,
    reach: Reach,
    levels: Iterable[str],
    with_path: bool = False,
    parent: str | None = None,
    under: str | None = None,
    grid_type: str | None = None,
    without_officers: bool = False,
    after: str = "",
    limit: int,
) -> list[NodeView]:
    """Live nodes of the given levels inside ``reach`` (and, ``with_path``, the
    nodes above it), by code, after ``after``: children of ``parent``, or any
    descendants of ``under``."""
    visible = in_reach(SCOPE_NODE.c.code, reach.nodes)
    if with_path and reach.path_codes():
        visible = sa.or_(visible, SCOPE_NODE.c.code.in_(sorted(reach.path_codes())))
    query = sa.select(SCOPE_NODE).where(
        SCOPE_NODE.c.deleted.is_(False),
        SCOPE_NODE.c.level.in_(list(levels)),
        SCOPE_NODE.c.code > after,
        visible,
    )
    if parent is not None:
        query = query.where(SCOPE_NODE.c.parent_code == parent)
    if under is not None:
        query = query.where(under_code(SCOPE_NODE.c.code, under), SCOPE_NODE.c.code != under)
    if grid_type is not None:
        query = query.where(SCOPE_NODE.c.grid_type == grid_type)
    if without_officers:
        # Served by nobody: neither bound by the host nor assigned by the module
        # (as Grid.officers counts them).
        query = query.where(
            ~sa.exists().where(
                ROLE_BINDING.c.scope_node == SCOPE_NODE.c.code,
                ROLE_BINDING.c.role == Role.OFFICER.value,
                HOST_USER.c.user_id == ROLE_BINDING.c.user_id,
                HOST_USER.c.deleted.is_(False),
            ),
            ~sa.exists().where(
                ASSIGNMENT.c.grid_code == SCOPE_NODE.c.code,
                HOST_USER.c.user_id == ASSIGNMENT.c.officer_id,
                HOST_USER.c.deleted.is_(False),
            ),
        )
    rows = connection.execute(query.order_by(SCOPE_NODE.c.code).limit(limit))
    return [_node(row) for row in rows]


def officers_of_grids(connection: sa.Connection, codes: list[str]) -> dict[str, list[str]]:
    """Grid code → user ids of the live officers bound to it."""
    found: dict[str, list[str]] = {code: [] for code in codes}
    if not codes:
        return found
    rows = connection.execute(
        sa.select(ROLE_BINDING.c.scope_node, ROLE_BINDING.c.user_id)
        .join(HOST_USER, HOST_USER.c.user_id == ROLE_BINDING.c.user_id)
        .where(
            ROLE_BINDING.c.role == Role.OFFICER.value,
            ROLE_BINDING.c.scope_node.in_(codes),
            HOST_USER.c.deleted.is_(False),
        )
        .order_by(ROLE_BINDING.c.user_id)
    )
    assigned = connection.execute(
        sa.select(ASSIGNMENT.c.grid_code, ASSIGNMENT.c.officer_id)
        .join(HOST_USER, HOST_USER.c.user_id == ASSIGNMENT.c.officer_id)
        .where(ASSIGNMENT.c.grid_code.in_(codes), HOST_USER.c.deleted.is_(False))
    )
    for code, user_id in [*rows, *assigned]:
        if user_id not in found[code]:
            found[code].append(user_id)
    for officers in found.values():
        officers.sort()
    return found


def _officer_grids(connection: sa.Connection, user_ids: list[str]) -> dict[str, list[str]]:
    grids: dict[str, list[str]] = {user_id: [] for user_id in user_ids}
    if not user_ids:
        return grids
    rows = connection.execute(
        sa.select(ROLE_BINDING.c.user_id, ROLE_BINDING.c.scope_node)
        .where(ROLE_BINDING.c.role == Role.OFFICER.value, ROLE_BINDING.c.user_id.in_(user_ids))
        .order_by(ROLE_BINDING.c.scope_node)
    )
    assigned = connection.execute(
        sa.select(ASSIGNMENT.c.officer_id, ASSIGNMENT.c.grid_code).where(
            ASSIGNMENT.c.officer_id.in_(user_ids)
        )
    )
    for user_id, code in [*rows, *assigned]:
        if code is not None and code not in grids[user_id]:
            grids[user_id].append(code)
    for codes in grids.values():
        codes.sort()
    return grids


def _officers(connection: sa.Connection, query: sa.Select[Any]) -> list[OfficerView]:
    rows = connection.execute(query).all()
    grids = _officer_grids(connection, [row.user_id for row in rows])
    return [
        OfficerView(
            row.user_id,
            row.display_name,
            row.officer_category,
            row.unit,
            bool(row.party_member),
            row.phone_number,
            row.id_number,
            row.residence,
            row.workplace,
            tuple(grids[row.user_id]),
            row.version,
            row.update_time,
        )
        for row in rows
    ]


def _live_officers() -> sa.Select[Any]:
    return sa.select(HOST_USER).where(
        HOST_USER.c.deleted.is_(False), HOST_USER.c.officer_category.is_not(None)
    )


def get_officer(connection: sa.Connection, user_id: str) -> OfficerView | None:
    found = _officers(connection, _live_officers().where(HOST_USER.c.user_id == user_id))
    return found[0] if found else None


def list_officers(
    connection: sa.Connection,
    *,
    reach: Reach,
    parent: str | None = None,
    category: str | None = None,
    unit: str | None = None,
    after: str = "",
    limit: int,
) -> list[OfficerView]:
    """Live officers serving a grid inside ``reach`` (or of a unit in it), by id."""

    def serving(nodes: Iterable[str]) -> Any:
        """Bound to, or assigned to, a grid beneath ``nodes``."""
        return sa.or_(
            sa.exists().where(
                ROLE_BINDING.c.user_id == HOST_USER.c.user_id,
                ROLE_BINDING.c.role == Role.OFFICER.value,
                in_reach(ROLE_BINDING.c.scope_node, nodes),
            ),
            sa.exists().where(
                ASSIGNMENT.c.officer_id == HOST_USER.c.user_id,
                in_reach(ASSIGNMENT.c.grid_code, nodes),
            ),
        )

    visible = [serving(reach.nodes)] if reach.nodes else []
    if reach.units:
        visible.append(HOST_USER.c.unit.in_(sorted(reach.units)))
    query = _live_officers().where(
        HOST_USER.c.user_id > after, sa.or_(*visible) if visible else sa.false()
    )
    if parent is not None:
        query = query.where(serving([parent]))
    if category is not None:
        query = query.where(HOST_USER.c.officer_category == category)
    if unit is not None:
        query = query.where(HOST_USER.c.unit == unit)
    return _officers(connection, query.order_by(HOST_USER.c.user_id).limit(limit))


def _unit(row: Any) -> UnitView:
    return UnitView(
        row.unit_id,
        row.display_name,
        row.kind,
        row.district,
        row.party_staff,
        row.other_staff,
        row.version,
        as_utc(row.update_time),
    )


def get_unit(connection: sa.Connection, unit_id: str) -> UnitView | None:
    row = connection.execute(
        sa.select(UNIT).where(UNIT.c.unit_id == unit_id, UNIT.c.deleted.is_(False))
    ).one_or_none()
    return None if row is None else _unit(row)


def list_units(
    connection: sa.Connection,
    *,
    reach: Reach,
    district: str | None,
    kind: str | None,
    after: str,
    limit: int,
) -> list[UnitView]:
    """Live units whose district the reach covers, or that are the reach's own."""
    visible: list[Any] = []
    if reach.everything:
        visible.append(sa.true())
    else:
        districts = sorted(node for node in reach.nodes if len(node) == 6)
        if districts:
            visible.append(UNIT.c.district.in_(districts))
    if reach.units:
        visible.append(UNIT.c.unit_id.in_(sorted(reach.units)))
    query = sa.select(UNIT).where(
        UNIT.c.deleted.is_(False),
        UNIT.c.unit_id > after,
        sa.or_(*visible) if visible else sa.false(),
    )
    if district is not None and not is_city(district):
        query = query.where(UNIT.c.district == district)
    if kind is not None:
        query = query.where(UNIT.c.kind == kind)
    return [_unit(row) for row in connection.execute(query.order_by(UNIT.c.unit_id).limit(limit))]


class SqlRegistryReads:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def get_node(self, code: str) -> NodeView | None:
        return get_node(self._c, code)

    def list_nodes(self, **query: Any) -> list[NodeView]:
        return list_nodes(self._c, **query)

    def officers_of_grids(self, codes: list[str]) -> dict[str, list[str]]:
        return officers_of_grids(self._c, codes)

    def get_unit(self, unit_id: str) -> UnitView | None:
        return get_unit(self._c, unit_id)

    def list_units(self, **query: Any) -> list[UnitView]:
        return list_units(self._c, **query)

    def get_officer(self, user_id: str) -> OfficerView | None:
        return get_officer(self._c, user_id)

    def list_officers(self, **query: Any) -> list[OfficerView]:
        return list_officers(self._c, **query)
