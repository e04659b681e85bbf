"""What building a report needs: the ports of the capabilities it reads, and
its own store of the reports made and their files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from service.assignment.ports import UnitOfWork as AssignmentUnitOfWork
from service.compliance.ports import UnitOfWork as ComplianceUnitOfWork
from service.reports.rules import Record
from service.suggestions.ports import UnitOfWork as SuggestionUnitOfWork
from service.tasks.ports import UnitOfWork as TaskUnitOfWork


class ReportState(StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class FileFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"
    XLSX = "xlsx"


MEDIA_TYPES = {
    FileFormat.HTML: "text/html; charset=utf-8",
    FileFormat.PDF: "application/pdf",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Report:
    report_id: str
    parent: str  # `units/{unit}` or `scopeNodes/{code}`
    half: str  # e.g. 2026-H2
    state: ReportState
    requested_by: str
    create_time: datetime
    # Until when the replica building it holds it; past that, it was lost.
    lease_until: datetime
    done_time: datetime | None = None
    title: str = ""
    error: str = ""
    # Bytes of each file made.
    sizes: tuple[tuple[FileFormat, int], ...] = ()


class ReportRecords(Protocol):
    def insert(self, report: Report) -> None: ...
    def get(self, report_id: str) -> Report | None: ...
    def finish(
        self,
        report_id: str,
        *,
        title: str,
        files: dict[FileFormat, bytes],
        now: datetime,
    ) -> bool:
        """Stores the files and marks it succeeded; False when it is no longer running."""
        ...

    def fail(self, report_id: str, error: str, now: datetime) -> bool: ...
    def file(self, report_id: str, file_format: FileFormat) -> bytes | None: ...
    def list(self, *, requested_by: str, before: str, limit: int) -> Sequence[Report]:
        """The user's reports, newest first, with ids before ``before`` ("" from the start)."""
        ...

    def lost(self, now: datetime, limit: int) -> Sequence[Report]:
        """Running ones whose lease has passed."""
        ...


class RankingRecords(Protocol):
    """The records beyond activities that earn ranking points (七.4), of every
    officer, in [start, end)."""

    def tasks_on_time(self, start: datetime, end: datetime) -> Sequence[Record]: ...
    def suggestions_satisfied(self, start: datetime, end: datetime) -> Sequence[Record]: ...
    def check_ins_on_time(self, start: datetime, end: datetime) -> Sequence[Record]: ...


class UnitOfWork(
    ComplianceUnitOfWork, TaskUnitOfWork, SuggestionUnitOfWork, AssignmentUnitOfWork, Protocol
):
    @property
    def reports(self) -> ReportRecords: ...
    @property
    def ranking(self) -> RankingRecords: ...
