"""Who may do what, where: role × scope × permission, deny by default.

Every role a user holds is bound to a node of the scope tree (unit admins: to a
unit). A permission held through a binding reaches the binding's subtree. Each
role has default permissions; admins and the host toggle a permission for a
role at a scope node, and the most specific toggle above a binding decides for
it. Codes are hierarchical (district 6 digits, street 9, community 12, grid 15,
each extending its parent), and the city's code ends in "00" and stands for the
whole tree.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from service.domain.registry import Role, RoleBinding


class Permission(enum.StrEnum):
    REGISTRY_READ = "registry.read"
    POLICY_PUBLISH = "policy.publish"
    TASK_ASSIGN = "task.assign"
    ACTIVITY_READ = "activity.read"
    SUGGESTION_REVIEW = "suggestion.review"
    ASSIGNMENT_MANAGE = "assignment.manage"
    PERMISSION_MANAGE = "permission.manage"
    PERSONAL_DATA_READ = "personal_data.read"


_SUPERVISOR = frozenset(
    {
        Permission.REGISTRY_READ,
        Permission.ACTIVITY_READ,
        Permission.SUGGESTION_REVIEW,
        Permission.TASK_ASSIGN,
    }
)
ROLE_DEFAULTS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: frozenset({Permission.REGISTRY_READ}),
    Role.GRID_WORKER: frozenset({Permission.REGISTRY_READ}),
    Role.COMMUNITY_HEAD: _SUPERVISOR,
    Role.STREET_LIAISON: _SUPERVISOR | {Permission.POLICY_PUBLISH, Permission.ASSIGNMENT_MANAGE},
    Role.UNIT_ADMIN: frozenset(
        {Permission.REGISTRY_READ, Permission.ACTIVITY_READ, Permission.PERSONAL_DATA_READ}
    ),
    Role.DISTRICT_ADMIN: frozenset(Permission),
    Role.CITY_ADMIN: frozenset(Permission),
}


def is_city(code: str) -> bool:
    return len(code) == 6 and code.endswith("00")


def covers(scope: str, code: str) -> bool:
    """True when ``code`` is ``scope`` or lies beneath it."""
    if is_city(scope):
        return code[:4] == scope[:4]
    return code.startswith(scope)


def _specificity(scope: str) -> int:
    return 0 if is_city(scope) else len(scope)


@dataclass(frozen=True)
class Toggle:
    """A permission opened or closed for a role within a scope subtree."""

    permission: str
    role: Role
    scope_node: str
    enabled: bool


@dataclass(frozen=True)
class Reach:
    """Where a caller may exercise one permission."""

    nodes: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()

    @property
    def everything(self) -> bool:
        return any(is_city(node) for node in self.nodes)

    @property
    def empty(self) -> bool:
        return not self.nodes and not self.units

    def covers_node(self, code: str) -> bool:
        return any(covers(node, code) for node in self.nodes)

    def sees_node(self, code: str) -> bool:
        """Covered, or on the path above a covered node (to navigate down to it)."""
        return self.covers_node(code) or code in self.path_codes()

    def path_codes(self) -> set[str]:
        """The codes above each node of the reach: the city, district, street and
        community it lies in."""
        above = set()
        for node in self.nodes:
            if is_city(node):
                continue
            above.add(node[:4] + "00")
            above.update(node[:length] for length in (6, 9, 12) if length < len(node))
        return above

    def covers_officer(self, grids: Iterable[str], unit: str | None) -> bool:
        return (unit is not None and unit in self.units) or any(
            self.covers_node(grid) for grid in grids
        )

    def within(self, code: str) -> Reach:
        """This reach limited to the subtree of ``code`` (units are not in the tree)."""
        if self.covers_node(code):
            return Reach(frozenset({code}), frozenset())
        return Reach(frozenset(node for node in self.nodes if covers(code, node)), frozenset())


@dataclass(frozen=True)
class Caller:
    """The authenticated user with the roles the host's registry gives them."""

    user_id: str
    bindings: tuple[RoleBinding, ...] = ()
    toggles: tuple[Toggle, ...] = ()

    def deciding_toggle(self, binding: RoleBinding, permission: Permission) -> Toggle | None:
        """The most specific toggle for the role at or above the binding's node,
        if any. Unit admins sit outside the tree: any toggle for their role applies."""
        applicable = [
            toggle
            for toggle in self.toggles
            if toggle.permission == permission
            and toggle.role == binding.role
            and (
                binding.role is Role.UNIT_ADMIN
                or (
                    binding.scope_node is not None and covers(toggle.scope_node, binding.scope_node)
                )
            )
        ]
        return max(applicable, key=lambda t: _specificity(t.scope_node)) if applicable else None

    def holds(self, binding: RoleBinding, permission: Permission) -> bool:
        """Whether this binding grants the permission: the deciding toggle, else
        the role's default."""
        toggle = self.deciding_toggle(binding, permission)
        if toggle is not None:
            return toggle.enabled
        return permission in ROLE_DEFAULTS[binding.role]

    def reach(self, permission: Permission) -> Reach:
        nodes = {
            binding.scope_node
            for binding in self.bindings
            if binding.role is not Role.UNIT_ADMIN
            and binding.scope_node is not None
            and self.holds(binding, permission)
        }
        units = {
            binding.unit
            for binding in self.bindings
            if binding.role is Role.UNIT_ADMIN
            and binding.unit is not None
            and self.holds(binding, permission)
        }
        return Reach(frozenset(nodes), frozenset(units))
