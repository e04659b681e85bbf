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
from sqlalchemy.sql.selectable import NamedFromClause

from service.kernel.ids import new_ids
from service.kernel.scheduler import DueStep, PlannedStep
from service.platform.store import bulk
from service.platform.store.bulk import one_of
from service.platform.store.database import as_utc, plans_without
from service.platform.store.tables import DUE_STEP

_COLUMNS = (
    DUE_STEP.c.step_id,
    DUE_STEP.c.kind,
    DUE_STEP.c.subject,
    DUE_STEP.c.step,
    DUE_STEP.c.due_time,
)


def _step(row: Any) -> DueStep:
    # By position (the order of _COLUMNS): a Row's attribute costs ten times more.
    return DueStep(row[0], row[1], row[2], row[3], as_utc(row[4]))


def _pending_of_series(other: NamedFromClause) -> sa.ColumnElement[bool]:
    """``other`` is a pending step of the same series as the outer row."""
    return sa.and_(
        other.c.subject == DUE_STEP.c.subject,
        other.c.kind == DUE_STEP.c.kind,
        other.c.done_time.is_(None),
    )


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
        later = DUE_STEP.alias("later")
        heads = (
            sa.select(
                *_COLUMNS,
                # Whether more of the series is due: mostly not, and then the
                # head is the whole claim and the series needs no second read.
                sa.exists()
                .where(
                    _pending_of_series(later),
                    later.c.due_time <= now,
                    later.c.step_id != DUE_STEP.c.step_id,
                )
                .label("more_due"),
            )
            .where(
                DUE_STEP.c.done_time.is_(None),
                DUE_STEP.c.due_time <= now,
                DUE_STEP.c.kind.in_(list(kinds)),
                ~sa.exists().where(
                    _pending_of_series(earlier),
                    sa.tuple_(earlier.c.due_time, earlier.c.step_id)
                    < sa.tuple_(DUE_STEP.c.due_time, DUE_STEP.c.step_id),
                ),
            )
            .order_by(DUE_STEP.c.due_time, DUE_STEP.c.step_id)
            .limit(limit)
        )
        if self._c.dialect.name == "postgresql":
            heads = heads.with_for_update(skip_locked=True, of=DUE_STEP)
        series: dict[tuple[str, str], list[DueStep]] = {}
        subjects: set[str] = set()
        longer: list[tuple[str, str]] = []
        # Walking the pending index in its order and stopping at the limit: 3 ms
        # a batch with 16,000 due, against 90 ms sorting every due step.
        with plans_without(self._c, "sort"):
            for row in self._c.execute(heads):
                # One series per subject: a handler may cancel or plan steps of
                # its subject's other series, which must then be read afresh.
                if row[2] in subjects:
                    continue
                subjects.add(row[2])
                series[(row[2], row[1])] = [_step(row)]
                if row[5]:
                    longer.append((row[2], row[1]))
        if longer:
            self._read_rest(series, longer, now)
        return list(series.values())

    def _read_rest(
        self,
        series: dict[tuple[str, str], list[DueStep]],
        longer: Sequence[tuple[str, str]],
        now: datetime,
    ) -> None:
        """The due steps after the head of each of the ``longer`` series."""
        rows = self._c.execute(
            sa.select(*_COLUMNS)
            .where(
                one_of(self._c, DUE_STEP.c.subject, [subject for subject, _ in longer]),
                DUE_STEP.c.kind.in_(sorted({kind for _, kind in longer})),
                DUE_STEP.c.done_time.is_(None),
                DUE_STEP.c.due_time <= now,
            )
            .order_by(DUE_STEP.c.due_time, DUE_STEP.c.step_id)
        )
        wanted = set(longer)
        for row in rows:
            key = (row[2], row[1])
            if key in wanted and row[0] != series[key][0].step_id:
                series[key].append(_step(row))

    def finish(
        self, claims: Sequence[tuple[Sequence[DueStep], DueStep]], *, now: datetime, made_by: str
    ) -> None:
        made = [step.step_id for _, step in claims]
        superseded = [s.step_id for due, step in claims for s in due if s.step_id != step.step_id]
        # A few hundred rows by primary key, in a table the burst has just grown.
        with plans_without(self._c, "seqscan"):
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
