"""AssignmentService: parse each request, run one use case, map the result."""

from __future__ import annotations

from typing import Any, TypeVar

import grpc
from google.protobuf.message import Message
from officer.v1 import assignment_service_pb2, assignment_service_pb2_grpc

from service.assignment import rules, use_cases
from service.assignment.ports import AssignmentView, ChangeView, UnitOfWork
from service.kernel.access import Caller
from service.kernel.clock import Clock, system_clock
from service.kernel.errors import InvalidArgument
from service.kernel.ports import Transactions
from service.platform import handling, names, paging, wire

R = TypeVar("R", bound=Message)
_SERVICE = "/officer.v1.AssignmentService/"


def _assignment(view: AssignmentView) -> assignment_service_pb2.Assignment:
    return assignment_service_pb2.Assignment(
        name=f"officers/{view.officer_id}/assignments/{view.grid_code}",
        officer=f"officers/{view.officer_id}",
        grid=f"grids/{view.grid_code}",
        create_time=wire.timestamp(view.create_time),
        assigned_by=f"users/{view.assigned_by}",
        check_in_due_time=wire.timestamp(view.check_in_due_time),
        check_in_time=wire.timestamp(view.check_in_time) if view.check_in_time else None,
        check_in_note=view.check_in_note,
        check_in_confirmed_by=f"users/{view.confirmed_by}" if view.confirmed_by else "",
        check_in_confirm_time=wire.timestamp(view.confirm_time) if view.confirm_time else None,
    )


def _assignment_key(name: str) -> tuple[str, str]:
    match = names.ASSIGNMENT.match(name)
    if match is None:
        raise InvalidArgument.field("name", "must look like officers/{officer}/assignments/{grid}")
    return match.group(1), match.group(2)


def _counts(unit: str | None, counts: rules.CheckInCounts) -> assignment_service_pb2.UnitCheckIns:
    return assignment_service_pb2.UnitCheckIns(
        unit=f"units/{unit}" if unit else "",
        owed=counts.owed,
        on_time=counts.on_time,
        late=counts.late,
        overdue=counts.overdue,
        pending=counts.pending,
        confirmed=counts.confirmed,
    )


def _change(view: ChangeView) -> assignment_service_pb2.AssignmentChange:
    return assignment_service_pb2.AssignmentChange(
        name=f"assignmentChanges/{view.change_id}",
        officer=f"officers/{view.officer_id}",
        grids_before=[f"grids/{code}" for code in view.before],
        grids_after=[f"grids/{code}" for code in view.after],
        reason=view.reason,
        changed_by=f"users/{view.changed_by}",
        proposal=f"proposals/{view.proposal_id}" if view.proposal_id else "",
        create_time=wire.timestamp(view.create_time),
    )


def _grid_codes(grid_names: list[str]) -> list[str]:
    return [
        names.parse(names.GRID, name, f"grids[{index}]", "grids/{15-digit code}")
        for index, name in enumerate(grid_names)
    ]


def _officer_or_node(parent: str) -> tuple[str | None, str | None]:
    """(officer id, None) for officers/{o}; (None, code) for a node; (None, None) for ""."""
    if not parent:
        return None, None
    match = names.OFFICER.match(parent)
    if match is not None:
        return match.group(1), None
    match = names.SCOPE_NODE.match(parent) or names.GRID.match(parent)
    if match is not None:
        return None, match.group(1)
    raise InvalidArgument.field("parent", "must be officers/{o}, scopeNodes/{code} or grids/{code}")


class AssignmentServicer(assignment_service_pb2_grpc.AssignmentServiceServicer):
    def __init__(self, transactions: Transactions[UnitOfWork], clock: Clock = system_clock) -> None:
        self._transactions = transactions
        self._clock = clock

    async def AssignOfficer(
        self,
        request: assignment_service_pb2.AssignOfficerRequest,
        context: grpc.aio.ServicerContext,
    ) -> assignment_service_pb2.AssignOfficerResponse:
        return await self._change(
            request, "AssignOfficer", rules.assign, assignment_service_pb2.AssignOfficerResponse
        )

    async def UnassignOfficer(
        self,
        request: assignment_service_pb2.UnassignOfficerRequest,
        context: grpc.aio.ServicerContext,
    ) -> assignment_service_pb2.UnassignOfficerResponse:
        return await self._change(
            request,
            "UnassignOfficer",
            rules.unassign,
            assignment_service_pb2.UnassignOfficerResponse,
        )

    async def _change(
        self, request: Any, method: str, plan: use_cases.Plan, response_type: type[R]
    ) -> R:
        officer_id = names.parse(names.OFFICER, request.officer, "officer", "officers/{officer}")
        grids = _grid_codes(list(request.grids))
        rules.check_request(grids, request.reason)
        now = self._clock()

        def change(uow: UnitOfWork, caller: Caller) -> R:
            changed = use_cases.change(
                uow,
                caller=caller,
                officer_id=officer_id,
                officer_name=request.officer,
                grids=grids,
                reason=request.reason,
                plan=plan,
                now=now,
            )
            response: Any = response_type(
                assignments=[_assignment(view) for view in changed.assignments]
            )
            if changed.change is not None:
                response.change.CopyFrom(_change(changed.change))
            result: R = response
            return result

        return await handling.mutation(
            self._transactions,
            method=f"{_SERVICE}{method}",
            request=request,
            response_type=response_type,
            now=now,
            change=change,
        )

    async def CheckInAssignment(
        self,
        request: assignment_service_pb2.CheckInAssignmentRequest,
        context: grpc.aio.ServicerContext,
    ) -> assignment_service_pb2.CheckInAssignmentResponse:
        officer_id, grid = _assignment_key(request.name)
        at = wire.optional_time(request, "check_in_time", "check_in_time")
        return await handling.clocked_mutation(
            self._transactions,
            self._clock,
            method=f"{_SERVICE}CheckInAssignment",
            request=request,
            response_type=assignment_service_pb2.CheckInAssignmentResponse,
            change=lambda uow, caller, now: assignment_service_pb2.CheckInAssignmentResponse(
                assignment=_assignment(
                    use_cases.check_in(
                        uow,
                        caller=caller,
                        officer_id=officer_id,
                        grid=grid,
                        at=at,
                        note=request.note,
                        now=now,
                    )
                )
            ),
        )

    async def ConfirmCheckIn(
        self,
        request: assignment_service_pb2.ConfirmCheckInRequest,
        context: grpc.aio.ServicerContext,
    ) -> assignment_service_pb2.ConfirmCheckInResponse:
        officer_id, grid = _assignment_key(request.name)
        return await handling.clocked_mutation(
            self._transactions,
            self._clock,
            method=f"{_SERVICE}ConfirmCheckIn",
            request=request,
            response_type=assignment_service_pb2.ConfirmCheckInResponse,
            change=lambda uow, caller, now: assignment_service_pb2.ConfirmCheckInResponse(
                assignment=_assignment(
                    use_cases.confirm_check_in(
                        uow, caller=caller, officer_id=officer_id, grid=grid, now=now
                    )
                )
            ),
        )

    async def GetCheckInStats(
        self,
        request: assignment_service_pb2.GetCheckInStatsRequest,
        context: grpc.aio.ServicerContext,
    ) -> assignment_service_pb2.GetCheckInStatsResponse:
        under = names.parse(names.SCOPE_NODE, request.parent, "parent", "scopeNodes/{code}")
        now = self._clock()
        found = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.check_in_stats(uow, caller=caller, under=under, now=now),
        )
        total = sum(found.values(), rules.CheckInCounts())
        return assignment_service_pb2.GetCheckInStatsResponse(
            units=[_counts(unit, found[unit]) for unit in sorted(found, key=lambda u: u or "")],
            total=_counts(None, total),
        )

    async def ListAssignments(
        self,
        request: assignment_service_pb2.ListAssignmentsRequest,
        context: grpc.aio.ServicerContext,
    ) -> assignment_service_pb2.ListAssignmentsResponse:
        officer_id, under = _officer_or_node(request.parent)
        page = paging.Page.of(request, f"assignments|{request.parent}|{request.check_in_overdue}")
        officer_after, _, grid_after = page.after.partition("|")
        now = self._clock()
        views = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.list_assignments(
                uow,
                caller=caller,
                officer_id=officer_id,
                under=under,
                parent_name=request.parent,
                overdue_at=now if request.check_in_overdue else None,
                after=(officer_after, grid_after),
                limit=page.fetch,
            ),
        )
        shown, token = page.cut(views, lambda view: f"{view.officer_id}|{view.grid_code}")
        return assignment_service_pb2.ListAssignmentsResponse(
            assignments=[_assignment(view) for view in shown], next_page_token=token
        )

    async def ListAssignmentChanges(
        self,
        request: assignment_service_pb2.ListAssignmentChangesRequest,
        context: grpc.aio.ServicerContext,
    ) -> assignment_service_pb2.ListAssignmentChangesResponse:
        officer_id, under = _officer_or_node(request.parent)
        start = wire.optional_time(request, "start_time", "start_time")
        end = wire.optional_time(request, "end_time", "end_time")
        page = paging.Page.of(request, f"changes|{request.parent}|{start}|{end}")
        before = paging.time_and_id(page.after) if page.after else None
        views = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.list_changes(
                uow,
                caller=caller,
                officer_id=officer_id,
                under=under,
                parent_name=request.parent,
                start=start,
                end=end,
                before=before,
                limit=page.fetch,
            ),
        )
        shown, token = page.cut(
            views, lambda view: paging.time_and_id_key(view.create_time, view.change_id)
        )
        return assignment_service_pb2.ListAssignmentChangesResponse(
            assignment_changes=[_change(view) for view in shown], next_page_token=token
        )
