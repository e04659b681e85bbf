"""Grid assignments and their history in the database."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from service.assignment.ports import AssignmentView, ChangeView
from service.assignment.rules import AssignmentChange, check_in_due
from service.kernel.access import Reach
from service.platform.store.database import as_utc
from service.platform.store.scope_filters import in_reach, under_code
from service.platform.store.tables import ASSIGNMENT, CHANGE, CHANGE_GRID, HOST_USER


def lock_officer(connection: sa.Connection, officer_id: str) -> bool:
    """True when the officer is live in the mirror. On PostgreSQL the row stays
    locked until commit, so that two changes of one officer take turns (SQLite
    writers take turns anyway)."""
    query = sa.select(HOST_USER.c.user_id).where(
        HOST_USER.c.user_id == officer_id,
        HOST_USER.c.deleted.is_(False),
        HOST_USER.c.officer_category.is_not(None),
    )
    if connection.dialect.name == "postgresql":
        query = query.with_for_update()
    return connection.execute(query).first() is not None


def current(connection: sa.Connection, officer_id: str) -> list[AssignmentView]:
    rows = connection.execute(
        sa.select(ASSIGNMENT)
        .where(ASSIGNMENT.c.officer_id == officer_id)
        .order_by(ASSIGNMENT.c.grid_code)
    )
    return [_assignment(row) for row in rows]


def _assignment(row: Any) -> AssignmentView:
    return AssignmentView(
        row.officer_id,
        row.grid_code,
        row.assigned_by,
        as_utc(row.create_time),
        as_utc(row.check_in_due_time),
        as_utc(row.check_in_time) if row.check_in_time else None,
        row.check_in_note or "",
        row.check_in_confirmed_by,
        as_utc(row.check_in_confirm_time) if row.check_in_confirm_time else None,
    )


def apply_change(connection: sa.Connection, change: AssignmentChange) -> str:
    """Writes the officer's new grids and the history row; returns the change id."""
    added = sorted(set(change.after) - set(change.before))
    removed = sorted(set(change.before) - set(change.after))
    if removed:
        connection.execute(
            sa.delete(ASSIGNMENT).where(
                ASSIGNMENT.c.officer_id == change.officer_id, ASSIGNMENT.c.grid_code.in_(removed)
            )
        )
    if added:
        connection.execute(
            sa.insert(ASSIGNMENT),
            [
                {
                    "officer_id": change.officer_id,
                    "grid_code": grid,
                    "assigned_by": change.changed_by,
                    "create_time": change.time,
                    "check_in_due_time": check_in_due(change.time),
                }
                for grid in added
            ],
        )
    change_id = str(uuid.uuid4())
    connection.execute(
        sa.insert(CHANGE),
        {
            "change_id": change_id,
            "officer_id": change.officer_id,
            "grids_before": " ".join(change.before),
            "grids_after": " ".join(change.after),
            "reason": change.reason,
            "changed_by": change.changed_by,
            "create_time": change.time,
            "proposal_id": change.proposal_id,
        },
    )
    connection.execute(
        sa.insert(CHANGE_GRID),
        [{"change_id": change_id, "grid_code": grid} for grid in sorted(change.touched)],
    )
    return change_id


def get_change(connection: sa.Connection, change_id: str) -> ChangeView:
    return _change(
        connection.execute(sa.select(CHANGE).where(CHANGE.c.change_id == change_id)).one()
    )


def _change(row: Any) -> ChangeView:
    return ChangeView(
        row.change_id,
        row.officer_id,
        tuple(row.grids_before.split()),
        tuple(row.grids_after.split()),
        row.reason,
        row.changed_by,
        as_utc(row.create_time),
        row.proposal_id,
    )


def get(
    connection: sa.Connection, officer_id: str, grid: str, *, lock: bool = False
) -> AssignmentView | None:
    query = sa.select(ASSIGNMENT).where(
        ASSIGNMENT.c.officer_id == officer_id, ASSIGNMENT.c.grid_code == grid
    )
    if lock and connection.dialect.name == "postgresql":
        query = query.with_for_update()
    row = connection.execute(query).first()
    return _assignment(row) if row is not None else None


def _one(officer_id: str, grid: str) -> Any:
    return sa.and_(ASSIGNMENT.c.officer_id == officer_id, ASSIGNMENT.c.grid_code == grid)


def record_check_in(
    connection: sa.Connection, officer_id: str, grid: str, at: datetime, note: str
) -> None:
    connection.execute(
        sa.update(ASSIGNMENT)
        .where(_one(officer_id, grid))
        .values(check_in_time=at, check_in_note=note or None)
    )


def confirm_check_in(
    connection: sa.Connection, officer_id: str, grid: str, by: str, at: datetime
) -> None:
    connection.execute(
        sa.update(ASSIGNMENT)
        .where(_one(officer_id, grid))
        .values(check_in_confirmed_by=by, check_in_confirm_time=at)
    )


def check_ins(connection: sa.Connection, *, under: str) -> list[tuple[str | None, AssignmentView]]:
    rows = connection.execute(
        sa.select(ASSIGNMENT, HOST_USER.c.unit)
        .join(HOST_USER, HOST_USER.c.user_id == ASSIGNMENT.c.officer_id)
        .where(under_code(ASSIGNMENT.c.grid_code, under), HOST_USER.c.deleted.is_(False))
        .order_by(ASSIGNMENT.c.officer_id, ASSIGNMENT.c.grid_code)
    )
    return [(row.unit, _assignment(row)) for row in rows]


def list_assignments(
    connection: sa.Connection,
    *,
    reach: Reach,
    officer_id: str | None = None,
    under: str | None = None,
    overdue_at: datetime | None = None,
    after: tuple[str, str] = ("", ""),
    limit: int,
) -> list[AssignmentView]:
    query = sa.select(ASSIGNMENT).where(
        in_reach(ASSIGNMENT.c.grid_code, reach.nodes),
        sa.tuple_(ASSIGNMENT.c.officer_id, ASSIGNMENT.c.grid_code) > sa.tuple_(*after),
    )
    if officer_id is not None:
        query = query.where(ASSIGNMENT.c.officer_id == officer_id)
    if under is not None:
        query = query.where(under_code(ASSIGNMENT.c.grid_code, under))
    if overdue_at is not None:
        query = query.where(
            ASSIGNMENT.c.check_in_time.is_(None), ASSIGNMENT.c.check_in_due_time < overdue_at
        )
    rows = connection.execute(
        query.order_by(ASSIGNMENT.c.officer_id, ASSIGNMENT.c.grid_code).limit(limit)
    )
    return [_assignment(row) for row in rows]


def list_changes(
    connection: sa.Connection,
    *,
    reach: Reach,
    officer_id: str | None = None,
    under: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    before: tuple[datetime, str] | None = None,
    limit: int,
) -> list[ChangeView]:
    """Changes touching a grid in ``reach``, newest first, older than ``before``."""
    touching = sa.exists().where(
        CHANGE_GRID.c.change_id == CHANGE.c.change_id,
        in_reach(CHANGE_GRID.c.grid_code, reach.nodes),
        *([under_code(CHANGE_GRID.c.grid_code, under)] if under is not None else []),
    )
    query = sa.select(CHANGE).where(touching)
    if officer_id is not None:
        query = query.where(CHANGE.c.officer_id == officer_id)
    if start is not None:
        query = query.where(CHANGE.c.create_time >= start)
    if end is not None:
        query = query.where(CHANGE.c.create_time < end)
    if before is not None:
        query = query.where(
            sa.tuple_(CHANGE.c.create_time, CHANGE.c.change_id) < sa.tuple_(*before)
        )
    rows = connection.execute(
        query.order_by(CHANGE.c.create_time.desc(), CHANGE.c.change_id.desc()).limit(limit)
    )
    return [_change(row) for row in rows]


def last_change_time(connection: sa.Connection, officer_id: str) -> datetime | None:
    latest = connection.execute(
        sa.select(sa.func.max(CHANGE.c.create_time)).where(CHANGE.c.officer_id == officer_id)
    ).scalar_one()
    return as_utc(latest) if latest is not None else None


class SqlAssignments:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def lock_officer(self, officer_id: str) -> bool:
        return lock_officer(self._c, officer_id)

    def current(self, officer_id: str) -> list[AssignmentView]:
        return current(self._c, officer_id)

    def last_change_time(self, officer_id: str) -> datetime | None:
        return last_change_time(self._c, officer_id)

    def apply_change(self, change: AssignmentChange) -> str:
        return apply_change(self._c, change)

    def get(self, officer_id: str, grid: str, *, lock: bool = False) -> AssignmentView | None:
        return get(self._c, officer_id, grid, lock=lock)

    def record_check_in(self, officer_id: str, grid: str, at: datetime, note: str) -> None:
        record_check_in(self._c, officer_id, grid, at, note)

    def confirm_check_in(self, officer_id: str, grid: str, by: str, at: datetime) -> None:
        confirm_check_in(self._c, officer_id, grid, by, at)

    def check_ins(self, *, under: str) -> list[tuple[str | None, AssignmentView]]:
        return check_ins(self._c, under=under)

    def get_change(self, change_id: str) -> ChangeView:
        return get_change(self._c, change_id)

    def list_assignments(self, **query: Any) -> list[AssignmentView]:
        return list_assignments(self._c, **query)

    def list_changes(self, **query: Any) -> list[ChangeView]:
        return list_changes(self._c, **query)
