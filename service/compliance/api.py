"""ComplianceService: parse each request, run one use case, map the result."""

from __future__ import annotations

import grpc
from officer.v1 import compliance_service_pb2, compliance_service_pb2_grpc

from service.compliance import messages, use_cases
from service.compliance.figures import Settings
from service.compliance.ports import UnitOfWork
from service.compliance.rules import Month, Standing
from service.kernel.clock import Clock, system_clock
from service.kernel.ports import Transactions
from service.platform import handling, names, paging

pb = compliance_service_pb2
_SERVICE = "/officer.v1.ComplianceService/"


def _month(text: str, field: str = "month") -> Month:
    return Month.parse(text, field)


def _officer(name: str, field: str = "parent") -> str:
    return names.parse(names.OFFICER, name, field, "officers/{officer}")


class ComplianceServicer(compliance_service_pb2_grpc.ComplianceServiceServicer):
    def __init__(
        self,
        transactions: Transactions[UnitOfWork],
        *,
        settings: Settings,
        clock: Clock = system_clock,
    ) -> None:
        self._transactions = transactions
        self._settings = settings
        self._clock = clock
        self._mutate = handling.Mutations(transactions, clock, _SERVICE)

    async def GetActivityCompliance(
        self, request: pb.GetActivityComplianceRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetActivityComplianceResponse:
        parent = messages.parent(request.parent)
        month = _month(request.month)
        found = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.monthly(
                uow, caller=caller, parent=parent, months=[month], settings=self._settings
            ),
        )
        counts = found.counts()
        return pb.GetActivityComplianceResponse(
            parent=request.parent,
            month=str(month),
            floor=self._settings.floor,
            officer_count=counts.officers,
            met_count=counts.met,
            short_count=counts.short,
            excused_count=counts.excused,
            compliance=messages.share(counts.rate),
            activity_count=sum(found.by_kind.values()),
        )

    async def ListActivityShortfalls(
        self, request: pb.ListActivityShortfallsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListActivityShortfallsResponse:
        parent = messages.parent(request.parent)
        month = _month(request.month)
        page = paging.Page.of(request, f"shortfalls|{request.parent}|{month}")
        found = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.monthly(
                uow, caller=caller, parent=parent, months=[month], settings=self._settings
            ),
        )
        short = [
            line
            for line in found.officers
            if line.standing is Standing.SHORT and line.member.officer_id > page.after
        ]
        shown, token = page.cut(short[: page.fetch], lambda line: line.member.officer_id)
        return pb.ListActivityShortfallsResponse(
            shortfalls=[
                pb.ActivityShortfall(
                    officer=f"officers/{line.member.officer_id}",
                    display_name=line.member.display_name,
                    unit=f"units/{line.member.unit}" if line.member.unit else "",
                    category=line.member.category,
                    activity_count=line.count,
                    floor=self._settings.floor,
                    grids=[f"grids/{grid}" for grid in line.member.grids],
                )
                for line in shown
            ],
            next_page_token=token,
        )

    async def CreateExcusedMonth(
        self, request: pb.CreateExcusedMonthRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateExcusedMonthResponse:
        officer_id = _officer(request.parent)
        month = _month(request.excused_month_id, "excused_month_id")
        reason = request.excused_month.reason
        return await self._mutate(
            request,
            "CreateExcusedMonth",
            pb.CreateExcusedMonthResponse,
            lambda uow, caller, now: pb.CreateExcusedMonthResponse(
                excused_month=messages.excused_month(
                    use_cases.excuse(
                        uow,
                        caller=caller,
                        officer_id=officer_id,
                        month=month,
                        reason=reason,
                        now=now,
                    )
                )
            ),
        )

    async def DeleteExcusedMonth(
        self, request: pb.DeleteExcusedMonthRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteExcusedMonthResponse:
        form = "officers/{officer}/excusedMonths/{YYYY-MM}"
        officer_id = names.parse(names.EXCUSED_MONTH, request.name, "name", form)
        month = _month(request.name.rsplit("/", 1)[-1], "name")
        return await self._mutate(
            request,
            "DeleteExcusedMonth",
            pb.DeleteExcusedMonthResponse,
            lambda uow, caller, now: pb.DeleteExcusedMonthResponse(
                excused_month=messages.excused_month(
                    use_cases.withdraw_excuse(
                        uow, caller=caller, officer_id=officer_id, month=month
                    )
                )
            ),
        )

    async def ListExcusedMonths(
        self, request: pb.ListExcusedMonthsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListExcusedMonthsResponse:
        officer_id = _officer(request.parent)
        page = paging.Page.of(request, f"excused|{request.parent}")
        found = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.excuses(uow, caller=caller, officer_id=officer_id),
        )
        # Newest month first: the next page holds the months before the token's.
        rest = [e for e in found if not page.after or e.month < page.after]
        shown, token = page.cut(rest[: page.fetch], lambda e: e.month)
        return pb.ListExcusedMonthsResponse(
            excused_months=[messages.excused_month(e) for e in shown], next_page_token=token
        )

    async def GetParticipation(
        self, request: pb.GetParticipationRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetParticipationResponse:
        parent = messages.parent(request.parent)
        found = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.participation(uow, caller=caller, parent=parent),
        )
        return messages.participation(found, request.parent)

    async def GetCoverage(
        self, request: pb.GetCoverageRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetCoverageResponse:
        node = names.parse(names.SCOPE_NODE, request.parent, "parent", "scopeNodes/{code}")
        now = self._clock()
        found = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.coverage(uow, caller=caller, node=node, now=now),
        )
        return messages.coverage(found, request.parent)
