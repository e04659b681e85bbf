"""Who may do what, where: role × scope × permission, deny by default.

Every role a user holds is bound to a node of the scope tree (unit admins: to a
unit). A permission held through a binding reaches the binding's subtree. Each
role has default permissions; admins and the host toggle a permission for a
role at a scope node, and the most specific toggle above a binding decides for
it (kernel/scope.py has the arithmetic of the codes).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from service.kernel import scope
from service.kernel.roles import Role, RoleBinding


class Permission(enum.StrEnum):
    REGISTRY_READ = "registry.read"
    POLICY_PUBLISH = "policy.publish"
    TASK_ASSIGN = "task.assign"
    ACTIVITY_READ = "activity.read"
    SUGGESTION_REVIEW = "suggestion.review"
    # Managing the departments that handle suggestions and the routing table.
    SUGGESTION_ROUTE = "suggestion.route"
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


@dataclass(frozen=True)
class Toggle:
    """A permission opened or closed for a role within a scope subtree."""

    permission: str
    role: Role
    scope_node: str
    enabled: bool


class PermissionToggle(NamedTuple):
    """A toggle as the host's registry sends it: versioned like every mirrored record."""

    permission: str
    role: Role
    scope_node: str
    enabled: bool
    version: int
    toggled_by: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return ("permission", self.permission, self.role, self.scope_node)


@dataclass(frozen=True)
class Reach:
    """Where a caller may exercise one permission."""

    nodes: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()

    @property
    def everything(self) -> bool:
        return any(scope.is_city(node) for node in self.nodes)

    @property
    def empty(self) -> bool:
        return not self.nodes and not self.units

    def covers_node(self, code: str) -> bool:
        return any(scope.covers(node, code) for node in self.nodes)

    def overlaps(self, code: str) -> bool:
        """The reach holds ``code``'s subtree, or a part of it."""
        return self.covers_node(code) or any(scope.covers(code, node) for node in self.nodes)

    def sees_node(self, code: str) -> bool:
        """Covered, or on the path above a covered node (to navigate down to it)."""
        return self.covers_node(code) or code in self.path_codes()

    def path_codes(self) -> set[str]:
        """The codes above each node of the reach: the city, district, street and
        community it lies in."""
        return scope.path_codes(self.nodes)

    def covers_officer(self, grids: Iterable[str], unit: str | None) -> bool:
        return (unit is not None and unit in self.units) or any(
            self.covers_node(grid) for grid in grids
        )

    def within(self, code: str) -> Reach:
        """This reach limited to the subtree of ``code`` (units are not in the tree)."""
        if self.covers_node(code):
            return Reach(frozenset({code}), frozenset())
        return Reach(
            frozenset(node for node in self.nodes if scope.covers(code, node)), frozenset()
        )


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
                    binding.scope_node is not None
                    and scope.covers(toggle.scope_node, binding.scope_node)
                )
            )
        ]
        return (
            max(applicable, key=lambda t: scope.specificity(t.scope_node)) if applicable else None
        )

    def heads(self, grid: str) -> bool:
        """The caller is a community head (政法网格长) over ``grid`` (六.2)."""
        return any(
            binding.role is Role.COMMUNITY_HEAD
            and binding.scope_node is not None
            and scope.covers(binding.scope_node, grid)
            for binding in self.bindings
        )

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
