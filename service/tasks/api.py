"""TaskService: parse each request, run one use case, map the result.

A mutation commits with its request id's record and answers with the task
and its history as they stand; the pushes it made are announced (streams and
the relay woken) once committed, and not on a replay.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import grpc
from google.protobuf.message import Message
from officer.v1 import task_service_pb2, task_service_pb2_grpc

from service.kernel.access import Caller
from service.kernel.clock import Clock, system_clock
from service.kernel.errors import InvalidArgument
from service.kernel.ports import Transactions
from service.platform import handling, names, paging, wire
from service.platform.wakeups import PushDeps
from service.tasks import messages, use_cases, views
from service.tasks.ports import StatsQuery, TaskFilter, UnitOfWork
from service.tasks.rules import Priority, TaskKind, TaskState, Timing

R = TypeVar("R", bound=Message)
_SERVICE = "/officer.v1.TaskService/"
# A CreateTask response names at most this many of the tasks it made.
CREATED_SHOWN = 1000


class TaskServicer(task_service_pb2_grpc.TaskServiceServicer):
    """Key tasks (重点任务提醒)."""

    def __init__(
        self,
        transactions: Transactions[UnitOfWork],
        pushes: PushDeps,
        *,
        timing: Timing | None = None,
        clock: Clock = system_clock,
    ) -> None:
        self._transactions = transactions
        self._pushes = pushes
        self._timing = timing or Timing.defaults()
        self._clock = clock

    async def _mutate(
        self,
        request: Any,
        method: str,
        change: Callable[[UnitOfWork, Caller, datetime], use_cases.Outcome],
        respond: Callable[[UnitOfWork, use_cases.Outcome], R],
        response_type: type[R],
    ) -> R:
        now = self._clock()

        def work(uow: UnitOfWork, caller: Caller) -> tuple[R, tuple[str, ...]]:
            outcome = change(uow, caller, now)
            return respond(uow, outcome), outcome.notified

        return await handling.pushing_mutation(
            self._transactions,
            self._pushes,
            method=f"{_SERVICE}{method}",
            request=request,
            response_type=response_type,
            now=now,
            change=work,
        )

    async def _act(
        self,
        request: Any,
        method: str,
        response_type: type[R],
        change: Callable[[UnitOfWork, Caller, datetime, str], use_cases.Outcome],
    ) -> R:
        """One change of one task, answered with the task and its history."""
        task_id = messages.task_id(request.name)

        def respond(uow: UnitOfWork, outcome: use_cases.Outcome) -> R:
            task = outcome.tasks[0]
            return response_type(task=messages.task(task, uow.tasks.history(task.task_id)))

        return await self._mutate(
            request,
            method,
            lambda uow, caller, now: change(uow, caller, now, task_id),
            respond,
            response_type,
        )

    async def CreateTask(
        self, request: task_service_pb2.CreateTaskRequest, context: grpc.aio.ServicerContext
    ) -> task_service_pb2.CreateTaskResponse:
        content = messages.content(request.task)
        audience = messages.targets(request)

        def respond(uow: UnitOfWork, outcome: use_cases.Outcome) -> Any:
            shown = [messages.task(task) for task in outcome.tasks[:CREATED_SHOWN]]
            return task_service_pb2.CreateTaskResponse(
                task=shown[0],
                tasks=shown,
                task_count=len(outcome.tasks),
                batch_id=outcome.tasks[0].batch_id,
            )

        return await self._mutate(
            request,
            "CreateTask",
            lambda uow, caller, now: use_cases.create(
                uow,
                caller=caller,
                content=content,
                audience=audience,
                now=now,
                via_broker=self._pushes.via_broker,
                timing=self._timing,
            ),
            respond,
            task_service_pb2.CreateTaskResponse,
        )

    async def GetTask(
        self, request: task_service_pb2.GetTaskRequest, context: grpc.aio.ServicerContext
    ) -> task_service_pb2.GetTaskResponse:
        task_id = messages.task_id(request.name)
        found = await handling.query(
            self._transactions,
            lambda uow, caller: views.get_task(
                uow, caller=caller, task_id=task_id, name=request.name
            ),
        )
        return task_service_pb2.GetTaskResponse(task=messages.task(found.task, found.history))

    async def ListTasks(
        self, request: task_service_pb2.ListTasksRequest, context: grpc.aio.ServicerContext
    ) -> task_service_pb2.ListTasksResponse:
        filter = _filter(request)
        page = paging.Page.of(request, repr(filter))
        after = paging.time_and_id(page.after) if page.after else None
        tasks = await handling.query(
            self._transactions,
            lambda uow, caller: views.list_tasks(
                uow, caller=caller, filter=filter, after=after, limit=page.fetch
            ),
        )
        shown, token = page.cut(
            tasks, lambda task: paging.time_and_id_key(task.due_time, task.task_id)
        )
        return task_service_pb2.ListTasksResponse(
            tasks=[messages.task(task) for task in shown], next_page_token=token
        )

    async def GetTaskStats(
        self, request: task_service_pb2.GetTaskStatsRequest, context: grpc.aio.ServicerContext
    ) -> task_service_pb2.GetTaskStatsResponse:
        under = names.optional_node_or_grid(request.parent, "parent")
        level = wire.roll_up_level(request.level)
        query = StatsQuery(
            due_after=wire.optional_time(request, "due_after", "due_after"),
            due_before=wire.optional_time(request, "due_before", "due_before"),
            kind=wire.optional_enum(
                task_service_pb2.TaskKind, request.kind, "TASK_KIND_", "kind", TaskKind
            ),
        )
        if query.due_after and query.due_before and query.due_before <= query.due_after:
            raise InvalidArgument.field("due_before", "must be after due_after")
        now = self._clock()
        stats = await handling.query(
            self._transactions,
            lambda uow, caller: views.task_stats(
                uow, caller=caller, under=under, level=level, query=query, now=now
            ),
        )
        return task_service_pb2.GetTaskStatsResponse(
            total=messages.stats_row(stats.total),
            rows=[messages.stats_row(row) for row in stats.rows],
        )

    async def AcknowledgeTask(
        self, request: task_service_pb2.AcknowledgeTaskRequest, context: grpc.aio.ServicerContext
    ) -> task_service_pb2.AcknowledgeTaskResponse:
        return await self._act(
            request,
            "AcknowledgeTask",
            task_service_pb2.AcknowledgeTaskResponse,
            lambda uow, caller, now, task_id: use_cases.acknowledge(
                uow,
                caller=caller,
                task_id=task_id,
                name=request.name,
                comment=request.comment,
                now=now,
                timing=self._timing,
            ),
        )

    async def ReportTaskProgress(
        self,
        request: task_service_pb2.ReportTaskProgressRequest,
        context: grpc.aio.ServicerContext,
    ) -> task_service_pb2.ReportTaskProgressResponse:
        return await self._act(
            request,
            "ReportTaskProgress",
            task_service_pb2.ReportTaskProgressResponse,
            lambda uow, caller, now, task_id: use_cases.report_progress(
                uow, caller=caller, task_id=task_id, name=request.name, note=request.note, now=now
            ),
        )

    async def CompleteTask(
        self, request: task_service_pb2.CompleteTaskRequest, context: grpc.aio.ServicerContext
    ) -> task_service_pb2.CompleteTaskResponse:
        attachments = messages.attachments(request.attachments)
        return await self._act(
            request,
            "CompleteTask",
            task_service_pb2.CompleteTaskResponse,
            lambda uow, caller, now, task_id: use_cases.complete(
                uow,
                caller=caller,
                task_id=task_id,
                name=request.name,
                note=request.completion_note,
                attachments=attachments,
                now=now,
            ),
        )

    async def DeclineTask(
        self, request: task_service_pb2.DeclineTaskRequest, context: grpc.aio.ServicerContext
    ) -> task_service_pb2.DeclineTaskResponse:
        return await self._act(
            request,
            "DeclineTask",
            task_service_pb2.DeclineTaskResponse,
            lambda uow, caller, now, task_id: use_cases.decline(
                uow,
                caller=caller,
                task_id=task_id,
                name=request.name,
                reason=request.reason,
                now=now,
            ),
        )

    async def ReassignTask(
        self, request: task_service_pb2.ReassignTaskRequest, context: grpc.aio.ServicerContext
    ) -> task_service_pb2.ReassignTaskResponse:
        assignee = names.parse(
            names.PERSON, request.assignee, "assignee", "officers/{id} or users/{id}"
        )
        return await self._act(
            request,
            "ReassignTask",
            task_service_pb2.ReassignTaskResponse,
            lambda uow, caller, now, task_id: use_cases.reassign(
                uow,
                caller=caller,
                task_id=task_id,
                name=request.name,
                assignee=assignee,
                reason=request.reason,
                now=now,
                via_broker=self._pushes.via_broker,
                timing=self._timing,
            ),
        )

    async def ExtendTask(
        self, request: task_service_pb2.ExtendTaskRequest, context: grpc.aio.ServicerContext
    ) -> task_service_pb2.ExtendTaskResponse:
        due_time = wire.optional_time(request, "due_time", "due_time")
        return await self._act(
            request,
            "ExtendTask",
            task_service_pb2.ExtendTaskResponse,
            lambda uow, caller, now, task_id: use_cases.extend(
                uow,
                caller=caller,
                task_id=task_id,
                name=request.name,
                due_time=due_time,
                reason=request.reason,
                now=now,
                via_broker=self._pushes.via_broker,
                timing=self._timing,
            ),
        )

    async def CancelTask(
        self, request: task_service_pb2.CancelTaskRequest, context: grpc.aio.ServicerContext
    ) -> task_service_pb2.CancelTaskResponse:
        return await self._act(
            request,
            "CancelTask",
            task_service_pb2.CancelTaskResponse,
            lambda uow, caller, now, task_id: use_cases.cancel(
                uow,
                caller=caller,
                task_id=task_id,
                name=request.name,
                reason=request.reason,
                now=now,
                via_broker=self._pushes.via_broker,
            ),
        )


def _filter(request: task_service_pb2.ListTasksRequest) -> TaskFilter:
    """The request's filter; ``parent`` may be a node, a grid or an officer."""
    under = assignee = None
    if request.parent.startswith("officers/"):
        assignee = names.parse(names.OFFICER, request.parent, "parent", "officers/{officer}")
    else:
        under = names.optional_node_or_grid(request.parent, "parent")
    if request.assignee:
        named = names.parse(names.PERSON, request.assignee, "assignee", "officers/{officer}")
        if assignee is not None and named != assignee:
            raise InvalidArgument.field("assignee", "differs from the officer named by parent")
        assignee = named
    return TaskFilter(
        states=tuple(
            wire.required_enum(
                task_service_pb2.TaskState, state, "TASK_STATE_", f"states[{index}]", TaskState
            )
            for index, state in enumerate(request.states)
        ),
        assignee=assignee,
        creator=(
            names.parse(names.PERSON, request.creator, "creator", "users/{user}")
            if request.creator
            else None
        ),
        priority=wire.optional_enum(
            task_service_pb2.TaskPriority, request.priority, "TASK_PRIORITY_", "priority", Priority
        ),
        kind=wire.optional_enum(
            task_service_pb2.TaskKind, request.kind, "TASK_KIND_", "kind", TaskKind
        ),
        under=under,
        batch_id=(
            names.parse(names.ULID, request.batch_id, "batch_id", "a batch id from CreateTask")
            if request.batch_id
            else None
        ),
    )
