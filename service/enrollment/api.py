"""EnrollmentService: parse each request, run one use case, map the result."""

from __future__ import annotations

import asyncio
from typing import Any, TypeVar

import grpc
from google.protobuf.message import Message
from officer.v1 import enrollment_service_pb2, enrollment_service_pb2_grpc

from service.enrollment import messages, spreadsheets, use_cases
from service.enrollment.ports import UnitOfWork
from service.enrollment.rules import Action, EnrollmentState
from service.kernel.clock import Clock, system_clock
from service.kernel.errors import InvalidArgument
from service.kernel.ports import Transactions
from service.platform import handling, names, paging, wire
from service.platform.wakeups import PushDeps

R = TypeVar("R", bound=Message)
pb = enrollment_service_pb2
_SERVICE = "/officer.v1.EnrollmentService/"


class EnrollmentServicer(enrollment_service_pb2_grpc.EnrollmentServiceServicer):
    def __init__(
        self,
        transactions: Transactions[UnitOfWork],
        pushes: PushDeps,
        *,
        clock: Clock = system_clock,
    ) -> None:
        self._transactions = transactions
        self._pushes = pushes
        self._clock = clock
        self._mutate = handling.Mutations(transactions, clock, _SERVICE)

    async def CreateEnrollment(
        self, request: pb.CreateEnrollmentRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateEnrollmentResponse:
        details = messages.details(request.enrollment)
        return await self._mutate(
            request,
            "CreateEnrollment",
            pb.CreateEnrollmentResponse,
            lambda uow, caller, now: pb.CreateEnrollmentResponse(
                enrollment=messages.enrollment(
                    use_cases.create(uow, caller=caller, details=details, now=now)
                )
            ),
        )

    async def GetEnrollment(
        self, request: pb.GetEnrollmentRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetEnrollmentResponse:
        enrollment_id = messages.enrollment_id(request.name)
        found = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.get(uow, caller=caller, enrollment_id=enrollment_id),
        )
        return pb.GetEnrollmentResponse(enrollment=messages.enrollment(found))

    async def ListEnrollments(
        self, request: pb.ListEnrollmentsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListEnrollmentsResponse:
        unit = names.parse(names.UNIT, request.parent, "parent", "units/{unit}")
        state = wire.optional_enum(
            pb.EnrollmentState, request.state, "ENROLLMENT_STATE_", "state", EnrollmentState
        )
        page = paging.Page.of(request, f"enrollments|{unit}|{state}")
        before = paging.time_and_id(page.after) if page.after else None
        found = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.list_for_unit(
                uow, caller=caller, unit=unit, state=state, before=before, limit=page.fetch
            ),
        )
        shown, token = page.cut(
            found, lambda e: paging.time_and_id_key(e.create_time, e.enrollment_id)
        )
        return pb.ListEnrollmentsResponse(
            enrollments=[messages.enrollment(e) for e in shown], next_page_token=token
        )

    async def _decide(self, request: Any, method: str, response_type: type[R], action: Action) -> R:
        enrollment_id = messages.enrollment_id(request.name)
        reason = getattr(request, "reason", "")
        result = await self._mutate(
            request,
            method,
            response_type,
            lambda uow, caller, now: response_type(
                enrollment=messages.enrollment(
                    use_cases.decide(
                        uow,
                        caller=caller,
                        enrollment_id=enrollment_id,
                        action=action,
                        reason=reason,
                        via_broker=self._pushes.via_broker,
                        now=now,
                    )
                )
            ),
        )
        # An event written: wake the relay rather than wait for its next look.
        if self._pushes.via_broker:
            self._pushes.outbox_wake()
        return result

    async def AcceptEnrollment(
        self, request: pb.AcceptEnrollmentRequest, context: grpc.aio.ServicerContext
    ) -> pb.AcceptEnrollmentResponse:
        return await self._decide(
            request, "AcceptEnrollment", pb.AcceptEnrollmentResponse, Action.ACCEPT
        )

    async def RejectEnrollment(
        self, request: pb.RejectEnrollmentRequest, context: grpc.aio.ServicerContext
    ) -> pb.RejectEnrollmentResponse:
        return await self._decide(
            request, "RejectEnrollment", pb.RejectEnrollmentResponse, Action.REJECT
        )

    async def WithdrawEnrollment(
        self, request: pb.WithdrawEnrollmentRequest, context: grpc.aio.ServicerContext
    ) -> pb.WithdrawEnrollmentResponse:
        return await self._decide(
            request, "WithdrawEnrollment", pb.WithdrawEnrollmentResponse, Action.WITHDRAW
        )

    async def ImportEnrollments(
        self, request: pb.ImportEnrollmentsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ImportEnrollmentsResponse:
        unit = names.parse(names.UNIT, request.parent, "parent", "units/{unit}")
        form = wire.required_enum(
            pb.ImportFormat, request.format, "IMPORT_FORMAT_", "format", spreadsheets.Format
        )
        if not request.content:
            raise InvalidArgument.field("content", "the list's file")
        # Who may import, before a byte of the file is read.
        await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.check_importer(uow, caller=caller, unit=unit),
        )
        rows, unreadable = await asyncio.to_thread(spreadsheets.table, request.content, form)

        def change(uow: UnitOfWork, caller: Any, now: Any) -> pb.ImportEnrollmentsResponse:
            if unreadable is not None:
                use_cases.check_importer(uow, caller=caller, unit=unit)
                if not request.validate_only:
                    raise InvalidArgument.field("content", unreadable.reason)
                done = use_cases.Imported(0, (unreadable,), 0)
            else:
                done = use_cases.import_list(
                    uow,
                    caller=caller,
                    unit=unit,
                    table=rows,
                    validate_only=request.validate_only,
                    via_broker=self._pushes.via_broker,
                    now=now,
                )
            return pb.ImportEnrollmentsResponse(
                rows=done.rows,
                row_errors=[
                    pb.RowError(row=e.row, column=e.column, reason=e.reason) for e in done.errors
                ],
                enrollments_created=done.created,
            )

        result = await self._mutate(
            request, "ImportEnrollments", pb.ImportEnrollmentsResponse, change
        )
        if self._pushes.via_broker:
            self._pushes.outbox_wake()
        return result
