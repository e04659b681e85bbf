"""officer.v1 report messages and the google.longrunning operation of each."""

from __future__ import annotations

from google.longrunning import operations_pb2
from google.rpc import code_pb2, status_pb2
from officer.v1 import report_service_pb2 as pb

from service.kernel.errors import FieldViolation, InvalidArgument
from service.platform import wire
from service.reports.ports import MEDIA_TYPES, FileFormat, Report, ReportState
from service.reports.rules import Earned, OfficerScore, Record, Weights

_STATES = {
    ReportState.RUNNING: pb.REPORT_STATE_RUNNING,
    ReportState.SUCCEEDED: pb.REPORT_STATE_SUCCEEDED,
    ReportState.FAILED: pb.REPORT_STATE_FAILED,
}


def report_file(report_id: str, file_format: FileFormat, size: int) -> pb.ReportFile:
    return pb.ReportFile(
        name=f"halfYearReports/{report_id}/files/{file_format.value}",
        media_type=MEDIA_TYPES[file_format],
        size_bytes=size,
    )


def half_year_report(report: Report) -> pb.HalfYearReport:
    found = pb.HalfYearReport(
        name=f"halfYearReports/{report.report_id}",
        parent=report.parent,
        half_year=report.half,
        state=_STATES[report.state],
        title=report.title,
        files=[report_file(report.report_id, f, size) for f, size in report.sizes],
        error=report.error,
        requested_by=f"users/{report.requested_by}",
        create_time=wire.timestamp(report.create_time),
    )
    if report.done_time is not None:
        found.done_time.CopyFrom(wire.timestamp(report.done_time))
    return found


def operation(report: Report) -> operations_pb2.Operation:
    """AIP-151: done once made or failed; the report is the response."""
    found = operations_pb2.Operation(
        name=f"operations/{report.report_id}", done=report.state is not ReportState.RUNNING
    )
    found.metadata.Pack(
        pb.HalfYearReportMetadata(
            report=f"halfYearReports/{report.report_id}",
            state=_STATES[report.state],
            create_time=wire.timestamp(report.create_time),
        )
    )
    if report.state is ReportState.SUCCEEDED:
        found.response.Pack(half_year_report(report))
    elif report.state is ReportState.FAILED:
        found.error.CopyFrom(status_pb2.Status(code=code_pb2.UNAVAILABLE, message=report.error))
    return found


def _id(name: str, prefix: str, field: str) -> str:
    found = name.removeprefix(prefix)
    if not name.startswith(prefix) or len(found) != 26 or not found.isalnum():
        raise InvalidArgument([FieldViolation(field, f"must look like {prefix}{{id}}")])
    return found


def report_id(name: str) -> str:
    return _id(name, "halfYearReports/", "name")


def operation_id(name: str) -> str:
    return _id(name, "operations/", "name")


def file_name(name: str) -> tuple[str, FileFormat]:
    head, _, tail = name.rpartition("/files/")
    formats = {f.value: f for f in FileFormat}
    if tail not in formats:
        raise InvalidArgument(
            [FieldViolation("name", "must look like halfYearReports/{id}/files/{html|pdf|xlsx}")]
        )
    return report_id(head), formats[tail]


_EARNED = {
    Earned.ACTIVITY: pb.RANKING_EARNED_ACTIVITY,
    Earned.KIND: pb.RANKING_EARNED_KIND,
    Earned.TASK_ON_TIME: pb.RANKING_EARNED_TASK_ON_TIME,
    Earned.SUGGESTION_SATISFIED: pb.RANKING_EARNED_SUGGESTION_SATISFIED,
    Earned.CHECK_IN_ON_TIME: pb.RANKING_EARNED_CHECK_IN_ON_TIME,
}


def weights(found: Weights) -> pb.RankingWeights:
    return pb.RankingWeights(**{earned.value: found.of(earned) for earned in Earned})


def ranking_entry(rank: int, score: OfficerScore) -> pb.RankingEntry:
    return pb.RankingEntry(
        rank=rank,
        officer=f"officers/{score.officer_id}",
        display_name=score.display_name,
        unit=f"units/{score.unit}" if score.unit else "",
        score=score.score,
        components=[
            pb.ScoreComponent(earned=_EARNED[e], count=score.counts[e], points=score.points[e])
            for e in Earned
        ],
        months_met=score.months_met,
        activity_count=score.activities,
    )


def ranking_record(record: Record, found: Weights) -> pb.RankingRecord:
    return pb.RankingRecord(
        earned=_EARNED[record.earned],
        record=record.ref,
        time=wire.timestamp(record.time),
        note=record.note,
        points=found.of(record.earned),
    )
