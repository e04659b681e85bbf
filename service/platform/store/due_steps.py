"""The scheduler's due steps in the database (kernel/scheduler.py has the rules).

A series (one subject, one kind) is claimed by locking its first pending step
(a batch of series at a time, one series per subject):
on PostgreSQL with ``FOR UPDATE SKIP LOCKED``, so that replicas claim different
series and never wait for one another; on SQLite the transaction already holds
the single write lock. Whoever holds the first pending step of a series holds
the whole series until commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from service.kernel.ids import new_ids
from service.kernel.scheduler import DueStep, PlannedStep
from service.platform.store import bulk
from service.platform.store.bulk import one_of
from service.platform.store.database import as_utc
from service.platform.store.tables import DUE_STEP

_COLUMNS = (
    DUE_STEP.c.step_id,
    DUE_STEP.c.kind,
    DUE_STEP.c.subject,
    DUE_STEP.c.step,
    DUE_STEP.c.due_time,
)


def _step(row: Any) -> DueStep:
    return DueStep(row.step_id, row.kind, row.subject, row.step, as_utc(row.due_time))


class SqlDueSteps:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def schedule(self, steps: Sequence[PlannedStep], now: datetime) -> None:
        # A sweep plans the next reminder of thousands of tasks at once: in bulk.
        bulk.insert_rows(
            self._c,
            "due_step",
            ("step_id", "kind", "subject", "step", "due_time", "create_time"),
            [
                (step_id, step.kind, step.subject, step.step, step.due_time, now)
                for step_id, step in zip(new_ids(now, len(steps)), steps, strict=True)
            ],
        )

    def cancel(self, subject: str, kind: str, now: datetime) -> None:
        self._c.execute(
            sa.update(DUE_STEP)
            .where(
                DUE_STEP.c.subject == subject,
                DUE_STEP.c.kind == kind,
                DUE_STEP.c.done_time.is_(None),
            )
            .values(done_time=now, outcome="cancelled")
        )

    def claim_due(self, now: datetime, kinds: Sequence[str], limit: int) -> list[list[DueStep]]:
        earlier = DUE_STEP.alias("earlier")
        heads = (
            sa.select(DUE_STEP.c.subject, DUE_STEP.c.kind)
            .where(
                DUE_STEP.c.done_time.is_(None),
                DUE_STEP.c.due_time <= now,
                DUE_STEP.c.kind.in_(list(kinds)),
                ~sa.exists().where(
                    earlier.c.subject == DUE_STEP.c.subject,
                    earlier.c.kind == DUE_STEP.c.kind,
                    earlier.c.done_time.is_(None),
                    sa.tuple_(earlier.c.due_time, earlier.c.step_id)
                    < sa.tuple_(DUE_STEP.c.due_time, DUE_STEP.c.step_id),
                ),
            )
            .order_by(DUE_STEP.c.due_time, DUE_STEP.c.step_id)
            .limit(limit)
        )
        postgres = self._c.dialect.name == "postgresql"
        if postgres:
            heads = heads.with_for_update(skip_locked=True)
            # After a burst of planning the statistics lag (autovacuum has not
            # analysed it) and the planner sorts every due step to keep 500:
            # 90 ms a batch with 16,000 due, against 3 ms walking the pending
            # index in its order and stopping at the limit.
            self._c.exec_driver_sql("SET LOCAL enable_sort = off")
        claimed: list[tuple[str, str]] = []
        subjects: set[str] = set()
        for subject, kind in self._c.execute(heads):
            # One series per subject: a handler may cancel or plan steps of
            # its subject's other series, which must then be read afresh.
            if subject not in subjects:
                subjects.add(subject)
                claimed.append((subject, kind))
        if postgres:
            self._c.exec_driver_sql("SET LOCAL enable_sort TO DEFAULT")
        if not claimed:
            return []
        series: dict[tuple[str, str], list[DueStep]] = {key: [] for key in claimed}
        rows = self._c.execute(
            sa.select(*_COLUMNS)
            .where(
                one_of(self._c, DUE_STEP.c.subject, [subject for subject, _ in claimed]),
                DUE_STEP.c.kind.in_(sorted({kind for _, kind in claimed})),
                DUE_STEP.c.done_time.is_(None),
                DUE_STEP.c.due_time <= now,
            )
            .order_by(DUE_STEP.c.due_time, DUE_STEP.c.step_id)
        )
        for row in rows:
            key = (row.subject, row.kind)
            if key in series:
                series[key].append(_step(row))
        return [series[key] for key in claimed]

    def finish(
        self, claims: Sequence[tuple[Sequence[DueStep], DueStep]], *, now: datetime, made_by: str
    ) -> None:
        made = [step.step_id for _, step in claims]
        superseded = [s.step_id for due, step in claims for s in due if s.step_id != step.step_id]
        for ids, values in (
            (superseded, {"outcome": "superseded"}),
            (made, {"outcome": "made", "made_by": made_by}),
        ):
            if ids:
                self._c.execute(
                    sa.update(DUE_STEP)
                    .where(one_of(self._c, DUE_STEP.c.step_id, ids))
                    .values(done_time=now, **values)
                )

    def pending(self, now: datetime, kinds: Sequence[str]) -> list[DueStep]:
        rows = self._c.execute(
            sa.select(*_COLUMNS)
            .where(
                DUE_STEP.c.done_time.is_(None),
                DUE_STEP.c.due_time <= now,
                DUE_STEP.c.kind.in_(list(kinds)),
            )
            .order_by(DUE_STEP.c.due_time, DUE_STEP.c.step_id)
        )
        return [_step(row) for row in rows]
