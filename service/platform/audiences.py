"""An audience off the wire: notices' ``Audience`` and tasks' ``TaskTargets``
name their people under different fields but mean the same thing."""

from __future__ import annotations

from collections.abc import Sequence

from officer.v1 import common_pb2

from service.kernel.audience import Audience
from service.kernel.roles import OfficerCategory, Role
from service.platform import names, wire


def audience(
    *,
    field: str,
    scope_nodes: Sequence[str],
    roles: Sequence[int],
    people: Sequence[str],
    people_field: str,
    categories: Sequence[int],
    extra_people: Sequence[str] = (),
) -> Audience:
    """INVALID_ARGUMENT naming the first malformed entry, e.g. ``{field}.roles[2]``."""
    nodes = [
        names.node_or_grid(name, f"{field}.scope_nodes[{index}]")
        for index, name in enumerate(scope_nodes)
    ]
    users = [
        names.parse(
            names.PERSON,
            name,
            f"{field}.{people_field}[{index}]",
            "officers/{id} or users/{id}",
        )
        for index, name in enumerate(people)
    ]
    return Audience(
        scope_nodes=tuple(dict.fromkeys(nodes)),
        roles=tuple(
            wire.required_enum(common_pb2.Role, role, "ROLE_", f"{field}.roles[{index}]", Role)
            for index, role in enumerate(roles)
        ),
        recipients=tuple(dict.fromkeys([*extra_people, *users])),
        categories=tuple(
            wire.required_enum(
                common_pb2.OfficerCategory,
                category,
                "OFFICER_CATEGORY_",
                f"{field}.categories[{index}]",
                OfficerCategory,
            )
            for index, category in enumerate(categories)
        ),
    )
