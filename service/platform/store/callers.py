"""Who is calling, as the authorization model sees them (kernel/access.py): the
roles the mirror holds for the user, the grids the module assigned them to, and
every permission toggle in force."""

from __future__ import annotations

import sqlalchemy as sa

from service.kernel.access import Caller
from service.kernel.roles import Role, RoleBinding
from service.permissions.store import toggles_in_force
from service.platform.store.tables import ASSIGNMENT, HOST_USER, ROLE_BINDING


class SqlCallers:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def load(self, user_id: str) -> Caller:
        bindings = self._c.execute(
            sa.select(ROLE_BINDING.c.role, ROLE_BINDING.c.scope_node, ROLE_BINDING.c.unit)
            .join(HOST_USER, HOST_USER.c.user_id == ROLE_BINDING.c.user_id)
            .where(ROLE_BINDING.c.user_id == user_id, HOST_USER.c.deleted.is_(False))
        )
        # An officer also serves the grids the module assigned them to.
        assigned = self._c.execute(
            sa.select(ASSIGNMENT.c.grid_code)
            .join(HOST_USER, HOST_USER.c.user_id == ASSIGNMENT.c.officer_id)
            .where(ASSIGNMENT.c.officer_id == user_id, HOST_USER.c.deleted.is_(False))
        ).scalars()
        return Caller(
            user_id,
            (
                *(RoleBinding(Role(role), scope, unit) for role, scope, unit in bindings),
                *(RoleBinding(Role.OFFICER, grid) for grid in assigned),
            ),
            toggles_in_force(self._c),
        )
