"""AssignmentService: assign officers to grids and unassign them, with history.

A change needs ``assignment.manage`` over every grid it names; reading needs
``registry.read`` over the grids read. Each change commits, in one transaction,
the new assignments, the history row and (with a ``request_id``) the response,
so that a retried request gets the same answer and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import grpc
from google.protobuf import timestamp_pb2
from google.protobuf.message import Message
from officer.v1 import assignment_service_pb2, assignment_service_pb2_grpc

from service.api import idempotency, paging
from service.api.registry_servicers import (
    GRID_NAME,
    OFFICER_NAME,
    SCOPE_NODE_NAME,
    StoreAccess,
    caller_of,
    denied,
    parse_name,
    reach_beneath,
    timestamp,
)
from service.domain import assignments as rules
from service.domain.access import Permission
from service.domain.errors import InvalidArgument
from service.store import assignments, registry_reads
from service.store.assignments import AssignmentView, ChangeView

R = TypeVar("R", bound=Message)


def _assignment(view: AssignmentView) -> assignment_service_pb2.Assignment:
    return assignment_service_pb2.Assignment(
        name=f"officers/{view.officer_id}/assignments/{view.grid_code}",
        officer=f"officers/{view.officer_id}",
        grid=f"grids/{view.grid_code}",
        create_time=timestamp(view.create_time),
        assigned_by=f"users/{view.assigned_by}",
        check_in_due_time=timestamp(view.check_in_due_time),
        check_in_time=timestamp(view.check_in_time) if view.check_in_time else None,
    )


def _change(view: ChangeView) -> assignment_service_pb2.AssignmentChange:
    return assignment_service_pb2.AssignmentChange(
        name=f"assignmentChanges/{view.change_id}",
        officer=f"officers/{view.officer_id}",
        grids_before=[f"grids/{code}" for code in view.before],
        grids_after=[f"grids/{code}" for code in view.after],
        reason=view.reason,
        changed_by=f"users/{view.changed_by}",
        create_time=timestamp(view.create_time),
    )


def _grid_codes(names: list[str]) -> list[str]:
    codes = []
    for index, name in enumerate(names):
        match = GRID_NAME.match(name)
        if match is None:
            raise InvalidArgument.field(f"grids[{index}]", "must look like grids/{15-digit code}")
        codes.append(match.group(1))
    return codes


class AssignmentServicer(assignment_service_pb2_grpc.AssignmentServiceServicer):
    def __init__(self, store: StoreAccess, clock: Callable[[], datetime] | None = None) -> None:
        self._store = store
        self._clock = clock or (lambda: datetime.now(UTC))

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
        self,
        request: Any,
        method: str,
        plan: Callable[[list[str], list[str]], tuple[str, ...]],
        response_type: type[R],
    ) -> R:
        officer_id = parse_name(OFFICER_NAME, request.officer, "officer", "officers/{officer}")
        grids = _grid_codes(list(request.grids))
        rules.check_request(grids, request.reason)
        request_id = idempotency.checked_request_id(request.request_id)
        caller = await caller_of(self._store)
        reach = caller.reach(Permission.ASSIGNMENT_MANAGE)
        for grid in grids:
            if not reach.covers_node(grid):
                raise denied(f"grids/{grid}")
        now = self._clock()
        full_method = f"/officer.v1.AssignmentService/{method}"

        key = idempotency.RequestKey(caller.user_id, full_method, request_id)

        def change(connection: Any) -> R:
            first = idempotency.replay(connection, key, request, response_type)
            if first is not None:
                return first
            if not assignments.lock_officer(connection, officer_id):
                raise denied(request.officer)
            for grid in grids:
                node = registry_reads.get_node(connection, grid)
                if node is None or node.level != "grid":
                    raise denied(f"grids/{grid}")
            before = [view.grid_code for view in assignments.current(connection, officer_id)]
            after = plan(before, grids)
            response: Any = response_type()
            if tuple(before) != after:
                change_id = assignments.apply_change(
                    connection,
                    rules.AssignmentChange(
                        officer_id, tuple(before), after, request.reason, caller.user_id, now
                    ),
                )
                response.change.CopyFrom(_change(assignments.get_change(connection, change_id)))
            response.assignments.extend(
                _assignment(view) for view in assignments.current(connection, officer_id)
            )
            idempotency.remember(connection, key, request, response, now)
            result: R = response
            return result

        return await self._store.write(change)

    async def ListAssignments(
        self,
        request: assignment_service_pb2.ListAssignmentsRequest,
        context: grpc.aio.ServicerContext,
    ) -> assignment_service_pb2.ListAssignmentsResponse:
        officer_id, under = _officer_or_node(request.parent)
        size = paging.page_size(request.page_size)
        filter_key = f"assignments|{request.parent}|{request.check_in_overdue}"
        after = paging.decode_token(request.page_token, filter_key)
        reach = await reach_beneath(self._store, under, request.parent)
        officer_after, _, grid_after = after.partition("|")
        now = self._clock()
        views = await self._store.read(
            lambda connection: assignments.list_assignments(
                connection,
                reach=reach,
                officer_id=officer_id,
                overdue_at=now if request.check_in_overdue else None,
                after=(officer_after, grid_after),
                limit=size + 1,
            )
        )
        page, more = views[:size], len(views) > size
        token = f"{page[-1].officer_id}|{page[-1].grid_code}" if more else ""
        return assignment_service_pb2.ListAssignmentsResponse(
            assignments=[_assignment(view) for view in page],
            next_page_token=paging.encode_token(token, filter_key) if more else "",
        )

    async def ListAssignmentChanges(
        self,
        request: assignment_service_pb2.ListAssignmentChangesRequest,
        context: grpc.aio.ServicerContext,
    ) -> assignment_service_pb2.ListAssignmentChangesResponse:
        officer_id, under = _officer_or_node(request.parent)
        start = request.start_time.ToDatetime(UTC) if request.HasField("start_time") else None
        end = request.end_time.ToDatetime(UTC) if request.HasField("end_time") else None
        size = paging.page_size(request.page_size)
        filter_key = f"changes|{request.parent}|{start}|{end}"
        after = paging.decode_token(request.page_token, filter_key)
        reach = await reach_beneath(self._store, under, request.parent)
        before = _decode_position(after) if after else None
        views = await self._store.read(
            lambda connection: assignments.list_changes(
                connection,
                reach=reach,
                officer_id=officer_id,
                start=start,
                end=end,
                before=before,
                limit=size + 1,
            )
        )
        page, more = views[:size], len(views) > size
        return assignment_service_pb2.ListAssignmentChangesResponse(
            assignment_changes=[_change(view) for view in page],
            next_page_token=paging.encode_token(_encode_position(page[-1]), filter_key)
            if more
            else "",
        )


def _officer_or_node(parent: str) -> tuple[str | None, str | None]:
    if not parent:
        return None, None
    for pattern, is_officer in ((OFFICER_NAME, True), (SCOPE_NODE_NAME, False), (GRID_NAME, False)):
        match = pattern.match(parent)
        if match is not None:
            return (match.group(1), None) if is_officer else (None, match.group(1))
    raise InvalidArgument.field("parent", "must be officers/{o}, scopeNodes/{code} or grids/{code}")


def _encode_position(view: ChangeView) -> str:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(view.create_time)
    return f"{stamp.ToJsonString()}|{view.change_id}"


def _decode_position(after: str) -> tuple[datetime, str]:
    time_text, _, change_id = after.partition("|")
    stamp = timestamp_pb2.Timestamp()
    stamp.FromJsonString(time_text)
    return stamp.ToDatetime(UTC), change_id
