"""ReportService and google.longrunning.Operations (AIP-151): a report is asked
for in one short transaction, made after it in this replica (figures in a read
transaction, files rendered off the event loop, stored in a write), and polled
as an operation. A replica that stops mid-way leaves its lease to the scheduler,
which marks the report failed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import TypeVar

import grpc
import structlog
from google.longrunning import operations_pb2, operations_pb2_grpc
from officer.v1 import report_service_pb2, report_service_pb2_grpc

from service.compliance import messages as compliance_messages
from service.compliance.figures import Settings
from service.kernel.access import Caller
from service.kernel.clock import Clock, system_clock
from service.kernel.errors import InvalidArgument, PermissionDenied
from service.kernel.ports import Transactions
from service.platform import handling, names, paging
from service.reports import messages, render, use_cases
from service.reports.figures import Ranking
from service.reports.ports import UnitOfWork
from service.reports.rules import RANKING_NOTE, HalfYear, Weights

pb = report_service_pb2
T = TypeVar("T")
_SERVICE = "/officer.v1.ReportService/"
CHUNK = 256 * 1024
log = structlog.get_logger(__name__)


class Builder:
    """Makes the reports this replica was asked for, one at a time (the
    rendering is CPU work on a 2-core machine), each in the background."""

    def __init__(
        self, transactions: Transactions[UnitOfWork], settings: Settings, clock: Clock
    ) -> None:
        self._transactions = transactions
        self._clock = clock
        self.settings = settings
        self._one_at_a_time = asyncio.Lock()
        self._running: set[asyncio.Task[None]] = set()

    def start(self, report_id: str) -> None:
        task = asyncio.create_task(self._make(report_id))
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _make(self, report_id: str) -> None:
        async with self._one_at_a_time:
            try:
                figures = await self._transactions.read(
                    lambda uow: use_cases.figures_of(
                        uow, report_id=report_id, settings=self.settings, now=self._clock()
                    )
                )
                files = await asyncio.to_thread(render.files, figures, self.settings.zone)
                await self._transactions.write(
                    lambda uow: use_cases.finish(
                        uow,
                        report_id=report_id,
                        title=figures.title,
                        files=files,
                        now=self._clock(),
                    )
                )
                log.info(
                    "report made",
                    report=report_id,
                    sizes={k.value: len(v) for k, v in files.items()},
                )
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning("report not made", report=report_id, exc_info=True)
                message = getattr(error, "message", None) or "the report could not be made"
                try:
                    await self._transactions.write(
                        lambda uow: use_cases.fail(
                            uow, report_id=report_id, error=message, now=self._clock()
                        )
                    )
                except Exception:
                    # The database is away too: the lease's step fails it later.
                    log.warning("report failure not recorded", report=report_id, exc_info=True)


def _by_position(page: paging.Page, rows: Sequence[T]) -> tuple[Sequence[tuple[int, T]], str]:
    """A page of rows computed afresh for each call, in a fixed order: the
    token holds the position reached."""
    after = int(page.after) if page.after.isdigit() else 0
    rest = list(enumerate(rows, start=1))[after : after + page.fetch]
    return page.cut(rest, lambda item: str(item[0]))


class ReportServicer(report_service_pb2_grpc.ReportServiceServicer):
    def __init__(
        self,
        transactions: Transactions[UnitOfWork],
        *,
        builder: Builder,
        weights: Weights,
        clock: Clock = system_clock,
    ) -> None:
        self._transactions = transactions
        self._builder = builder
        self._weights = weights
        self._mutate = handling.Mutations(transactions, clock, _SERVICE)

    async def CreateHalfYearReport(
        self, request: pb.CreateHalfYearReportRequest, context: grpc.aio.ServicerContext
    ) -> operations_pb2.Operation:
        parent = compliance_messages.parent(request.parent)
        half = HalfYear.parse(request.half_year, "half_year")
        use_cases.check_parent(parent)
        started: list[str] = []

        def change(uow: UnitOfWork, caller: Caller, now: datetime) -> operations_pb2.Operation:
            report = use_cases.start(uow, caller=caller, parent=parent, half=half, now=now)
            # A transaction retried runs this again: only the last attempt committed.
            started[:] = [report.report_id]
            return messages.operation(report)

        made = await self._mutate(request, "CreateHalfYearReport", operations_pb2.Operation, change)
        # A retry answered from the first call's record starts nothing.
        for report_id in started:
            self._builder.start(report_id)
        return made

    async def GetHalfYearReport(
        self, request: pb.GetHalfYearReportRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetHalfYearReportResponse:
        report_id = messages.report_id(request.name)
        found = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.readable(uow, caller=caller, report_id=report_id),
        )
        return pb.GetHalfYearReportResponse(half_year_report=messages.half_year_report(found))

    async def ReadReportFile(
        self, request: pb.ReadReportFileRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.ReadReportFileResponse]:
        report_id, file_format = messages.file_name(request.name)
        report, content = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.file(
                uow, caller=caller, report_id=report_id, file_format=file_format
            ),
        )
        described = messages.report_file(report.report_id, file_format, len(content))
        for offset in range(0, max(len(content), 1), CHUNK):
            chunk = pb.ReadReportFileResponse(data=content[offset : offset + CHUNK])
            if offset == 0:
                chunk.file.CopyFrom(described)
            yield chunk

    async def _ranking(self, parent: str, year: int) -> Ranking:
        node = names.parse(names.SCOPE_NODE, parent, "parent", "scopeNodes/{code}")
        if not 2000 <= year <= 2999:
            raise InvalidArgument.field("year", "must be a year, e.g. 2026")
        return await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.annual_ranking(
                uow,
                caller=caller,
                node=node,
                year=year,
                weights=self._weights,
                settings=self._builder.settings,
            ),
        )

    async def GetAnnualRanking(
        self, request: pb.GetAnnualRankingRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetAnnualRankingResponse:
        page = paging.Page.of(request, f"ranking|{request.parent}|{request.year}")
        ranking = await self._ranking(request.parent, request.year)
        shown, token = _by_position(page, ranking.entries)
        return pb.GetAnnualRankingResponse(
            weights=messages.weights(ranking.weights),
            entries=[messages.ranking_entry(rank, score) for _, (rank, score) in shown],
            next_page_token=token,
            officer_count=len(ranking.entries),
            note=RANKING_NOTE,
        )

    async def ListRankingRecords(
        self, request: pb.ListRankingRecordsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListRankingRecordsResponse:
        officer = names.parse(names.OFFICER, request.officer, "officer", "officers/{officer}")
        page = paging.Page.of(
            request, f"ranking-records|{request.parent}|{request.year}|{request.officer}"
        )
        ranking = await self._ranking(request.parent, request.year)
        scores = {score.officer_id: score for _, score in ranking.entries}
        if officer not in scores:
            raise PermissionDenied.outside_scope(request.officer)
        records = ranking.records.get(officer, ())
        shown, token = _by_position(page, records)
        return pb.ListRankingRecordsResponse(
            records=[messages.ranking_record(r, ranking.weights) for _, r in shown],
            next_page_token=token,
            score=scores[officer].score,
        )


class OperationsServicer(operations_pb2_grpc.OperationsServicer):  # type: ignore[misc]
    """GetOperation for the reports' operations; the other methods answer
    UNIMPLEMENTED (an operation ends by itself and is kept with its report)."""

    def __init__(self, transactions: Transactions[UnitOfWork]) -> None:
        self._transactions = transactions

    async def GetOperation(
        self, request: operations_pb2.GetOperationRequest, context: grpc.aio.ServicerContext
    ) -> operations_pb2.Operation:
        report_id = messages.operation_id(request.name)
        found = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.readable(uow, caller=caller, report_id=report_id),
        )
        return messages.operation(found)
