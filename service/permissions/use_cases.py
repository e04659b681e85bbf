"""Permission toggles (AdminService): opening and closing permissions for roles
at scope nodes, listing what is in force and the audit, the registry resync.

Every call needs ``permission.manage`` over the node it names; a node outside
that reach and one that does not exist answer alike (PERMISSION_DENIED). A
change applies from the next call: callers are resolved on every call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from service.kernel.access import Caller, Permission, PermissionToggle
from service.kernel.errors import InvalidArgument, NotFound, PermissionDenied
from service.kernel.roles import Role
from service.kernel.working_time import WorkingCalendar, built_in_covers, built_in_exceptions
from service.permissions import rules
from service.permissions.ports import AuditView, CalendarDayView, PermissionRecords, UnitOfWork
from service.permissions.rules import AuditEntry


@dataclass(frozen=True)
class Grant:
    """What is in force for a role and a permission at a node."""

    scope_node: str
    role: Role
    permission: Permission
    enabled: bool
    role_default: bool
    update_time: datetime | None = None

    @property
    def key(self) -> str:
        return f"{self.role.value}.{self.permission.value}"


def _manage(uow: UnitOfWork, caller: Caller, scope: str, name: str) -> None:
    if not caller.reach(Permission.PERMISSION_MANAGE).covers_node(scope):
        raise PermissionDenied.outside_scope(name)
    if not uow.directory.node_exists(scope):
        raise PermissionDenied.outside_scope(name)


def set_grant(
    uow: UnitOfWork,
    *,
    caller: Caller,
    scope: str,
    name: str,
    role: Role,
    permission: Permission,
    enabled: bool,
    now: datetime,
) -> Grant:
    _manage(uow, caller, scope, name)
    if not rules.applies_to_anyone(role, scope):
        level = rules.ROLE_LEVEL[role].value
        raise InvalidArgument.field(
            "permission_grant.scope_node",
            f"{role.value} is bound at a {level}, above {name}: a toggle there would apply "
            f"to no one; set it at the {level} or above",
        )
    before = rules.enabled_at(uow.permissions.toggles_in_force(), role, scope, permission)
    uow.permissions.set_grant(
        permission=permission.value,
        role=role.value,
        scope_node=scope,
        enabled=enabled,
        changed_by=caller.user_id,
        now=now,
    )
    uow.permissions.add_audit(
        [AuditEntry(permission.value, role, scope, before, enabled, caller.user_id)], now
    )
    return Grant(scope, role, permission, enabled, role_default=False, update_time=now)


def list_grants(
    uow: UnitOfWork,
    *,
    caller: Caller,
    scope: str,
    name: str,
    roles: Sequence[Role],
    after: str,
    limit: int,
) -> list[Grant]:
    """Per role and permission, by ``role.permission``, after ``after``."""
    _manage(uow, caller, scope, name)
    toggles = uow.permissions.toggles_in_force()
    grants = [
        Grant(
            scope,
            role,
            permission,
            rules.enabled_at(toggles, role, scope, permission),
            role_default=rules.is_default(toggles, role, scope, permission),
        )
        for role in roles
        for permission in sorted(Permission, key=lambda p: p.value)
    ]
    return [grant for grant in grants if grant.key > after][:limit]


def list_audit(
    uow: UnitOfWork,
    *,
    caller: Caller,
    scope: str,
    name: str,
    before: tuple[datetime, str] | None,
    limit: int,
) -> list[AuditView]:
    _manage(uow, caller, scope, name)
    return uow.permissions.list_audit(under=scope, before=before, limit=limit)


def authorize_resync(caller: Caller) -> None:
    """A city-wide operation: only whoever manages permissions over the whole
    city may ask the host for a full snapshot."""
    if not caller.reach(Permission.PERMISSION_MANAGE).everything:
        raise PermissionDenied.outside_scope("a registry resync")


def _built_in(day: date) -> CalendarDayView:
    _, name = built_in_exceptions(day.year).get(day, (None, ""))
    return CalendarDayView(day, WorkingCalendar().is_working_day(day), name, "built_in")


def list_calendar_days(
    uow: UnitOfWork, *, caller: Caller, year: int, after: str, limit: int
) -> tuple[list[CalendarDayView], bool]:
    """The year's days off on weekdays and working days at weekends, built in
    or set by city admins (theirs win), and every day they set; and whether
    the built-in calendar knows the year. Anyone the registry knows may read
    it: it decides when they are reminded."""
    if not caller.bindings:
        raise PermissionDenied.outside_scope("the working calendar")
    days = {
        day: CalendarDayView(day, working, name, "built_in")
        for day, (working, name) in built_in_exceptions(year).items()
    }
    days.update((view.day, view) for view in uow.calendar_days.in_year(year))
    listed = [days[day] for day in sorted(days) if day.isoformat() > after]
    return listed[:limit], built_in_covers(year)


def set_calendar_day(
    uow: UnitOfWork,
    *,
    caller: Caller,
    day: date,
    working: bool,
    display_name: str,
    now: datetime,
) -> CalendarDayView:
    """A city-wide calendar: only whoever manages permissions over the whole city."""
    _manage_calendar(caller)
    uow.calendar_days.put(
        day, working=working, display_name=display_name, changed_by=caller.user_id, now=now
    )
    return CalendarDayView(day, working, display_name, "admin", caller.user_id, now)


def delete_calendar_day(
    uow: UnitOfWork, *, caller: Caller, day: date, name: str
) -> CalendarDayView:
    _manage_calendar(caller)
    if not uow.calendar_days.drop(day):
        raise NotFound(f"{name}: no city admin set this day; the built-in calendar applies")
    return _built_in(day)


def _manage_calendar(caller: Caller) -> None:
    if not caller.reach(Permission.PERMISSION_MANAGE).everything:
        raise PermissionDenied.outside_scope("the working calendar")


class AuditUnitOfWork(Protocol):
    @property
    def permissions(self) -> PermissionRecords: ...


def audit_host_toggles(
    uow: AuditUnitOfWork, *, toggles: Sequence[PermissionToggle], now: datetime
) -> None:
    """Audits the host's toggles that will change something. The registry calls
    this before applying them, in the same transaction."""
    if not toggles:
        return
    held = uow.permissions.host_toggles_held([toggle.scope_node for toggle in toggles])
    uow.permissions.add_audit(rules.host_audit(toggles, held), now)
