"""Opening part of the permissions as work requires (七.2: "根据工作需要开放部分权限").

Roles carry default permissions (kernel/access.py). The host (``permission.toggled``
events) and the module's admins (``SetPermissionGrant``) open or close one for a
role at a node; the most specific toggle above a binding decides for it, and
where the host and an admin set the same toggle, the later stands. Every change
that applies is audited: what, where, before, after, who, when.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from service.kernel.access import ROLE_DEFAULTS, Caller, Permission, PermissionToggle, Toggle
from service.kernel.errors import InvalidArgument
from service.kernel.roles import Role, RoleBinding
from service.kernel.scope import ScopeCode, ScopeLevel

# (permission, role, scope node): the key of a toggle.
ToggleKey = tuple[str, str, str]


@dataclass(frozen=True)
class SetToggle:
    """A toggle as stored by the host or an admin, with when it was set."""

    key: ToggleKey
    enabled: bool
    update_time: datetime


@dataclass(frozen=True)
class AuditEntry:
    permission: str
    role: Role
    scope_node: str
    enabled_before: bool
    enabled_after: bool
    changed_by: str


def in_force(host: Iterable[SetToggle], admin: Iterable[SetToggle]) -> tuple[Toggle, ...]:
    """Every toggle in force: of the host's and the admins' for one key, the later."""
    latest: dict[ToggleKey, SetToggle] = {}
    for toggle in (*host, *admin):
        held = latest.get(toggle.key)
        if held is None or toggle.update_time > held.update_time:
            latest[toggle.key] = toggle
    return tuple(
        Toggle(permission, Role(role), scope, toggle.enabled)
        for (permission, role, scope), toggle in sorted(latest.items())
    )


# The level each role's bindings sit at in the host's registry: a toggle at a
# node applies to the bindings at or beneath it. Unit admins sit outside the tree.
ROLE_LEVEL: dict[Role, ScopeLevel] = {
    Role.OFFICER: ScopeLevel.GRID,
    Role.GRID_WORKER: ScopeLevel.GRID,
    Role.COMMUNITY_HEAD: ScopeLevel.COMMUNITY,
    Role.STREET_LIAISON: ScopeLevel.STREET,
    Role.DISTRICT_ADMIN: ScopeLevel.DISTRICT,
    Role.CITY_ADMIN: ScopeLevel.CITY,
}
_DEPTH = {level: depth for depth, level in enumerate(ScopeLevel)}


def applies_to_anyone(role: Role, scope: str) -> bool:
    """Whether a toggle for ``role`` at ``scope`` could decide for any binding:
    not for a role bound above the node (a district admin's binding is never
    beneath a street), which would show a state that is not in force."""
    level = ROLE_LEVEL.get(role)
    return level is None or _DEPTH[level] >= _DEPTH[ScopeCode(scope).level]


def role_default(role: Role, permission: str) -> bool:
    return any(granted.value == permission for granted in ROLE_DEFAULTS[role])


def _binding(role: Role, scope: str) -> RoleBinding:
    """A binding of ``role`` at ``scope``, to ask what is in force there."""
    return RoleBinding(role, scope, "any-unit" if role is Role.UNIT_ADMIN else None)


def enabled_at(toggles: tuple[Toggle, ...], role: Role, scope: str, permission: Permission) -> bool:
    """Whether ``role`` holds ``permission`` at ``scope`` now."""
    return Caller("", (), toggles).holds(_binding(role, scope), permission)


def is_default(toggles: tuple[Toggle, ...], role: Role, scope: str, permission: Permission) -> bool:
    """Whether no toggle decides for ``role`` at ``scope``: the role's default stands."""
    return Caller("", (), toggles).deciding_toggle(_binding(role, scope), permission) is None


def host_audit(
    toggles: Iterable[PermissionToggle], held: Mapping[ToggleKey, tuple[int, bool]]
) -> list[AuditEntry]:
    """The audit of the host's toggles that change something: those newer than
    the version the mirror holds (``held``: version and enabled per key), each
    against what was in force before (the role's default when nothing was held)."""
    entries = []
    for toggle in toggles:
        key = (toggle.permission, toggle.role.value, toggle.scope_node)
        version, before = held.get(key, (0, role_default(toggle.role, toggle.permission)))
        if toggle.version > version:
            entries.append(
                AuditEntry(
                    toggle.permission,
                    toggle.role,
                    toggle.scope_node,
                    before,
                    toggle.enabled,
                    toggle.toggled_by,
                )
            )
    return entries


# The working calendar (issue 10, availability): city admins set the days the
# built-in statutory calendar does not know, or has wrong.
CALENDAR_YEARS = range(2000, 2101)
CALENDAR_NAME_LIMIT = 50


def calendar_year(year: int, field: str) -> int:
    if year not in CALENDAR_YEARS:
        raise InvalidArgument.field(
            field, f"a year from {CALENDAR_YEARS.start} to {CALENDAR_YEARS.stop - 1}"
        )
    return year


def calendar_day(text: str, field: str) -> date:
    """The day ``YYYY-MM-DD`` names, within the calendar's years."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidArgument.field(field, "must be calendarDays/YYYY-MM-DD") from None
    calendar_year(day.year, field)
    return day


def calendar_day_name(display_name: str, field: str) -> str:
    name = display_name.strip()
    if len(name) > CALENDAR_NAME_LIMIT:
        raise InvalidArgument.field(field, f"at most {CALENDAR_NAME_LIMIT} characters")
    # PostgreSQL refuses NUL in text, and no name needs a control character.
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise InvalidArgument.field(field, "no control characters")
    return name
