"""Who people are to the module: the roles the host's registry binds to scope
nodes, and the categories of officers (DESIGN.md §2).

One vocabulary with the host: these are the enums of the bus schemas
(contracts.messages), which the registry mirror stores as they arrive.
"""

from __future__ import annotations

from typing import NamedTuple

from contracts.messages import OfficerCategory, Role

__all__ = ["PROFESSIONS", "OfficerCategory", "Role", "RoleBinding"]

# 三官一律: the four professional categories (judges, prosecutors, police, lawyers).
PROFESSIONS = frozenset(
    {
        OfficerCategory.JUDGE,
        OfficerCategory.PROSECUTOR,
        OfficerCategory.POLICE,
        OfficerCategory.LAWYER,
    }
)
# 五.2: every community covers all professional fields, law-society members included.
FIELDS = PROFESSIONS | {OfficerCategory.LAW_SOCIETY}


class RoleBinding(NamedTuple):
    """A role a user holds, bound to a node of the scope tree (unit admins: to a unit)."""

    role: Role
    scope_node: str | None
    unit: str | None = None
