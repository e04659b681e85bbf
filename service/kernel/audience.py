"""Who a push reaches: an audience of scope nodes, roles, people and officer
categories, resolved against the directory within the sender's reach. Notices
and key tasks address people this way.

The audience is the union of the officers serving beneath the scope nodes
named (by the host's binding or the module's assignment), the holders of the
roles named within the sender's reach, and the people named, narrowed to the
officer categories given.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.kernel.access import Reach
from service.kernel.errors import PermissionDenied
from service.kernel.ports import Directory
from service.kernel.roles import OfficerCategory, Role
from service.kernel.scope import resource_name


@dataclass(frozen=True)
class Audience:
    """The union of everyone beneath ``scope_nodes``, the holders of ``roles``
    within the sender's reach and the explicit ``recipients``, narrowed to
    ``categories`` (officers only) when any are given."""

    scope_nodes: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    recipients: tuple[str, ...] = ()
    categories: tuple[OfficerCategory, ...] = ()


@dataclass(frozen=True)
class Recipient:
    """A user an audience reaches, with the node they are counted under: the
    grid they serve, or a supervisor's own scope node."""

    user_id: str
    scope_node: str | None


def resolve(directory: Directory, reach: Reach, audience: Audience) -> list[Recipient]:
    """Who an audience reaches within ``reach``, each counted under a node (the
    grid they serve, or a supervisor's own node: statistics roll up and
    escalation climbs from it); PERMISSION_DENIED for a node or a person
    outside ``reach``."""
    for node in audience.scope_nodes:
        if not directory.node_exists(node) or not reach.covers_node(node):
            raise PermissionDenied.outside_scope(resource_name(node))
    counted: dict[str, str | None] = {}
    officers = directory.officers_beneath(audience.scope_nodes, audience.categories)
    counted.update(officers)
    roles = [role for role in audience.roles if role is not Role.OFFICER]
    if Role.OFFICER in audience.roles:
        # Counted under a targeted node's grid first, when they were targeted by one.
        for user_id, grid in directory.officers_beneath(reach.nodes, audience.categories).items():
            counted.setdefault(user_id, grid)
    if roles and not audience.categories:
        for user_id, node in directory.role_holders(roles, reach.nodes).items():
            counted.setdefault(user_id, node)
    if audience.recipients:
        explicit = directory.users_in_reach(audience.recipients, reach.nodes)
        for user_id in audience.recipients:
            if user_id not in explicit:
                raise PermissionDenied.outside_scope(f"users/{user_id}")
        if audience.categories:
            wanted = {category.value for category in audience.categories}
            categories = directory.officer_categories(list(explicit))
            explicit = {u: n for u, n in explicit.items() if categories.get(u) in wanted}
        for user_id, node in explicit.items():
            counted.setdefault(user_id, node)
    return [Recipient(user_id, node) for user_id, node in sorted(counted.items())]
