"""Activities in the database: the activity as it stands, its revisions, its
co-officers, and the monthly counts kept beside them."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from service.activities import documents, feed_sql
from service.activities.ports import (
    Activity,
    ActivityFilter,
    Count,
    CountChange,
    Profile,
    Revision,
    StatsQuery,
)
from service.activities.rules import (
    ActivityKind,
    Case,
    CaseState,
    Change,
    Content,
    Point,
    SubjectKind,
)
from service.kernel.access import Reach
from service.kernel.attachments import Attachment
from service.platform.store import bulk
from service.platform.store.database import as_utc
from service.platform.store.scope_filters import in_reach
from service.platform.store.tables import (
    ACTIVITY,
    ACTIVITY_CO_OFFICER,
    ACTIVITY_COUNT,
    ACTIVITY_REVISION,
    HOST_USER,
)

# A snapshot's month is not read back (it is recomputed where needed): UTC will do.
_UTC = ZoneInfo("UTC")


def _values(activity: Activity) -> dict[str, Any]:
    content = activity.content
    return {
        "officer": activity.officer,
        "reporter": activity.reporter,
        "grid": content.grid,
        "district": content.grid[:6],
        "street": content.grid[:9],
        "community": content.grid[:12],
        "kind": content.kind.value,
        "subject_kind": content.subject_kind.value if content.subject_kind else None,
        "summary": content.summary,
        "outcome": content.outcome,
        "start_time": content.start_time,
        "end_time": content.end_time,
        "participant_count": content.participant_count,
        "co_officers": json.dumps(list(content.co_officers)),
        "attachments": json.dumps([asdict(a) for a in content.attachments], ensure_ascii=False),
        "latitude": content.place.latitude if content.place else None,
        "longitude": content.place.longitude if content.place else None,
        "officer_category": activity.officer_category,
        "unit": activity.unit,
        "revision": activity.revision,
        "create_time": activity.create_time,
        "update_time": activity.update_time,
        "delete_time": activity.delete_time,
        "case_state": activity.case.state.value if activity.case else None,
        "case_depth": activity.case.depth if activity.case else None,
    }


def _json_list(text: str) -> list[Any]:
    """A stored JSON list; most are empty, and need no parsing."""
    return [] if text == "[]" else list(json.loads(text))


def _activity(row: sa.RowMapping) -> Activity:
    # By key, not attribute: a Row's attribute costs about ten times as much,
    # and a feed page converts some twenty rows of twenty-odd columns.
    place = (
        Point(row["latitude"], row["longitude"])
        if row["latitude"] is not None and row["longitude"] is not None
        else None
    )
    return Activity(
        activity_id=row["activity_id"],
        officer=row["officer"],
        reporter=row["reporter"],
        content=Content(
            grid=row["grid"],
            kind=ActivityKind(row["kind"]),
            subject_kind=SubjectKind(row["subject_kind"]) if row["subject_kind"] else None,
            summary=row["summary"],
            start_time=as_utc(row["start_time"]),
            end_time=as_utc(row["end_time"]) if row["end_time"] is not None else None,
            attachments=tuple(Attachment(**a) for a in _json_list(row["attachments"])),
            participant_count=row["participant_count"],
            co_officers=tuple(_json_list(row["co_officers"])),
            place=place,
            outcome=row["outcome"],
        ),
        officer_category=row["officer_category"],
        unit=row["unit"],
        revision=row["revision"],
        create_time=as_utc(row["create_time"]),
        update_time=as_utc(row["update_time"]),
        delete_time=as_utc(row["delete_time"]) if row["delete_time"] is not None else None,
        case=Case(CaseState(row["case_state"]), row["case_depth"]) if row["case_state"] else None,
    )


def counted_nodes(grid: str) -> list[str]:
    """The nodes whose counts an activity in ``grid`` moves: the grid and every
    node above it but the city (no roll-up is by city: its total is the sum of
    its districts', and its code has a district's length)."""
    return [grid[:6], grid[:9], grid[:12], grid]


class SqlActivities:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def insert(self, activity: Activity) -> None:
        self._c.execute(
            ACTIVITY.insert().values(activity_id=activity.activity_id, **_values(activity))
        )
        self._co_officers(activity)

    def _co_officers(self, activity: Activity) -> None:
        self._c.execute(
            ACTIVITY_CO_OFFICER.delete().where(
                ACTIVITY_CO_OFFICER.c.activity_id == activity.activity_id
            )
        )
        if activity.content.co_officers:
            self._c.execute(
                ACTIVITY_CO_OFFICER.insert(),
                [
                    {"officer_id": officer, "activity_id": activity.activity_id}
                    for officer in activity.content.co_officers
                ],
            )

    def get(self, activity_id: str, *, lock: bool = False) -> Activity | None:
        query = sa.select(ACTIVITY).where(ACTIVITY.c.activity_id == activity_id)
        if lock and self._c.dialect.name == "postgresql":
            query = query.with_for_update()
        row = self._c.execute(query).mappings().one_or_none()
        return _activity(row) if row is not None else None

    def update(self, activity: Activity) -> None:
        self._c.execute(
            ACTIVITY.update()
            .where(ACTIVITY.c.activity_id == activity.activity_id)
            .values(**_values(activity))
        )
        self._co_officers(activity)

    def add_revision(self, revision: Revision) -> None:
        activity_id = revision.activity.activity_id
        last = self._c.execute(
            sa.select(sa.func.max(ACTIVITY_REVISION.c.seq)).where(
                ACTIVITY_REVISION.c.activity_id == activity_id
            )
        ).scalar_one()
        self._c.execute(
            ACTIVITY_REVISION.insert().values(
                activity_id=activity_id,
                seq=(last or 0) + 1,
                revision=revision.revision,
                change=revision.change.value,
                actor=revision.actor,
                time=revision.time,
                note=revision.note,
                changed_fields=",".join(revision.changed_fields),
                snapshot=json.dumps(
                    documents.document(revision.activity, _UTC), ensure_ascii=False
                ),
            )
        )

    def revisions(self, activity_id: str) -> list[Revision]:
        rows = self._c.execute(
            sa.select(ACTIVITY_REVISION)
            .where(ACTIVITY_REVISION.c.activity_id == activity_id)
            .order_by(ACTIVITY_REVISION.c.seq)
        )
        return [
            Revision(
                revision=row.revision,
                change=Change(row.change),
                actor=row.actor,
                time=as_utc(row.time),
                note=row.note,
                changed_fields=tuple(filter(None, row.changed_fields.split(","))),
                activity=documents.from_document(activity_id, json.loads(row.snapshot)),
            )
            for row in rows
        ]

    def profiles(self, officers: Sequence[str]) -> dict[str, Profile]:
        if not officers:
            return {}
        rows = self._c.execute(
            sa.select(HOST_USER.c.user_id, HOST_USER.c.officer_category, HOST_USER.c.unit).where(
                bulk.one_of(self._c, HOST_USER.c.user_id, sorted(set(officers))),
                HOST_USER.c.deleted.is_(False),
                HOST_USER.c.officer_category.is_not(None),
            )
        )
        return {row.user_id: Profile(row.officer_category, row.unit) for row in rows}

    def count(self, changes: Sequence[CountChange]) -> None:
        # Each change moves its grid's row and each one above but the city's.
        # Sorted, so that two transactions moving counts of the same nodes take
        # the rows' locks in one order.
        moved: Counter[tuple[str, str, str]] = Counter()
        for change in changes:
            for node in counted_nodes(change.grid):
                moved[(node, change.month, change.kind.value)] += change.delta
        for (node, month, kind), delta in sorted(moved.items()):
            if delta:
                bulk.upsert(
                    self._c,
                    ACTIVITY_COUNT,
                    {"scope_node": node, "month": month, "kind": kind},
                    {"code_length": len(node), "activity_count": delta},
                    {"activity_count": ACTIVITY_COUNT.c.activity_count + delta},
                )

    def list(
        self,
        *,
        reach: Reach,
        user_id: str,
        filter: ActivityFilter,
        before: tuple[datetime, str] | None,
        limit: int,
    ) -> list[Activity]:
        statement, values = feed_sql.feed(
            reach=reach, user_id=user_id, filter=filter, before=before, limit=limit
        )
        return [_activity(row) for row in self._c.execute(statement, values).mappings()]

    def stats(self, *, reach: Reach, level_length: int, query: StatsQuery) -> Sequence[Count]:
        node = ACTIVITY_COUNT.c.scope_node
        select = (
            sa.select(
                node, ACTIVITY_COUNT.c.month, ACTIVITY_COUNT.c.kind, ACTIVITY_COUNT.c.activity_count
            )
            .where(
                in_reach(node, reach.nodes),
                ACTIVITY_COUNT.c.code_length == level_length,
                ACTIVITY_COUNT.c.activity_count != 0,
            )
            .order_by(node, ACTIVITY_COUNT.c.month, ACTIVITY_COUNT.c.kind)
        )
        if query.start_month is not None:
            select = select.where(ACTIVITY_COUNT.c.month >= query.start_month)
        if query.end_month is not None:
            select = select.where(ACTIVITY_COUNT.c.month <= query.end_month)
        if query.kind is not None:
            select = select.where(ACTIVITY_COUNT.c.kind == query.kind.value)
        return [
            Count(code, month, ActivityKind(kind), int(count))
            for code, month, kind, count in self._c.execute(select)
        ]
