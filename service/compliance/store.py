"""The compliance records in SQL: read from the registry mirror, the
assignments, the activities and the enrollments; only excuses are its own."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from service.compliance.ports import CheckIn, Done, Excuse, GridCover, Member, UnitStaff
from service.enrollment.rules import EnrollmentState
from service.kernel.ids import new_ids
from service.kernel.scheduler import PlannedStep
from service.kernel.scope import ScopeLevel, is_city
from service.platform.store.database import as_utc
from service.platform.store.scope_filters import under_code
from service.platform.store.tables import (
    ACTIVITY,
    ACTIVITY_CO_OFFICER,
    ASSIGNMENT,
    DUE_STEP,
    ENROLLMENT,
    EXCUSED_MONTH,
    HOST_USER,
    SCOPE_NODE,
    UNIT,
)

_LIVE_OFFICER = sa.and_(HOST_USER.c.deleted.is_(False), HOST_USER.c.officer_category.is_not(None))


def _members(rows: Any) -> list[Member]:
    # Rows come by officer, then grid (digits: any collation agrees), so each
    # officer's grids are consecutive.
    found: list[Member] = []
    grids: list[str] = []
    for user_id, display_name, category, unit, grid in rows:
        if not found or found[-1].officer_id != user_id:
            if found:
                found[-1] = replace(found[-1], grids=tuple(grids))
            found.append(Member(user_id, display_name, category, unit, ()))
            grids = []
        if grid is not None:
            grids.append(grid)
    if found:
        found[-1] = replace(found[-1], grids=tuple(grids))
    # By id as Python compares text: pages' tokens compare so, whatever the
    # database's collation.
    return sorted(found, key=lambda member: member.officer_id)


def _excuse(row: Any) -> Excuse:
    return Excuse(row.officer_id, row.month, row.reason, row.set_by, as_utc(row.set_time))


def _unit(row: Any) -> UnitStaff:
    return UnitStaff(
        row.unit_id, row.display_name, row.kind, row.district, row.party_staff, row.other_staff
    )


class SqlCompliance:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def _member_rows(self, *conditions: Any, outer: bool) -> list[Member]:
        query = (
            sa.select(
                HOST_USER.c.user_id,
                HOST_USER.c.display_name,
                HOST_USER.c.officer_category,
                HOST_USER.c.unit,
                ASSIGNMENT.c.grid_code,
            )
            .select_from(
                HOST_USER.join(
                    ASSIGNMENT, ASSIGNMENT.c.officer_id == HOST_USER.c.user_id, isouter=outer
                )
            )
            .where(_LIVE_OFFICER, *conditions)
            .order_by(HOST_USER.c.user_id, ASSIGNMENT.c.grid_code)
        )
        return _members(self._c.execute(query))

    def members_serving(self) -> list[Member]:
        return self._member_rows(outer=False)

    def members_under(self, code: str) -> list[Member]:
        if is_city(code):
            return self.members_serving()
        serving = sa.select(ASSIGNMENT.c.officer_id).where(under_code(ASSIGNMENT.c.grid_code, code))
        return self._member_rows(HOST_USER.c.user_id.in_(serving), outer=True)

    def members_of_unit(self, unit_id: str) -> list[Member]:
        return self._member_rows(HOST_USER.c.unit == unit_id, outer=True)

    def member(self, officer_id: str) -> Member | None:
        found = self._member_rows(HOST_USER.c.user_id == officer_id, outer=True)
        return found[0] if found else None

    def done(self, start: datetime, end: datetime) -> list[Done]:
        # Stored in UTC (as text on SQLite): bounds in any other zone would
        # compare wrongly.
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        standing = sa.and_(
            ACTIVITY.c.delete_time.is_(None),
            ACTIVITY.c.start_time >= start,
            ACTIVITY.c.start_time < end,
        )
        own = sa.select(
            ACTIVITY.c.activity_id, ACTIVITY.c.officer, ACTIVITY.c.start_time, ACTIVITY.c.kind
        ).where(standing)
        beside = (
            sa.select(
                ACTIVITY.c.activity_id,
                ACTIVITY_CO_OFFICER.c.officer_id,
                ACTIVITY.c.start_time,
                ACTIVITY.c.kind,
            )
            .join(ACTIVITY, ACTIVITY.c.activity_id == ACTIVITY_CO_OFFICER.c.activity_id)
            .where(standing)
        )
        return [
            Done(activity_id, officer, as_utc(start_time), kind)
            for activity_id, officer, start_time, kind in self._c.execute(sa.union_all(own, beside))
        ]

    def excuses(self, months: Sequence[str], officers: Sequence[str] | None = None) -> list[Excuse]:
        query = sa.select(EXCUSED_MONTH).where(EXCUSED_MONTH.c.month.in_(list(months)))
        if officers is not None:
            query = query.where(EXCUSED_MONTH.c.officer_id.in_(list(officers)))
        return [_excuse(row) for row in self._c.execute(query)]

    def excuses_of(self, officer_id: str) -> list[Excuse]:
        rows = self._c.execute(
            sa.select(EXCUSED_MONTH)
            .where(EXCUSED_MONTH.c.officer_id == officer_id)
            .order_by(EXCUSED_MONTH.c.month.desc())
        )
        return [_excuse(row) for row in rows]

    def add_excuse(self, excuse: Excuse) -> bool:
        dialect = postgresql if self._c.dialect.name == "postgresql" else sqlite
        result = self._c.execute(
            dialect.insert(EXCUSED_MONTH)
            .values(
                officer_id=excuse.officer_id,
                month=excuse.month,
                reason=excuse.reason,
                set_by=excuse.set_by,
                set_time=excuse.set_time,
            )
            .on_conflict_do_nothing(index_elements=["officer_id", "month"])
            # rowcount is -1 for this statement under psycopg: ask for the row.
            .returning(EXCUSED_MONTH.c.officer_id)
        )
        return result.first() is not None

    def remove_excuse(self, officer_id: str, month: str) -> Excuse | None:
        row = self._c.execute(
            sa.delete(EXCUSED_MONTH)
            .where(EXCUSED_MONTH.c.officer_id == officer_id, EXCUSED_MONTH.c.month == month)
            .returning(*EXCUSED_MONTH.c)
        ).first()
        return None if row is None else _excuse(row)

    def units(self, district: str | None) -> list[UnitStaff]:
        query = sa.select(UNIT).where(UNIT.c.deleted.is_(False)).order_by(UNIT.c.unit_id)
        if district is not None:
            query = query.where(UNIT.c.district == district)
        return [_unit(row) for row in self._c.execute(query)]

    def unit(self, unit_id: str) -> UnitStaff | None:
        row = self._c.execute(
            sa.select(UNIT).where(UNIT.c.unit_id == unit_id, UNIT.c.deleted.is_(False))
        ).first()
        return None if row is None else _unit(row)

    def node_name(self, code: str) -> str | None:
        found = self._c.execute(
            sa.select(SCOPE_NODE.c.display_name).where(
                SCOPE_NODE.c.code == code, SCOPE_NODE.c.deleted.is_(False)
            )
        ).scalar()
        return None if found is None else str(found)

    def participants(self, units: Sequence[str]) -> dict[str, tuple[int, int]]:
        # One rule for who takes part: the host's officers of the unit, and
        # those whose enrollment the unit accepted while the host has not yet
        # made them officers (counted once, by the enrollment).
        counts: dict[str, list[int]] = {unit: [0, 0] for unit in units}
        officers = self._c.execute(
            sa.select(HOST_USER.c.unit, HOST_USER.c.party_member, sa.func.count())
            .where(_LIVE_OFFICER, HOST_USER.c.unit.in_(list(units)))
            .group_by(HOST_USER.c.unit, HOST_USER.c.party_member)
        )
        pending = self._c.execute(
            sa.select(ENROLLMENT.c.unit, ENROLLMENT.c.party_member, sa.func.count())
            .where(
                ENROLLMENT.c.state == EnrollmentState.ACCEPTED.value,
                ENROLLMENT.c.unit.in_(list(units)),
                ~sa.exists().where(HOST_USER.c.user_id == ENROLLMENT.c.applicant, _LIVE_OFFICER),
            )
            .group_by(ENROLLMENT.c.unit, ENROLLMENT.c.party_member)
        )
        for rows in (officers, pending):
            for unit, party_member, count in rows:
                counts[unit][0 if party_member else 1] += int(count)
        return {unit: (party, others) for unit, (party, others) in counts.items()}

    def grid_cover(self, code: str) -> list[GridCover]:
        live_grid = sa.and_(
            SCOPE_NODE.c.level == ScopeLevel.GRID.value, SCOPE_NODE.c.deleted.is_(False)
        )
        query = (
            sa.select(SCOPE_NODE.c.code, HOST_USER.c.officer_category)
            .select_from(
                SCOPE_NODE.outerjoin(
                    ASSIGNMENT, ASSIGNMENT.c.grid_code == SCOPE_NODE.c.code
                ).outerjoin(
                    HOST_USER,
                    sa.and_(HOST_USER.c.user_id == ASSIGNMENT.c.officer_id, _LIVE_OFFICER),
                )
            )
            .where(live_grid)
        )
        if not is_city(code):
            query = query.where(under_code(SCOPE_NODE.c.code, code))
        categories: dict[str, set[str]] = defaultdict(set)
        for grid, category in self._c.execute(query):
            found = categories[grid]
            if category is not None:
                found.add(category)
        return [GridCover(grid, tuple(sorted(categories[grid]))) for grid in sorted(categories)]

    def check_ins_of_unit(self, unit_id: str) -> list[CheckIn]:
        rows = self._c.execute(
            sa.select(
                ASSIGNMENT.c.check_in_due_time,
                ASSIGNMENT.c.check_in_time,
                ASSIGNMENT.c.check_in_confirm_time,
            )
            .join(HOST_USER, HOST_USER.c.user_id == ASSIGNMENT.c.officer_id)
            .where(_LIVE_OFFICER, HOST_USER.c.unit == unit_id)
        )
        return [
            CheckIn(as_utc(due), None if done is None else as_utc(done), confirmed is not None)
            for due, done, confirmed in rows
        ]

    def overdue_check_ins(self, code: str, now: datetime) -> dict[str, int]:
        query = (
            sa.select(ASSIGNMENT.c.grid_code, sa.func.count())
            .join(HOST_USER, HOST_USER.c.user_id == ASSIGNMENT.c.officer_id)
            .where(
                _LIVE_OFFICER,
                ASSIGNMENT.c.check_in_time.is_(None),
                ASSIGNMENT.c.check_in_due_time < now,
            )
            .group_by(ASSIGNMENT.c.grid_code)
        )
        if not is_city(code):
            query = query.where(under_code(ASSIGNMENT.c.grid_code, code))
        return {grid: int(count) for grid, count in self._c.execute(query)}

    def plan_once(self, step: PlannedStep, now: datetime) -> None:
        # Never again once planned, made or not: a replica starting after the
        # step was made must not plan it a second time. Two replicas starting
        # at once meet on the pending series' unique index, and one does nothing.
        dialect = postgresql if self._c.dialect.name == "postgresql" else sqlite
        values = {
            "step_id": new_ids(now, 1)[0],
            "kind": step.kind,
            "subject": step.subject,
            "step": step.step,
            "due_time": step.due_time,
            "create_time": now,
        }
        planned = sa.exists().where(
            DUE_STEP.c.subject == step.subject,
            DUE_STEP.c.kind == step.kind,
            DUE_STEP.c.step == step.step,
        )
        columns = [DUE_STEP.c[name] for name in values]
        source = sa.select(
            *(
                sa.literal(value, column.type)
                for value, column in zip(values.values(), columns, strict=True)
            )
        ).where(~planned)
        self._c.execute(
            dialect.insert(DUE_STEP)
            .from_select(list(values), source)
            .on_conflict_do_nothing(
                index_elements=["subject", "kind", "step"], index_where=sa.text("done_time IS NULL")
            )
        )
