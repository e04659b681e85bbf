"""Who is calling, as the authorization model sees them (kernel/access.py): the
roles the mirror holds for the user, the grids the module assigned them to, and
every permission toggle in force.

Loading a caller takes four queries; a call's own work is often one. So callers
are kept, each with the callers' generation it was loaded at (migration 0022:
the database moves the generation whenever a binding, a user, an assignment or
a toggle changes, whoever writes it). A kept caller serves while the
generation stands: one read tells, on every replica, and a change takes effect
on the next call everywhere, never later."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from service.kernel.access import Caller
from service.kernel.roles import Role, RoleBinding
from service.permissions.store import toggles_in_force
from service.platform.store.tables import ASSIGNMENT, CALLER_GENERATION, HOST_USER, ROLE_BINDING

_USER: sa.BindParameter[str] = sa.bindparam("user_id")
_GENERATION = sa.select(CALLER_GENERATION.c.generation)
_BINDINGS = (
    sa.select(ROLE_BINDING.c.role, ROLE_BINDING.c.scope_node, ROLE_BINDING.c.unit)
    .join(HOST_USER, HOST_USER.c.user_id == ROLE_BINDING.c.user_id)
    .where(ROLE_BINDING.c.user_id == _USER, HOST_USER.c.deleted.is_(False))
)
# An officer also serves the grids the module assigned them to.
_ASSIGNED = (
    sa.select(ASSIGNMENT.c.grid_code)
    .join(HOST_USER, HOST_USER.c.user_id == ASSIGNMENT.c.officer_id)
    .where(ASSIGNMENT.c.officer_id == _USER, HOST_USER.c.deleted.is_(False))
)


class CallerCache:
    """Callers loaded from one database, with the generation each was loaded
    at. Bounded: past ``capacity`` it starts afresh rather than track recency
    (a full city's active users fit well within the default)."""

    def __init__(self, capacity: int = 50_000) -> None:
        self._capacity = capacity
        self._kept: dict[str, tuple[int, Caller]] = {}
        self._lock = threading.Lock()

    def get(self, user_id: str, generation: int) -> Caller | None:
        kept = self._kept.get(user_id)
        return kept[1] if kept is not None and kept[0] == generation else None

    def put(self, user_id: str, generation: int, caller: Caller) -> None:
        with self._lock:
            if len(self._kept) >= self._capacity:
                self._kept = {}
            self._kept[user_id] = (generation, caller)


class SqlCallers:
    def __init__(self, connection: sa.Connection, cache: CallerCache | None = None) -> None:
        self._c = connection
        self._cache = cache

    def load(self, user_id: str) -> Caller:
        if self._cache is None:
            return self._load(user_id)
        # Read before the caller's rows: a caller loaded after this read holds
        # every change up to this generation (a later change moves it again).
        generation = self._c.execute(_GENERATION).scalar_one()
        kept = self._cache.get(user_id, generation)
        if kept is not None:
            return kept
        caller = self._load(user_id)
        self._cache.put(user_id, generation, caller)
        return caller

    def _load(self, user_id: str) -> Caller:
        given = {"user_id": user_id}
        bindings = self._c.execute(_BINDINGS, given)
        assigned = self._c.execute(_ASSIGNED, given).scalars()
        return Caller(
            user_id,
            (
                *(RoleBinding(Role(role), scope, unit) for role, scope, unit in bindings),
                *(RoleBinding(Role.OFFICER, grid) for grid in assigned),
            ),
            toggles_in_force(self._c),
        )
