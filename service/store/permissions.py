"""Permission toggles: the host's (mirrored) and the module admins' (owned), and
the audit of the latter."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from service.domain.access import ROLE_DEFAULTS, Toggle
from service.domain.registry import PermissionToggle, Role
from service.store.scope_filters import under_code
from service.store.tables import PermissionAuditRow, PermissionGrantRow, PermissionToggleRow

GRANT = PermissionGrantRow.__table__  # type: ignore[attr-defined]
PERMISSION_TOGGLE = PermissionToggleRow.__table__  # type: ignore[attr-defined]
AUDIT = PermissionAuditRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class AuditView:
    audit_id: str
    permission: str
    role: str
    scope_node: str
    enabled_before: bool
    enabled_after: bool
    changed_by: str
    create_time: datetime


def toggles_in_force(connection: sa.Connection) -> tuple[Toggle, ...]:
    """Host toggles and admin grants; where both set the same permission for the
    same role at the same node, the later one stands."""
    latest: dict[tuple[str, str, str], tuple[datetime, bool]] = {}
    for table in (PERMISSION_TOGGLE, GRANT):
        rows = connection.execute(
            sa.select(
                table.c.permission,
                table.c.role,
                table.c.scope_node,
                table.c.enabled,
                table.c.update_time,
            )
        )
        for permission, role, scope, enabled, changed in rows:
            key = (permission, role, scope)
            if key not in latest or _naive(changed) > _naive(latest[key][0]):
                latest[key] = (changed, enabled)
    return tuple(
        Toggle(permission, Role(role), scope, enabled)
        for (permission, role, scope), (_, enabled) in sorted(latest.items())
    )


def _naive(value: datetime) -> datetime:
    # SQLite gives naive UTC, PostgreSQL aware: compare like with like.
    return (
        value.replace(tzinfo=None)
        if value.tzinfo is None
        else value.astimezone().replace(tzinfo=None)
    )


def set_grant(
    connection: sa.Connection,
    *,
    permission: str,
    role: str,
    scope_node: str,
    enabled: bool,
    enabled_before: bool,
    changed_by: str,
    now: datetime,
) -> None:
    key = {"permission": permission, "role": role, "scope_node": scope_node}
    connection.execute(
        sa.delete(GRANT).where(*(GRANT.c[name] == value for name, value in key.items()))
    )
    connection.execute(
        sa.insert(GRANT), {**key, "enabled": enabled, "changed_by": changed_by, "update_time": now}
    )
    connection.execute(
        sa.insert(AUDIT),
        {
            **key,
            "audit_id": str(uuid.uuid4()),
            "enabled_before": enabled_before,
            "enabled_after": enabled,
            "changed_by": changed_by,
            "create_time": now,
        },
    )


def list_audit(
    connection: sa.Connection,
    *,
    under: str,
    before: tuple[datetime, str] | None,
    limit: int,
) -> list[AuditView]:
    query = sa.select(AUDIT).where(under_code(AUDIT.c.scope_node, under))
    if before is not None:
        query = query.where(sa.tuple_(AUDIT.c.create_time, AUDIT.c.audit_id) < sa.tuple_(*before))
    rows = connection.execute(
        query.order_by(AUDIT.c.create_time.desc(), AUDIT.c.audit_id.desc()).limit(limit)
    )
    return [_audit(row) for row in rows]


def _audit(row: Any) -> AuditView:
    return AuditView(
        row.audit_id,
        row.permission,
        row.role,
        row.scope_node,
        row.enabled_before,
        row.enabled_after,
        row.changed_by,
        row.create_time,
    )


def audit_host_toggles(
    connection: sa.Connection, toggles: list[PermissionToggle], now: datetime
) -> None:
    """Audits the host toggles of a batch that will change something: those newer
    than what the mirror holds. Call before applying them, in the same transaction."""
    if not toggles:
        return
    held = {
        (row.permission, row.role, row.scope_node): (row.version, row.enabled)
        for row in connection.execute(
            sa.select(
                PERMISSION_TOGGLE.c.permission,
                PERMISSION_TOGGLE.c.role,
                PERMISSION_TOGGLE.c.scope_node,
                PERMISSION_TOGGLE.c.version,
                PERMISSION_TOGGLE.c.enabled,
            ).where(PERMISSION_TOGGLE.c.scope_node.in_(sorted({t.scope_node for t in toggles})))
        )
    }
    entries = []
    for toggle in toggles:
        key = (toggle.permission, toggle.role.value, toggle.scope_node)
        version, enabled_before = held.get(key, (0, _role_default(toggle.role, toggle.permission)))
        if toggle.version > version:
            entries.append(
                {
                    "audit_id": str(uuid.uuid4()),
                    "permission": toggle.permission,
                    "role": toggle.role.value,
                    "scope_node": toggle.scope_node,
                    "enabled_before": enabled_before,
                    "enabled_after": toggle.enabled,
                    "changed_by": toggle.toggled_by,
                    "create_time": now,
                }
            )
    if entries:
        connection.execute(sa.insert(AUDIT), entries)


def _role_default(role: Role, permission: str) -> bool:
    return any(granted.value == permission for granted in ROLE_DEFAULTS[role])
