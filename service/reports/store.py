"""Reports and their files in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from service.platform.store.database import as_utc
from service.platform.store.tables import ASSIGNMENT, REPORT, REPORT_FILE, SUGGESTION, TASK
from service.reports.ports import FileFormat, Report, ReportState
from service.reports.rules import Earned, Record

# Read by the ranking as the tasks' and suggestions' stores write them.
_COMPLETED = "completed"
_SATISFIED = ("satisfied", "basically_satisfied")


def _report(row: Any, sizes: Sequence[tuple[FileFormat, int]] = ()) -> Report:
    return Report(
        row.report_id,
        row.parent,
        row.half,
        ReportState(row.state),
        row.requested_by,
        as_utc(row.create_time),
        as_utc(row.lease_until),
        None if row.done_time is None else as_utc(row.done_time),
        row.title,
        row.error,
        tuple(sizes),
    )


class SqlReports:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def insert(self, report: Report) -> None:
        self._c.execute(
            REPORT.insert().values(
                report_id=report.report_id,
                parent=report.parent,
                half=report.half,
                state=report.state.value,
                requested_by=report.requested_by,
                create_time=report.create_time,
                lease_until=report.lease_until,
                done_time=report.done_time,
                title=report.title,
                error=report.error,
            )
        )

    def get(self, report_id: str) -> Report | None:
        row = self._c.execute(sa.select(REPORT).where(REPORT.c.report_id == report_id)).first()
        if row is None:
            return None
        sizes = self._c.execute(
            sa.select(REPORT_FILE.c.file_format, REPORT_FILE.c.size_bytes)
            .where(REPORT_FILE.c.report_id == report_id)
            .order_by(REPORT_FILE.c.file_format)
        )
        return _report(row, [(FileFormat(f), int(n)) for f, n in sizes])

    def _settle(self, report_id: str, now: datetime, **values: Any) -> bool:
        done = self._c.execute(
            sa.update(REPORT)
            .where(REPORT.c.report_id == report_id, REPORT.c.state == ReportState.RUNNING.value)
            .values(done_time=now, **values)
            .returning(REPORT.c.report_id)
        ).first()
        return done is not None

    def finish(
        self, report_id: str, *, title: str, files: dict[FileFormat, bytes], now: datetime
    ) -> bool:
        if not self._settle(report_id, now, state=ReportState.SUCCEEDED.value, title=title):
            return False
        self._c.execute(
            REPORT_FILE.insert(),
            [
                {
                    "report_id": report_id,
                    "file_format": file_format.value,
                    "size_bytes": len(content),
                    "content": content,
                }
                for file_format, content in sorted(files.items())
            ],
        )
        return True

    def fail(self, report_id: str, error: str, now: datetime) -> bool:
        return self._settle(report_id, now, state=ReportState.FAILED.value, error=error)

    def file(self, report_id: str, file_format: FileFormat) -> bytes | None:
        found = self._c.execute(
            sa.select(REPORT_FILE.c.content).where(
                REPORT_FILE.c.report_id == report_id,
                REPORT_FILE.c.file_format == file_format.value,
            )
        ).scalar()
        return None if found is None else bytes(found)

    def list(self, *, requested_by: str, before: str, limit: int) -> Sequence[Report]:
        query = sa.select(REPORT).where(REPORT.c.requested_by == requested_by)
        if before:
            query = query.where(REPORT.c.report_id < before)
        rows = self._c.execute(query.order_by(REPORT.c.report_id.desc()).limit(limit))
        return [_report(row) for row in rows]

    def lost(self, now: datetime, limit: int) -> Sequence[Report]:
        rows = self._c.execute(
            sa.select(REPORT)
            .where(REPORT.c.state == ReportState.RUNNING.value, REPORT.c.lease_until < now)
            .order_by(REPORT.c.lease_until)
            .limit(limit)
        )
        return [_report(row) for row in rows]


class SqlRanking:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def tasks_on_time(self, start: datetime, end: datetime) -> Sequence[Record]:
        rows = self._c.execute(
            sa.select(TASK.c.task_id, TASK.c.assignee, TASK.c.complete_time, TASK.c.title).where(
                TASK.c.state == _COMPLETED,
                TASK.c.due_time >= start,
                TASK.c.due_time < end,
                TASK.c.complete_time <= TASK.c.due_time,
            )
        )
        return [
            Record(assignee, Earned.TASK_ON_TIME, f"tasks/{task_id}", as_utc(done), title)
            for task_id, assignee, done, title in rows
        ]

    def suggestions_satisfied(self, start: datetime, end: datetime) -> Sequence[Record]:
        rows = self._c.execute(
            sa.select(
                SUGGESTION.c.suggestion_id,
                SUGGESTION.c.submitter,
                SUGGESTION.c.close_time,
                SUGGESTION.c.title,
            ).where(
                SUGGESTION.c.satisfaction.in_(_SATISFIED),
                SUGGESTION.c.merged_into.is_(None),
                SUGGESTION.c.close_time >= start,
                SUGGESTION.c.close_time < end,
            )
        )
        return [
            Record(submitter, Earned.SUGGESTION_SATISFIED, f"suggestions/{sid}", as_utc(t), title)
            for sid, submitter, t, title in rows
        ]

    def check_ins_on_time(self, start: datetime, end: datetime) -> Sequence[Record]:
        rows = self._c.execute(
            sa.select(
                ASSIGNMENT.c.officer_id, ASSIGNMENT.c.grid_code, ASSIGNMENT.c.check_in_time
            ).where(
                ASSIGNMENT.c.check_in_time.is_not(None),
                ASSIGNMENT.c.check_in_time <= ASSIGNMENT.c.check_in_due_time,
                ASSIGNMENT.c.check_in_time >= start,
                ASSIGNMENT.c.check_in_time < end,
            )
        )
        return [
            Record(
                officer,
                Earned.CHECK_IN_ON_TIME,
                f"officers/{officer}/assignments/{grid}",
                as_utc(t),
                grid,
            )
            for officer, grid, t in rows
        ]
