"""Key tasks between officer.v1 messages and the tasks' own values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from google.protobuf import duration_pb2
from officer.v1 import task_service_pb2

from service.kernel.audience import Audience
from service.kernel.errors import InvalidArgument
from service.kernel.scope import resource_name
from service.platform import audiences, names, wire
from service.tasks.ports import Task, TaskEvent
from service.tasks.rules import Priority, TaskContent, TaskCounts, TaskKind, TaskState

TASK_FORM = "tasks/{task}"


def task_id(name: str, field: str = "name") -> str:
    return names.parse(names.TASK, name, field, TASK_FORM)


def kind(number: int, field: str) -> TaskKind:
    return wire.required_enum(task_service_pb2.TaskKind, number, "TASK_KIND_", field, TaskKind)


def priority(number: int, field: str) -> Priority:
    return wire.required_enum(
        task_service_pb2.TaskPriority, number, "TASK_PRIORITY_", field, Priority
    )


attachments = wire.attachments


def content(task: task_service_pb2.Task) -> TaskContent:
    for index, offset in enumerate(task.reminder_offsets):
        if offset.nanos < 0 or offset.seconds < 0:
            raise InvalidArgument.field(f"task.reminder_offsets[{index}]", "must be positive")
    return TaskContent(
        title=task.title,
        description=task.description,
        kind=kind(task.kind, "task.kind"),
        priority=priority(task.priority, "task.priority"),
        due_time=wire.optional_time(task, "due_time", "task.due_time"),
        grid=names.parse(names.GRID, task.grid, "task.grid", "grids/{code}") if task.grid else None,
        location=task.location,
        attachments=attachments(task.attachments),
        reminder_offsets=tuple(
            timedelta(seconds=offset.seconds, microseconds=offset.nanos // 1000)
            for offset in task.reminder_offsets
        ),
    )


def targets(request: task_service_pb2.CreateTaskRequest) -> Audience:
    """The targets, with the task's own ``assignee`` as one more."""
    extra = []
    if request.task.assignee:
        extra.append(
            names.parse(
                names.PERSON, request.task.assignee, "task.assignee", "officers/{id} or users/{id}"
            )
        )
    message = request.targets
    return audiences.audience(
        field="targets",
        scope_nodes=message.scope_nodes,
        roles=message.roles,
        people=message.assignees,
        people_field="assignees",
        categories=message.categories,
        extra_people=extra,
    )


def _state(state: TaskState) -> str:
    return f"TASK_STATE_{state.value.upper()}"


def event(view: TaskEvent) -> task_service_pb2.TaskEvent:
    return task_service_pb2.TaskEvent(
        action=view.action,
        actor=f"users/{view.actor}" if view.actor else "",
        time=wire.timestamp(view.time),
        note=view.note,
        state=_state(view.state),
    )


def task(view: Task, history: Sequence[TaskEvent] = ()) -> task_service_pb2.Task:
    message = task_service_pb2.Task(
        name=f"tasks/{view.task_id}",
        title=view.title,
        description=view.description,
        assignee=f"officers/{view.assignee}",
        grid=f"grids/{view.grid}" if view.grid else "",
        location=view.location,
        due_time=wire.timestamp(view.due_time),
        reminder_offsets=[_duration(offset) for offset in view.reminder_offsets],
        state=_state(view.state),
        creator=f"users/{view.creator}",
        completion_note=view.completion_note,
        completion_attachments=[wire.attachment(a) for a in view.completion_attachments],
        create_time=wire.timestamp(view.create_time),
        update_time=wire.timestamp(view.update_time),
        kind=f"TASK_KIND_{view.kind.value.upper()}",
        priority=f"TASK_PRIORITY_{view.priority.value.upper()}",
        attachments=[wire.attachment(a) for a in view.attachments],
        progress_note=view.progress_note,
        decline_reason=view.decline_reason,
        history=[event(e) for e in history],
        batch_id=view.batch_id,
    )
    for field in ("acknowledge_time", "complete_time", "escalate_time"):
        value = getattr(view, field)
        if value is not None:
            getattr(message, field).CopyFrom(wire.timestamp(value))
    return message


def _duration(offset: timedelta) -> duration_pb2.Duration:
    message = duration_pb2.Duration()
    message.FromTimedelta(offset)
    return message


def stats_row(row: TaskCounts) -> task_service_pb2.TaskStatsRow:
    return task_service_pb2.TaskStatsRow(
        scope_node=resource_name(row.scope_node) if row.scope_node else "",
        task_count=row.tasks,
        completed_count=row.completed,
        on_time_count=row.on_time,
        overdue_count=row.overdue,
        completion_rate=row.completion_rate,
        on_time_rate=row.on_time_rate,
    )
