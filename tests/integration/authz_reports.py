"""The authorization matrix's cells for half-year reports: the target grid's
district. A report is read by whoever may make it; the city admin makes one
per district (once per world) for the cells that read, and waits until it is
made, so that a file can be read."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from google.longrunning import operations_pb2, operations_pb2_grpc
from officer.v1 import report_service_pb2, report_service_pb2_grpc

from tests.integration.authz_compliance import district_of
from tests.integration.bearer import auth

pb = report_service_pb2
NONEXISTENT_REPORT = "01J0000000000000000000000A"
_MADE: dict[tuple[int, str], str] = {}


def _stub(cell: Any) -> Any:
    return cell.stub(report_service_pb2_grpc.ReportServiceStub)


def _made(cell: Any) -> str:
    """The id of a report of the target's district, made by the city admin."""
    if cell.relation == "nonexistent":
        return NONEXISTENT_REPORT
    key = (cell.world.port, cell.grid[:6])
    if key not in _MADE:
        admin = auth(cell.world.actors["city_admin"])
        started = _stub(cell).CreateHalfYearReport(
            pb.CreateHalfYearReportRequest(parent=district_of(cell), half_year="2026-H2"),
            metadata=admin,
        )
        operations = cell.stub(operations_pb2_grpc.OperationsStub)
        for _ in range(1200):  # a bound on polls: it is made in the background
            found = operations.GetOperation(
                operations_pb2.GetOperationRequest(name=started.name), metadata=admin
            )
            if found.done:
                break
            time.sleep(0.1)
        _MADE[key] = started.name.removeprefix("operations/")
    return _MADE[key]


def calls() -> dict[str, Callable[[Any], bool]]:
    return {
        "CreateHalfYearReport": lambda c: bool(
            _stub(c)
            .CreateHalfYearReport(
                pb.CreateHalfYearReportRequest(parent=district_of(c), half_year="2026-H2"),
                metadata=c.metadata,
            )
            .name
        ),
        "GetHalfYearReport": lambda c: (
            _stub(c)
            .GetHalfYearReport(
                pb.GetHalfYearReportRequest(name=f"halfYearReports/{_made(c)}"), metadata=c.metadata
            )
            .half_year_report.parent
            == district_of(c)
        ),
        "ReadReportFile": lambda c: any(
            chunk.data
            for chunk in _stub(c).ReadReportFile(
                pb.ReadReportFileRequest(name=f"halfYearReports/{_made(c)}/files/xlsx"),
                metadata=c.metadata,
            )
        ),
        # Reached: the target officer is ranked among the district's.
        "GetAnnualRanking": lambda c: (
            f"officers/{c.officer}"
            in [
                e.officer
                for e in _stub(c)
                .GetAnnualRanking(
                    pb.GetAnnualRankingRequest(parent=district_of(c), year=2026, page_size=1000),
                    metadata=c.metadata,
                )
                .entries
            ]
        ),
        "ListRankingRecords": lambda c: (
            _stub(c)
            .ListRankingRecords(
                pb.ListRankingRecordsRequest(
                    parent=district_of(c), year=2026, officer=f"officers/{c.officer}"
                ),
                metadata=c.metadata,
            )
            .score
            >= 0
        ),
        "GetOperation": lambda c: bool(
            c.stub(operations_pb2_grpc.OperationsStub)
            .GetOperation(
                operations_pb2.GetOperationRequest(name=f"operations/{_made(c)}"),
                metadata=c.metadata,
            )
            .done
        ),
    }


def ranking_records_by_parent(cell: Any, parent: str) -> Any:
    return _stub(cell).ListRankingRecords(
        pb.ListRankingRecordsRequest(parent=parent, year=2026, officer=f"officers/{cell.officer}"),
        metadata=cell.metadata,
    )
