"""Permission toggles in the database: the host's (mirrored) and the module
admins' (owned), and the audit of both."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from service.kernel.access import Toggle
from service.permissions import rules
from service.permissions.ports import AuditView, CalendarDayView
from service.permissions.rules import AuditEntry, SetToggle, ToggleKey
from service.platform.store import bulk
from service.platform.store.database import as_utc
from service.platform.store.scope_filters import under_code
from service.platform.store.tables import AUDIT, CALENDAR_DAY, GRANT, PERMISSION_TOGGLE


def _set_toggles(connection: sa.Connection, table: sa.Table) -> list[SetToggle]:
    rows = connection.execute(
        sa.select(
            table.c.permission,
            table.c.role,
            table.c.scope_node,
            table.c.enabled,
            table.c.update_time,
        )
    )
    return [
        SetToggle((permission, role, scope), enabled, as_utc(changed))
        for permission, role, scope, enabled, changed in rows
    ]


def toggles_in_force(connection: sa.Connection) -> tuple[Toggle, ...]:
    """The host's toggles and the admins' grants, combined as rules.in_force says."""
    return rules.in_force(
        _set_toggles(connection, PERMISSION_TOGGLE), _set_toggles(connection, GRANT)
    )


def _audit(row: Any) -> AuditView:
    return AuditView(
        row.audit_id,
        row.permission,
        row.role,
        row.scope_node,
        row.enabled_before,
        row.enabled_after,
        row.changed_by,
        as_utc(row.create_time),
    )


class SqlPermissions:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def toggles_in_force(self) -> tuple[Toggle, ...]:
        return toggles_in_force(self._c)

    def set_grant(
        self,
        *,
        permission: str,
        role: str,
        scope_node: str,
        enabled: bool,
        changed_by: str,
        now: datetime,
    ) -> None:
        key = {"permission": permission, "role": role, "scope_node": scope_node}
        self._c.execute(
            sa.delete(GRANT).where(*(GRANT.c[name] == value for name, value in key.items()))
        )
        self._c.execute(
            sa.insert(GRANT),
            {**key, "enabled": enabled, "changed_by": changed_by, "update_time": now},
        )

    def add_audit(self, entries: Sequence[AuditEntry], now: datetime) -> None:
        if not entries:
            return
        self._c.execute(
            sa.insert(AUDIT),
            [
                {
                    "audit_id": str(uuid.uuid4()),
                    "permission": entry.permission,
                    "role": entry.role.value,
                    "scope_node": entry.scope_node,
                    "enabled_before": entry.enabled_before,
                    "enabled_after": entry.enabled_after,
                    "changed_by": entry.changed_by,
                    "create_time": now,
                }
                for entry in entries
            ],
        )

    def host_toggles_held(self, scope_nodes: Sequence[str]) -> dict[ToggleKey, tuple[int, bool]]:
        if not scope_nodes:
            return {}
        rows = self._c.execute(
            sa.select(
                PERMISSION_TOGGLE.c.permission,
                PERMISSION_TOGGLE.c.role,
                PERMISSION_TOGGLE.c.scope_node,
                PERMISSION_TOGGLE.c.version,
                PERMISSION_TOGGLE.c.enabled,
            ).where(PERMISSION_TOGGLE.c.scope_node.in_(sorted(set(scope_nodes))))
        )
        return {
            (row.permission, row.role, row.scope_node): (row.version, row.enabled) for row in rows
        }

    def list_audit(
        self, *, under: str, before: tuple[datetime, str] | None, limit: int
    ) -> list[AuditView]:
        """Newest first, older than ``before``."""
        query = sa.select(AUDIT).where(under_code(AUDIT.c.scope_node, under))
        if before is not None:
            query = query.where(
                sa.tuple_(AUDIT.c.create_time, AUDIT.c.audit_id) < sa.tuple_(*before)
            )
        rows = self._c.execute(
            query.order_by(AUDIT.c.create_time.desc(), AUDIT.c.audit_id.desc()).limit(limit)
        )
        return [_audit(row) for row in rows]


class SqlCalendarDays:
    """The days city admins set on the working calendar."""

    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def set_by_admins(self, since: date) -> dict[date, bool]:
        rows = self._c.execute(
            sa.select(CALENDAR_DAY.c.day, CALENDAR_DAY.c.working).where(CALENDAR_DAY.c.day >= since)
        )
        return {day: working for day, working in rows}

    def in_year(self, year: int) -> list[CalendarDayView]:
        rows = self._c.execute(
            sa.select(CALENDAR_DAY)
            .where(CALENDAR_DAY.c.day.between(date(year, 1, 1), date(year, 12, 31)))
            .order_by(CALENDAR_DAY.c.day)
        )
        return [
            CalendarDayView(
                row.day,
                row.working,
                row.display_name,
                "admin",
                row.changed_by,
                as_utc(row.update_time),
            )
            for row in rows
        ]

    def put(
        self, day: date, *, working: bool, display_name: str, changed_by: str, now: datetime
    ) -> None:
        bulk.upsert(
            self._c,
            CALENDAR_DAY,
            {"day": day},
            {
                "working": working,
                "display_name": display_name,
                "changed_by": changed_by,
                "update_time": now,
            },
        )

    def drop(self, day: date) -> bool:
        gone = self._c.execute(sa.delete(CALENDAR_DAY).where(CALENDAR_DAY.c.day == day))
        return bool(gone.rowcount)
