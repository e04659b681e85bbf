"""Loaded callers are kept while the callers' generation stands (store/callers.py,
migration 0022): whatever changes a binding, a user, an assignment or a toggle,
through whichever connection, is seen on the next load; what does not change a
caller leaves the kept ones be."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from service.kernel.access import Caller, Permission
from service.platform.store.callers import SqlCallers
from service.platform.transactions import SqlTransactions

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
STREET = "320102001"
GRID = "320102001001001"


def _user(user_id: str, *, deleted: bool = False) -> dict[str, object]:
    return {
        "user_id": user_id,
        "version": 1,
        "display_name": user_id,
        "phone_number": "13800000000",
        "id_number": "",
        "deleted": deleted,
        "update_time": NOW,
    }


@pytest.fixture
def people(migrated_engine: Engine) -> Engine:
    """A street liaison, and an officer who serves nothing yet."""
    with migrated_engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO host_user (user_id, version, display_name, phone_number, "
                "id_number, deleted, update_time) VALUES (:user_id, :version, :display_name, "
                ":phone_number, :id_number, :deleted, :update_time)"
            ),
            [_user("liaison"), _user("officer")],
        )
        connection.execute(
            sa.text(
                "INSERT INTO role_binding (user_id, role, scope_node) "
                "VALUES ('liaison', 'street_liaison', :street)"
            ),
            {"street": STREET},
        )
    return migrated_engine


def _fresh(engine: Engine, user_id: str) -> Caller:
    """The caller as the tables hold them now, loaded with nothing kept."""
    with engine.connect() as connection:
        return SqlCallers(connection).load(user_id)


def _generation(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(sa.text("SELECT generation FROM caller_generation")).one()[0])


def _write(engine: Engine, statement: str, **values: object) -> None:
    """A change by another writer (the mirror, a script): its own engine."""
    other = sa.create_engine(engine.url)
    try:
        with other.begin() as connection:
            connection.execute(sa.text(statement), values)
    finally:
        other.dispose()


CHANGES: dict[str, tuple[str, str, Callable[[Caller], bool]]] = {
    "binding removed": (
        "liaison",
        "DELETE FROM role_binding WHERE user_id = 'liaison'",
        lambda caller: not caller.bindings,
    ),
    "binding added": (
        "officer",
        "INSERT INTO role_binding (user_id, role, scope_node) "
        "VALUES ('officer', 'community_head', '320102001001')",
        lambda caller: caller.heads(GRID),
    ),
    "user deleted": (
        "liaison",
        "UPDATE host_user SET deleted = :yes WHERE user_id = 'liaison'",
        lambda caller: not caller.bindings,
    ),
    "grid assigned": (
        "officer",
        "INSERT INTO grid_assignment (officer_id, grid_code, assigned_by, create_time, "
        "check_in_due_time) VALUES ('officer', :grid, 'admin', :now, :now)",
        lambda caller: any(binding.scope_node == GRID for binding in caller.bindings),
    ),
    "host toggle": (
        "liaison",
        "INSERT INTO permission_toggle (permission, role, scope_node, enabled, version, "
        "toggled_by, update_time) VALUES ('activity.read', 'street_liaison', '320102', "
        ":no, 1, 'host', :now)",
        lambda caller: caller.reach(Permission.ACTIVITY_READ).empty,
    ),
    "admin grant": (
        "liaison",
        "INSERT INTO permission_grant (permission, role, scope_node, enabled, changed_by, "
        "update_time) VALUES ('activity.read', 'street_liaison', '320102', :no, 'admin', :now)",
        lambda caller: caller.reach(Permission.ACTIVITY_READ).empty,
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_to_what_a_caller_is_loaded_from_is_seen_on_the_next_call(
    people: Engine, change: str
) -> None:
    user_id, statement, changed = CHANGES[change]
    transactions = SqlTransactions(people)
    before = transactions.run_now(lambda uow: uow.callers.load(user_id), read_only=True)
    assert not changed(before)
    _write(people, statement, yes=True, no=False, grid=GRID, now=NOW)
    after = transactions.run_now(lambda uow: uow.callers.load(user_id), read_only=True)
    assert changed(after)
    assert after == _fresh(people, user_id)


def test_a_kept_caller_is_served_while_nothing_it_is_loaded_from_changes(people: Engine) -> None:
    transactions = SqlTransactions(people)
    first = transactions.run_now(lambda uow: uow.callers.load("liaison"), read_only=True)
    again = transactions.run_now(lambda uow: uow.callers.load("liaison"), read_only=True)
    assert again is first
    # Another user's load keeps the first one's too.
    transactions.run_now(lambda uow: uow.callers.load("officer"), read_only=True)
    assert transactions.run_now(lambda uow: uow.callers.load("liaison"), read_only=True) is first


def test_a_profile_edit_or_a_check_in_leaves_the_generation_where_it_was(people: Engine) -> None:
    _write(
        people,
        "INSERT INTO grid_assignment (officer_id, grid_code, assigned_by, create_time, "
        "check_in_due_time) VALUES ('officer', :grid, 'admin', :now, :now)",
        grid=GRID,
        now=NOW,
    )
    generation = _generation(people)
    _write(people, "UPDATE host_user SET display_name = 'renamed', version = 2")
    _write(
        people, "UPDATE grid_assignment SET check_in_time = :now, check_in_note = 'here'", now=NOW
    )
    assert _generation(people) == generation


def test_the_generation_moves_with_the_commit_and_not_with_a_rollback(people: Engine) -> None:
    generation = _generation(people)
    with people.connect() as connection:
        transaction = connection.begin()
        connection.execute(sa.text("DELETE FROM role_binding"))
        transaction.rollback()
    assert _generation(people) == generation
    with people.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO role_binding (user_id, role, scope_node) "
                "VALUES ('officer', 'officer', :grid), ('officer', 'grid_worker', :grid)"
            ),
            {"grid": GRID},
        )
        connection.execute(sa.text("DELETE FROM role_binding WHERE user_id = 'liaison'"))
    moved = _generation(people) - generation
    # PostgreSQL moves it once a transaction, at commit; SQLite once a row.
    assert moved == (1 if people.dialect.name == "postgresql" else 3)
