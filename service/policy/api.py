"""PolicyService: parse each request, run one use case, map the result.

A mutation commits with its request id's record; the pushes it made are
announced (streams and the relay woken) once committed, and not on a replay.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

import grpc
from google.protobuf.message import Message
from officer.v1 import policy_service_pb2, policy_service_pb2_grpc

from service.kernel.access import Caller
from service.kernel.clock import Clock, system_clock
from service.kernel.errors import InvalidArgument
from service.kernel.ports import Transactions
from service.platform import handling, names, paging, wire
from service.platform.wakeups import PushDeps
from service.policy import messages, rules, use_cases
from service.policy.ports import UnitOfWork
from service.policy.rules import NoticeKind

R = TypeVar("R", bound=Message)
_SERVICE = "/officer.v1.PolicyService/"
_AMENDABLE = (
    "title",
    "body",
    "kind",
    "attachments",
    "effective_time",
    "expire_time",
    "acknowledge_due_time",
)


class PolicyServicer(policy_service_pb2_grpc.PolicyServiceServicer):
    def __init__(
        self,
        transactions: Transactions[UnitOfWork],
        pushes: PushDeps,
        *,
        reminder_offsets: Sequence[timedelta] = rules.DEFAULT_REMINDER_OFFSETS,
        clock: Clock = system_clock,
    ) -> None:
        self._transactions = transactions
        self._pushes = pushes
        self._offsets = tuple(reminder_offsets)
        self._clock = clock

    async def _change(
        self,
        request: Any,
        method: str,
        response_type: type[R],
        change: Callable[[UnitOfWork, Caller, datetime], use_cases.Outcome],
    ) -> R:
        now = self._clock()

        def work(uow: UnitOfWork, caller: Caller) -> tuple[R, tuple[str, ...]]:
            outcome = change(uow, caller, now)
            return response_type(notice=messages.notice(outcome.notice)), outcome.notified

        return await handling.pushing_mutation(
            self._transactions,
            self._pushes,
            method=f"{_SERVICE}{method}",
            request=request,
            response_type=response_type,
            now=now,
            change=work,
        )

    async def PublishNotice(
        self, request: policy_service_pb2.PublishNoticeRequest, context: grpc.aio.ServicerContext
    ) -> policy_service_pb2.PublishNoticeResponse:
        content = messages.content(request.notice)
        audience = messages.audience(request.notice.audience)
        return await self._change(
            request,
            "PublishNotice",
            policy_service_pb2.PublishNoticeResponse,
            lambda uow, caller, now: use_cases.publish(
                uow,
                caller=caller,
                content=content,
                audience=audience,
                now=now,
                via_broker=self._pushes.via_broker,
                reminder_offsets=self._offsets,
            ),
        )

    async def GetNotice(
        self, request: policy_service_pb2.GetNoticeRequest, context: grpc.aio.ServicerContext
    ) -> policy_service_pb2.GetNoticeResponse:
        notice_id = names.parse(names.NOTICE, request.name, "name", "notices/{notice}")
        notice = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.get_notice(
                uow, caller=caller, notice_id=notice_id, name=request.name
            ),
        )
        return policy_service_pb2.GetNoticeResponse(notice=messages.notice(notice))

    async def ListNotices(
        self, request: policy_service_pb2.ListNoticesRequest, context: grpc.aio.ServicerContext
    ) -> policy_service_pb2.ListNoticesResponse:
        parent = names.optional_node_or_grid(request.parent, "parent")
        kind = wire.optional_enum(
            policy_service_pb2.NoticeKind, request.kind, "NOTICE_KIND_", "kind", NoticeKind
        )
        page = paging.Page.of(request, f"{request.parent}|{request.kind}|{request.show_withdrawn}")
        notices = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.list_notices(
                uow,
                caller=caller,
                parent=parent,
                kind=kind,
                show_withdrawn=request.show_withdrawn,
                before=page.after or None,
                limit=page.fetch,
            ),
        )
        shown, token = page.cut(notices, lambda notice: notice.notice_id)
        return policy_service_pb2.ListNoticesResponse(
            notices=[messages.notice(notice) for notice in shown], next_page_token=token
        )

    async def AmendNotice(
        self, request: policy_service_pb2.AmendNoticeRequest, context: grpc.aio.ServicerContext
    ) -> policy_service_pb2.AmendNoticeResponse:
        notice_id = names.parse(
            names.NOTICE, request.notice.name, "notice.name", "notices/{notice}"
        )
        fields = list(request.update_mask.paths)
        if not fields:
            raise InvalidArgument.field("update_mask", "name the fields to change")
        for field in fields:
            if field not in _AMENDABLE:
                raise InvalidArgument.field(
                    "update_mask", f"{field!r} cannot be amended; use {', '.join(_AMENDABLE)}"
                )
        changes = messages.content(request.notice, kind_required="kind" in fields)
        return await self._change(
            request,
            "AmendNotice",
            policy_service_pb2.AmendNoticeResponse,
            lambda uow, caller, now: use_cases.amend(
                uow,
                caller=caller,
                notice_id=notice_id,
                name=request.notice.name,
                etag=request.notice.etag,
                changes=changes,
                fields=fields,
                reason=request.reason,
                now=now,
                via_broker=self._pushes.via_broker,
                reminder_offsets=self._offsets,
            ),
        )

    async def WithdrawNotice(
        self, request: policy_service_pb2.WithdrawNoticeRequest, context: grpc.aio.ServicerContext
    ) -> policy_service_pb2.WithdrawNoticeResponse:
        notice_id = names.parse(names.NOTICE, request.name, "name", "notices/{notice}")
        return await self._change(
            request,
            "WithdrawNotice",
            policy_service_pb2.WithdrawNoticeResponse,
            lambda uow, caller, now: use_cases.withdraw(
                uow,
                caller=caller,
                notice_id=notice_id,
                name=request.name,
                etag=request.etag,
                reason=request.reason,
                now=now,
                via_broker=self._pushes.via_broker,
            ),
        )

    async def GetNoticeStats(
        self, request: policy_service_pb2.GetNoticeStatsRequest, context: grpc.aio.ServicerContext
    ) -> policy_service_pb2.GetNoticeStatsResponse:
        notice_id = names.parse(names.NOTICE, request.name, "name", "notices/{notice}")
        level = wire.roll_up_level(request.level)
        stats = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.notice_stats(
                uow, caller=caller, notice_id=notice_id, name=request.name, level=level
            ),
        )
        return policy_service_pb2.GetNoticeStatsResponse(
            total=messages.stats_row(stats.total),
            rows=[messages.stats_row(row) for row in stats.rows],
        )
