"""ActivityService: parse each request, run one use case or view, map the result.

A change commits with its request id's record, its revision, the monthly
counts and its domain event; the relay is woken once it has committed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import grpc
from google.protobuf.message import Message
from officer.v1 import activity_service_pb2, activity_service_pb2_grpc

from service.activities import messages, use_cases, views
from service.activities.ports import Activity, StatsQuery, UnitOfWork
from service.activities.rules import Change, Windows, check_month
from service.kernel.access import Caller
from service.kernel.clock import Clock, system_clock
from service.kernel.errors import InvalidArgument
from service.kernel.ports import Transactions
from service.platform import handling, names, paging, wire
from service.platform.wakeups import PushDeps

R = TypeVar("R", bound=Message)
_SERVICE = "/officer.v1.ActivityService/"
# A feed page is what a phone shows at once.
FEED_PAGE_SIZE = 20


class ActivityServicer(activity_service_pb2_grpc.ActivityServiceServicer):
    """Activity reports and the feed (工作动态反映)."""

    def __init__(
        self,
        transactions: Transactions[UnitOfWork],
        pushes: PushDeps,
        *,
        zone: ZoneInfo,
        windows: Windows | None = None,
        clock: Clock = system_clock,
    ) -> None:
        self._transactions = transactions
        self._pushes = pushes
        self._zone = zone
        self._windows = windows or Windows()
        self._clock = clock

    async def _change(
        self,
        request: Any,
        method: str,
        response_type: type[R],
        change: Callable[[UnitOfWork, Caller, datetime], Activity | use_cases.Escalated],
    ) -> R:
        """One change of one activity, answered with it and its revisions (and,
        for an escalation, whom it went to)."""
        now = self._clock()

        def work(uow: UnitOfWork, caller: Caller) -> tuple[R, tuple[str, ...]]:
            done = change(uow, caller, now)
            extra: dict[str, Any] = {}
            notified: tuple[str, ...] = ()
            if isinstance(done, use_cases.Escalated):
                notified = done.notified
                extra["escalated_to"] = [f"users/{user}" for user in notified]
                done = done.activity
            revisions = uow.activities.revisions(done.activity_id)
            return response_type(activity=messages.activity(done, revisions), **extra), notified

        return await handling.pushing_mutation(
            self._transactions,
            self._pushes,
            method=f"{_SERVICE}{method}",
            request=request,
            response_type=response_type,
            now=now,
            change=work,
            events=True,
        )

    def _common(self) -> dict[str, Any]:
        return {
            "windows": self._windows,
            "zone": self._zone,
            "via_broker": self._pushes.via_broker,
        }

    async def CreateActivity(
        self,
        request: activity_service_pb2.CreateActivityRequest,
        context: grpc.aio.ServicerContext,
    ) -> activity_service_pb2.CreateActivityResponse:
        content = messages.content(request.activity)
        return await self._change(
            request,
            "CreateActivity",
            activity_service_pb2.CreateActivityResponse,
            lambda uow, caller, now: use_cases.report(
                uow,
                caller=caller,
                officer=messages.officer(request.activity, caller.user_id),
                content=content,
                now=now,
                **self._common(),
            ),
        )

    async def UpdateActivity(
        self,
        request: activity_service_pb2.UpdateActivityRequest,
        context: grpc.aio.ServicerContext,
    ) -> activity_service_pb2.UpdateActivityResponse:
        activity_id = messages.activity_id(request.activity.name, "activity.name")
        given = messages.correction(request.activity, list(request.update_mask.paths))
        return await self._change(
            request,
            "UpdateActivity",
            activity_service_pb2.UpdateActivityResponse,
            lambda uow, caller, now: use_cases.correct(
                uow,
                caller=caller,
                activity_id=activity_id,
                given=given,
                reason=request.reason,
                now=now,
                **self._common(),
            ),
        )

    async def DeleteActivity(
        self,
        request: activity_service_pb2.DeleteActivityRequest,
        context: grpc.aio.ServicerContext,
    ) -> activity_service_pb2.DeleteActivityResponse:
        activity_id = messages.activity_id(request.name)
        return await self._change(
            request,
            "DeleteActivity",
            activity_service_pb2.DeleteActivityResponse,
            lambda uow, caller, now: use_cases.delete(
                uow,
                caller=caller,
                activity_id=activity_id,
                reason=request.reason,
                now=now,
                **self._common(),
            ),
        )

    async def _follow(self, request: Any, method: str, response_type: type[R], step: Change) -> R:
        activity_id = messages.activity_id(request.name)
        return await self._change(
            request,
            method,
            response_type,
            lambda uow, caller, now: use_cases.follow(
                uow,
                caller=caller,
                activity_id=activity_id,
                step=step,
                note=request.note,
                now=now,
                zone=self._zone,
                via_broker=self._pushes.via_broker,
            ),
        )

    async def MediateActivity(
        self,
        request: activity_service_pb2.MediateActivityRequest,
        context: grpc.aio.ServicerContext,
    ) -> activity_service_pb2.MediateActivityResponse:
        return await self._follow(
            request,
            "MediateActivity",
            activity_service_pb2.MediateActivityResponse,
            Change.CASE_MEDIATING,
        )

    async def ResolveActivity(
        self,
        request: activity_service_pb2.ResolveActivityRequest,
        context: grpc.aio.ServicerContext,
    ) -> activity_service_pb2.ResolveActivityResponse:
        return await self._follow(
            request,
            "ResolveActivity",
            activity_service_pb2.ResolveActivityResponse,
            Change.CASE_RESOLVED,
        )

    async def EscalateActivity(
        self,
        request: activity_service_pb2.EscalateActivityRequest,
        context: grpc.aio.ServicerContext,
    ) -> activity_service_pb2.EscalateActivityResponse:
        activity_id = messages.activity_id(request.name)
        return await self._change(
            request,
            "EscalateActivity",
            activity_service_pb2.EscalateActivityResponse,
            lambda uow, caller, now: use_cases.escalate(
                uow,
                caller=caller,
                activity_id=activity_id,
                note=request.note,
                now=now,
                zone=self._zone,
                via_broker=self._pushes.via_broker,
            ),
        )

    async def GetActivity(
        self, request: activity_service_pb2.GetActivityRequest, context: grpc.aio.ServicerContext
    ) -> activity_service_pb2.GetActivityResponse:
        activity_id = messages.activity_id(request.name)
        found = await handling.query(
            self._transactions,
            lambda uow, caller: views.get_activity(uow, caller=caller, activity_id=activity_id),
        )
        return activity_service_pb2.GetActivityResponse(
            activity=messages.activity(found.activity, found.revisions)
        )

    async def ListActivities(
        self,
        request: activity_service_pb2.ListActivitiesRequest,
        context: grpc.aio.ServicerContext,
    ) -> activity_service_pb2.ListActivitiesResponse:
        filter = messages.list_filter(request)
        page = paging.Page.of(request, repr(filter), default=FEED_PAGE_SIZE)
        before = paging.time_and_id(page.after) if page.after else None
        activities = await handling.query(
            self._transactions,
            lambda uow, caller: views.list_activities(
                uow, caller=caller, filter=filter, before=before, limit=page.fetch
            ),
        )
        shown, token = page.cut(
            activities,
            lambda a: paging.time_and_id_key(a.start_time, a.activity_id),
        )
        return activity_service_pb2.ListActivitiesResponse(
            activities=[messages.activity(a) for a in shown], next_page_token=token
        )

    async def GetActivityStats(
        self,
        request: activity_service_pb2.GetActivityStatsRequest,
        context: grpc.aio.ServicerContext,
    ) -> activity_service_pb2.GetActivityStatsResponse:
        under = names.optional_node_or_grid(request.parent, "parent")
        level = wire.roll_up_level(request.level)
        query = StatsQuery(
            start_month=check_month(request.start_month, "start_month")
            if request.start_month
            else None,
            end_month=check_month(request.end_month, "end_month") if request.end_month else None,
            kind=messages.optional_kind(request.kind, "kind"),
        )
        if query.start_month and query.end_month and query.end_month < query.start_month:
            raise InvalidArgument.field("end_month", "must not be before start_month")
        stats = await handling.query(
            self._transactions,
            lambda uow, caller: views.activity_stats(
                uow, caller=caller, under=under, level=level, query=query
            ),
        )
        return activity_service_pb2.GetActivityStatsResponse(
            counts=[messages.count(row) for row in stats.counts], total_count=stats.total
        )
