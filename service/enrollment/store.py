"""Enrollments in the database, and the registry facts they are checked against."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from service.enrollment.ports import Enrollment
from service.enrollment.rules import OPEN, Details, EnrollmentState, Source
from service.kernel.roles import OfficerCategory
from service.platform.store.database import as_utc
from service.platform.store.tables import ENROLLMENT, HOST_USER, SCOPE_NODE, UNIT


def _enrollment(row: Any) -> Enrollment:
    return Enrollment(
        row.enrollment_id,
        row.applicant,
        Details(
            OfficerCategory(row.category),
            row.unit,
            bool(row.party_member),
            row.residence,
            row.workplace,
            tuple(row.preferred_grids.split()),
            row.grid_capacity,
            row.availability_note,
        ),
        EnrollmentState(row.state),
        Source(row.source),
        as_utc(row.create_time),
        row.decided_by,
        as_utc(row.decide_time) if row.decide_time else None,
        row.decision_reason,
    )


def _locked(connection: sa.Connection, query: Any, lock: bool) -> Any:
    return query.with_for_update() if lock and connection.dialect.name == "postgresql" else query


class SqlEnrollments:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def person_exists(self, user_id: str) -> bool:
        query = sa.select(HOST_USER.c.user_id).where(
            HOST_USER.c.user_id == user_id, HOST_USER.c.deleted.is_(False)
        )
        return self._c.execute(query).first() is not None

    def unit_district(self, unit_id: str) -> str | None:
        query = sa.select(UNIT.c.district).where(
            UNIT.c.unit_id == unit_id, UNIT.c.deleted.is_(False)
        )
        found: str | None = self._c.execute(query).scalar_one_or_none()
        return found

    def node_levels(self, codes: Sequence[str]) -> dict[str, str]:
        if not codes:
            return {}
        rows = self._c.execute(
            sa.select(SCOPE_NODE.c.code, SCOPE_NODE.c.level).where(
                SCOPE_NODE.c.code.in_(sorted(set(codes))), SCOPE_NODE.c.deleted.is_(False)
            )
        )
        return {code: level for code, level in rows}

    def open_for(self, applicant: str, *, lock: bool = False) -> Enrollment | None:
        if lock and self._c.dialect.name == "postgresql":
            # Two enrollments of one person take turns: lock the person's row.
            self._c.execute(
                sa.select(HOST_USER.c.user_id)
                .where(HOST_USER.c.user_id == applicant)
                .with_for_update()
            )
        row = self._c.execute(
            sa.select(ENROLLMENT).where(
                ENROLLMENT.c.applicant == applicant,
                ENROLLMENT.c.state.in_(sorted(state.value for state in OPEN)),
            )
        ).first()
        return _enrollment(row) if row is not None else None

    def add(self, enrollment: Enrollment) -> None:
        details = enrollment.details
        self._c.execute(
            sa.insert(ENROLLMENT),
            {
                "enrollment_id": enrollment.enrollment_id,
                "applicant": enrollment.applicant,
                "category": details.category.value,
                "unit": details.unit,
                "party_member": details.party_member,
                "residence": details.residence,
                "workplace": details.workplace,
                "preferred_grids": " ".join(details.preferred_grids),
                "grid_capacity": details.grid_capacity,
                "availability_note": details.availability_note,
                "state": enrollment.state.value,
                "source": enrollment.source.value,
                "create_time": enrollment.create_time,
                "decided_by": enrollment.decided_by,
                "decide_time": enrollment.decide_time,
                "decision_reason": enrollment.decision_reason,
            },
        )

    def get(self, enrollment_id: str, *, lock: bool = False) -> Enrollment | None:
        query = sa.select(ENROLLMENT).where(ENROLLMENT.c.enrollment_id == enrollment_id)
        row = self._c.execute(_locked(self._c, query, lock)).first()
        return _enrollment(row) if row is not None else None

    def decide(
        self, enrollment_id: str, state: EnrollmentState, *, by: str, at: datetime, reason: str
    ) -> None:
        self._c.execute(
            sa.update(ENROLLMENT)
            .where(ENROLLMENT.c.enrollment_id == enrollment_id)
            .values(state=state.value, decided_by=by, decide_time=at, decision_reason=reason)
        )

    def list_for_unit(
        self,
        unit_id: str,
        *,
        state: EnrollmentState | None,
        before: tuple[datetime, str] | None,
        limit: int,
    ) -> list[Enrollment]:
        query = sa.select(ENROLLMENT).where(ENROLLMENT.c.unit == unit_id)
        if state is not None:
            query = query.where(ENROLLMENT.c.state == state.value)
        if before is not None:
            query = query.where(
                sa.tuple_(ENROLLMENT.c.create_time, ENROLLMENT.c.enrollment_id) < sa.tuple_(*before)
            )
        rows = self._c.execute(
            query.order_by(
                ENROLLMENT.c.create_time.desc(), ENROLLMENT.c.enrollment_id.desc()
            ).limit(limit)
        )
        return [_enrollment(row) for row in rows]
