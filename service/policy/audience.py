"""Resolving a notice's audience to its recipients, at publish time.

The audience is the union of the officers serving beneath the scope nodes
named (by the host's binding or the module's assignment), the holders of the
roles named within the publisher's reach, and the explicit recipients, narrowed
to the officer categories given.
"""

from __future__ import annotations

from service.kernel.access import Caller, Permission
from service.kernel.errors import PermissionDenied
from service.kernel.roles import Role
from service.kernel.scope import resource_name
from service.policy.ports import UnitOfWork
from service.policy.rules import Audience, Recipient


def resolve(uow: UnitOfWork, caller: Caller, audience: Audience) -> list[Recipient]:
    """Who a notice reaches, each counted under a node (for the statistics), in
    the publisher's ``policy.publish`` reach; PERMISSION_DENIED for a node or a
    recipient outside it."""
    reach = caller.reach(Permission.POLICY_PUBLISH)
    if reach.empty:
        raise PermissionDenied("you may not publish notices")
    for node in audience.scope_nodes:
        if not uow.directory.node_exists(node) or not reach.covers_node(node):
            raise PermissionDenied.outside_scope(resource_name(node))
    counted: dict[str, str | None] = {}
    officers = uow.directory.officers_beneath(audience.scope_nodes, audience.categories)
    counted.update(officers)
    roles = [role for role in audience.roles if role is not Role.OFFICER]
    if Role.OFFICER in audience.roles:
        # Counted under a targeted node's grid first, when they were targeted by one.
        for user_id, grid in uow.directory.officers_beneath(
            reach.nodes, audience.categories
        ).items():
            counted.setdefault(user_id, grid)
    if roles and not audience.categories:
        for user_id, node in uow.directory.role_holders(roles, reach.nodes).items():
            counted.setdefault(user_id, node)
    if audience.recipients:
        explicit = uow.directory.users_in_reach(audience.recipients, reach.nodes)
        for user_id in audience.recipients:
            if user_id not in explicit:
                raise PermissionDenied.outside_scope(f"users/{user_id}")
        if audience.categories:
            wanted = {category.value for category in audience.categories}
            categories = uow.directory.officer_categories(list(explicit))
            explicit = {u: n for u, n in explicit.items() if categories.get(u) in wanted}
        for user_id, node in explicit.items():
            counted.setdefault(user_id, node)
    return [Recipient(user_id, node) for user_id, node in sorted(counted.items())]
