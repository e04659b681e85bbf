"""SuggestionService and DepartmentService: parse each request, run one use
case or view, map the result.

A change commits with its request id's record, its steps, its pushes and its
domain events; the pushes are announced (streams and relay woken) once it has
committed, and not on a replay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import grpc
from google.protobuf.message import Message
from officer.v1 import (
    department_service_pb2,
    department_service_pb2_grpc,
    suggestion_service_pb2,
    suggestion_service_pb2_grpc,
)

from service.kernel.access import Caller
from service.kernel.clock import Clock, system_clock
from service.kernel.errors import InvalidArgument
from service.kernel.ports import Transactions
from service.platform import handling, names, paging, wire
from service.platform.wakeups import PushDeps
from service.suggestions import departments, messages, use_cases, views
from service.suggestions.ports import Suggestion, UnitOfWork
from service.suggestions.rules import (
    MAX_EXTENSION_WORKING_DAYS,
    SUPERVISE_AFTER_WORKING_DAYS,
    Limits,
)

R = TypeVar("R", bound=Message)
pb = suggestion_service_pb2
dpb = department_service_pb2
_SUGGESTIONS = "/officer.v1.SuggestionService/"
_DEPARTMENTS = "/officer.v1.DepartmentService/"
PAGE_SIZE = 100


class SuggestionServicer(suggestion_service_pb2_grpc.SuggestionServiceServicer):
    """Suggestions (对策建议上报) as closed-loop work orders."""

    def __init__(
        self,
        transactions: Transactions[UnitOfWork],
        pushes: PushDeps,
        *,
        zone: ZoneInfo,
        limits: Limits | None = None,
        supervise_after_days: int = SUPERVISE_AFTER_WORKING_DAYS,
        max_extension_days: int = MAX_EXTENSION_WORKING_DAYS,
        clock: Clock = system_clock,
    ) -> None:
        self._transactions = transactions
        self._pushes = pushes
        self._zone = zone
        self._limits = limits or Limits()
        self._supervise_after_days = supervise_after_days
        self._max_extension_days = max_extension_days
        self._clock = clock

    async def _change(
        self,
        request: Any,
        method: str,
        response_type: type[R],
        change: Callable[[UnitOfWork, Caller, use_cases.Context], Suggestion],
    ) -> R:
        """One change of one suggestion, answered with it and its history."""
        now = self._clock()

        def work(uow: UnitOfWork, caller: Caller) -> tuple[R, tuple[str, ...]]:
            context = use_cases.Context(
                now=now,
                zone=self._zone,
                limits=self._limits,
                via_broker=self._pushes.via_broker,
                supervise_after_days=self._supervise_after_days,
                max_extension_days=self._max_extension_days,
            )
            done = change(uow, caller, context)
            history = uow.suggestions.history(done.suggestion_id)
            response = response_type(suggestion=messages.suggestion(done, history))
            return response, tuple(dict.fromkeys(context.notified))

        return await handling.pushing_mutation(
            self._transactions,
            self._pushes,
            method=f"{_SUGGESTIONS}{method}",
            request=request,
            response_type=response_type,
            now=now,
            change=work,
            events=True,
        )

    async def CreateSuggestion(
        self, request: pb.CreateSuggestionRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateSuggestionResponse:
        content = messages.content(request.suggestion)
        return await self._change(
            request,
            "CreateSuggestion",
            pb.CreateSuggestionResponse,
            lambda uow, caller, ctx: use_cases.submit(
                uow, caller=caller, content=content, context=ctx
            ),
        )

    async def UpdateSuggestion(
        self, request: pb.UpdateSuggestionRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateSuggestionResponse:
        suggestion_id = messages.suggestion_id(request.suggestion.name, "suggestion.name")
        paths = list(request.update_mask.paths)
        if paths != ["category"]:
            raise InvalidArgument.field("update_mask", "only category may be changed")
        category = messages.category(request.suggestion.category, "suggestion.category")
        return await self._change(
            request,
            "UpdateSuggestion",
            pb.UpdateSuggestionResponse,
            lambda uow, caller, ctx: use_cases.recategorize(
                uow,
                caller=caller,
                suggestion_id=suggestion_id,
                category=category,
                reason=request.reason,
                context=ctx,
            ),
        )

    async def RouteSuggestion(
        self, request: pb.RouteSuggestionRequest, context: grpc.aio.ServicerContext
    ) -> pb.RouteSuggestionResponse:
        suggestion_id = messages.suggestion_id(request.name)
        department_id = messages.department_id(request.department, "department")
        return await self._change(
            request,
            "RouteSuggestion",
            pb.RouteSuggestionResponse,
            lambda uow, caller, ctx: use_cases.route(
                uow,
                caller=caller,
                suggestion_id=suggestion_id,
                department_id=department_id,
                note=request.note,
                context=ctx,
            ),
        )

    async def SignSuggestion(
        self, request: pb.SignSuggestionRequest, context: grpc.aio.ServicerContext
    ) -> pb.SignSuggestionResponse:
        suggestion_id = messages.suggestion_id(request.name)
        return await self._change(
            request,
            "SignSuggestion",
            pb.SignSuggestionResponse,
            lambda uow, caller, ctx: use_cases.sign(
                uow, caller=caller, suggestion_id=suggestion_id, note=request.note, context=ctx
            ),
        )

    async def ReturnSuggestion(
        self, request: pb.ReturnSuggestionRequest, context: grpc.aio.ServicerContext
    ) -> pb.ReturnSuggestionResponse:
        suggestion_id = messages.suggestion_id(request.name)
        return await self._change(
            request,
            "ReturnSuggestion",
            pb.ReturnSuggestionResponse,
            lambda uow, caller, ctx: use_cases.return_(
                uow, caller=caller, suggestion_id=suggestion_id, reason=request.reason, context=ctx
            ),
        )

    async def AnswerSuggestion(
        self, request: pb.AnswerSuggestionRequest, context: grpc.aio.ServicerContext
    ) -> pb.AnswerSuggestionResponse:
        suggestion_id = messages.suggestion_id(request.name)
        return await self._change(
            request,
            "AnswerSuggestion",
            pb.AnswerSuggestionResponse,
            lambda uow, caller, ctx: use_cases.answer(
                uow, caller=caller, suggestion_id=suggestion_id, text=request.answer, context=ctx
            ),
        )

    async def CloseSuggestion(
        self, request: pb.CloseSuggestionRequest, context: grpc.aio.ServicerContext
    ) -> pb.CloseSuggestionResponse:
        suggestion_id = messages.suggestion_id(request.name)
        return await self._change(
            request,
            "CloseSuggestion",
            pb.CloseSuggestionResponse,
            lambda uow, caller, ctx: use_cases.close(
                uow, caller=caller, suggestion_id=suggestion_id, note=request.note, context=ctx
            ),
        )

    async def RateSuggestion(
        self, request: pb.RateSuggestionRequest, context: grpc.aio.ServicerContext
    ) -> pb.RateSuggestionResponse:
        suggestion_id = messages.suggestion_id(request.name)
        satisfaction = messages.satisfaction(request.satisfaction)
        return await self._change(
            request,
            "RateSuggestion",
            pb.RateSuggestionResponse,
            lambda uow, caller, ctx: use_cases.rate(
                uow,
                caller=caller,
                suggestion_id=suggestion_id,
                satisfaction=satisfaction,
                comment=request.comment,
                context=ctx,
            ),
        )

    async def RequestSuggestionExtension(
        self, request: pb.RequestSuggestionExtensionRequest, context: grpc.aio.ServicerContext
    ) -> pb.RequestSuggestionExtensionResponse:
        suggestion_id = messages.suggestion_id(request.name)
        return await self._change(
            request,
            "RequestSuggestionExtension",
            pb.RequestSuggestionExtensionResponse,
            lambda uow, caller, ctx: use_cases.ask_extension(
                uow,
                caller=caller,
                suggestion_id=suggestion_id,
                working_days=request.working_days,
                reason=request.reason,
                context=ctx,
            ),
        )

    async def DecideSuggestionExtension(
        self, request: pb.DecideSuggestionExtensionRequest, context: grpc.aio.ServicerContext
    ) -> pb.DecideSuggestionExtensionResponse:
        suggestion_id = messages.suggestion_id(request.name)
        return await self._change(
            request,
            "DecideSuggestionExtension",
            pb.DecideSuggestionExtensionResponse,
            lambda uow, caller, ctx: use_cases.decide_extension(
                uow,
                caller=caller,
                suggestion_id=suggestion_id,
                approve=request.approve,
                note=request.note,
                context=ctx,
            ),
        )

    async def MergeSuggestion(
        self, request: pb.MergeSuggestionRequest, context: grpc.aio.ServicerContext
    ) -> pb.MergeSuggestionResponse:
        suggestion_id = messages.suggestion_id(request.name)
        survivor_id = messages.suggestion_id(request.survivor, "survivor")
        return await self._change(
            request,
            "MergeSuggestion",
            pb.MergeSuggestionResponse,
            lambda uow, caller, ctx: use_cases.merge(
                uow,
                caller=caller,
                suggestion_id=suggestion_id,
                survivor_id=survivor_id,
                note=request.note,
                context=ctx,
            ),
        )

    async def GetSuggestionStats(
        self, request: pb.GetSuggestionStatsRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetSuggestionStatsResponse:
        under = names.optional_node_or_grid(request.parent, "parent")
        level = wire.roll_up_level(request.level)
        start = wire.optional_time(request, "start_time", "start_time")
        end = wire.optional_time(request, "end_time", "end_time")
        if start and end and end <= start:
            raise InvalidArgument.field("end_time", "must be after start_time")
        now = self._clock()
        stats = await handling.query(
            self._transactions,
            lambda uow, caller: views.suggestion_stats(
                uow,
                caller=caller,
                under=under,
                level=level,
                by_department=request.by_department,
                start=start,
                end=end,
                now=now,
            ),
        )
        by_department = request.by_department
        return pb.GetSuggestionStatsResponse(
            counts=[messages.counts(row, by_department=by_department) for row in stats.counts],
            total=messages.counts(stats.total, by_department=by_department),
        )

    async def GetSuggestion(
        self, request: pb.GetSuggestionRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetSuggestionResponse:
        suggestion_id = messages.suggestion_id(request.name)
        found = await handling.query(
            self._transactions,
            lambda uow, caller: views.get_suggestion(
                uow, caller=caller, suggestion_id=suggestion_id
            ),
        )
        return pb.GetSuggestionResponse(
            suggestion=messages.suggestion(found.suggestion, found.history)
        )

    async def ListSuggestions(
        self, request: pb.ListSuggestionsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListSuggestionsResponse:
        filter = messages.list_filter(request)
        # The token is bound to the filter as asked, not to the moment "overdue" meant.
        page = paging.Page.of(request, repr((filter, request.overdue)), default=PAGE_SIZE)
        if request.overdue:
            filter = replace(filter, overdue_at=self._clock())
        before = paging.time_and_id(page.after) if page.after else None
        found = await handling.query(
            self._transactions,
            lambda uow, caller: views.list_suggestions(
                uow, caller=caller, filter=filter, before=before, limit=page.fetch
            ),
        )
        shown, token = page.cut(
            found, lambda s: paging.time_and_id_key(s.create_time, s.suggestion_id)
        )
        return pb.ListSuggestionsResponse(
            suggestions=[messages.suggestion(s) for s in shown], next_page_token=token
        )


class DepartmentServicer(department_service_pb2_grpc.DepartmentServiceServicer):
    """The departments that handle suggestions, and the routing table."""

    def __init__(self, transactions: Transactions[UnitOfWork], *, clock: Clock = system_clock):
        self._transactions = transactions
        self._clock = clock
        self._mutate = handling.Mutations(transactions, clock, _DEPARTMENTS)

    async def CreateDepartment(
        self, request: dpb.CreateDepartmentRequest, context: grpc.aio.ServicerContext
    ) -> dpb.CreateDepartmentResponse:
        given = request.department
        node = messages.department_node(given)
        handlers = messages.handlers(given)
        return await self._mutate(
            request,
            "CreateDepartment",
            dpb.CreateDepartmentResponse,
            lambda uow, caller, now: dpb.CreateDepartmentResponse(
                department=messages.department(
                    departments.create_department(
                        uow,
                        caller=caller,
                        department_id=request.department_id,
                        display_name=given.display_name,
                        scope_node=node,
                        handlers=handlers,
                        limits=messages.limits(given.limits),
                        now=now,
                    )
                )
            ),
        )

    async def UpdateDepartment(
        self, request: dpb.UpdateDepartmentRequest, context: grpc.aio.ServicerContext
    ) -> dpb.UpdateDepartmentResponse:
        department_id = messages.department_id(request.department.name, "department.name")
        changes = messages.department_changes(request.department, list(request.update_mask.paths))
        return await self._mutate(
            request,
            "UpdateDepartment",
            dpb.UpdateDepartmentResponse,
            lambda uow, caller, now: dpb.UpdateDepartmentResponse(
                department=messages.department(
                    departments.update_department(
                        uow, caller=caller, department_id=department_id, now=now, **changes
                    )
                )
            ),
        )

    async def GetDepartment(
        self, request: dpb.GetDepartmentRequest, context: grpc.aio.ServicerContext
    ) -> dpb.GetDepartmentResponse:
        department_id = messages.department_id(request.name)
        found = await handling.query(
            self._transactions,
            lambda uow, caller: views.get_department(
                uow, caller=caller, department_id=department_id
            ),
        )
        return dpb.GetDepartmentResponse(department=messages.department(found))

    async def ListDepartments(
        self, request: dpb.ListDepartmentsRequest, context: grpc.aio.ServicerContext
    ) -> dpb.ListDepartmentsResponse:
        page = paging.Page.of(request, "departments", default=PAGE_SIZE)
        found = await handling.query(
            self._transactions,
            lambda uow, caller: views.list_departments(
                uow, caller=caller, after=page.after or None, limit=page.fetch
            ),
        )
        shown, token = page.cut(found, lambda d: d.department_id)
        return dpb.ListDepartmentsResponse(
            departments=[messages.department(d) for d in shown], next_page_token=token
        )

    async def CreateRoutingRule(
        self, request: dpb.CreateRoutingRuleRequest, context: grpc.aio.ServicerContext
    ) -> dpb.CreateRoutingRuleResponse:
        given = request.routing_rule
        node = names.node_or_grid(given.scope_node, "routing_rule.scope_node")
        department_id = messages.department_id(given.department, "routing_rule.department")
        category = messages.optional_category(given.category, "routing_rule.category")
        return await self._mutate(
            request,
            "CreateRoutingRule",
            dpb.CreateRoutingRuleResponse,
            lambda uow, caller, now: dpb.CreateRoutingRuleResponse(
                routing_rule=messages.routing_rule(
                    departments.create_rule(
                        uow,
                        caller=caller,
                        category=category,
                        scope_node=node,
                        department_id=department_id,
                        now=now,
                    )
                )
            ),
        )

    async def ListRoutingRules(
        self, request: dpb.ListRoutingRulesRequest, context: grpc.aio.ServicerContext
    ) -> dpb.ListRoutingRulesResponse:
        page = paging.Page.of(request, "routing rules", default=PAGE_SIZE)
        after: tuple[str, str, str] | None = None
        if page.after:
            parts = page.after.split("|")
            if len(parts) != 3:
                raise InvalidArgument.field("page_token", "not a token this list gave")
            after = (parts[0], parts[1], parts[2])
        found = await handling.query(
            self._transactions,
            lambda uow, caller: views.list_routing_rules(
                uow,
                caller=caller,
                after=after,
                limit=page.fetch,
            ),
        )
        shown, token = page.cut(
            found,
            lambda r: "|".join(
                (
                    r.route.scope_node,
                    r.route.category.value if r.route.category else "",
                    r.route.rule_id,
                )
            ),
        )
        return dpb.ListRoutingRulesResponse(
            routing_rules=[messages.routing_rule(r) for r in shown], next_page_token=token
        )

    async def DeleteRoutingRule(
        self, request: dpb.DeleteRoutingRuleRequest, context: grpc.aio.ServicerContext
    ) -> dpb.DeleteRoutingRuleResponse:
        rule_id = messages.rule_id(request.name)

        def delete(uow: UnitOfWork, caller: Caller, now: Any) -> dpb.DeleteRoutingRuleResponse:
            departments.delete_rule(uow, caller=caller, rule_id=rule_id)
            return dpb.DeleteRoutingRuleResponse()

        return await self._mutate(
            request, "DeleteRoutingRule", dpb.DeleteRoutingRuleResponse, delete
        )
