"""Key-task use cases that change a task (重点任务提醒, 七.2): create, the
assignee's acknowledge / report progress / complete / decline, the
coordinator's reassign / extend / cancel.

Each runs inside the caller's unit of work: the tasks, their history, the
pushes (inbox item and outbox message) and the scheduler's steps commit
together or not at all. Creating needs ``task.assign`` over every target; a
coordinator is the task's creator (still holding ``task.assign``) or anyone
holding it over the node the assignee is counted under, which is how the
community head or street liaison a task escalated to can act on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from contracts.messages import PushKind
from service.kernel import scope
from service.kernel.access import Caller, Permission
from service.kernel.attachments import Attachment, attachment_violations
from service.kernel.audience import Audience, resolve
from service.kernel.errors import FailedPrecondition, InvalidArgument, PermissionDenied
from service.kernel.ids import new_id, new_ids
from service.kernel.pushes import Push, deliver
from service.kernel.scope import resource_name
from service.tasks import planning, rules, views
from service.tasks.planning import DEADLINE, ESCALATION, REMINDER, SERIES
from service.tasks.ports import Task, TaskEvent, UnitOfWork
from service.tasks.rules import Action, TaskContent, TaskState, Timing


@dataclass(frozen=True)
class Outcome:
    """The tasks after a change and whose inboxes it wrote to (to wake streams)."""

    tasks: tuple[Task, ...]
    notified: tuple[str, ...]


def _record(uow: UnitOfWork, tasks: Sequence[Task], action: str, actor: str, note: str) -> None:
    uow.tasks.add_events(
        [
            (task.task_id, TaskEvent(action, actor, task.update_time, note, task.state))
            for task in tasks
        ]
    )


def _push(task: Task, kind: PushKind, title: str, summary: str, user_id: str = "") -> Push:
    return Push(
        user_id=user_id or task.assignee,
        kind=kind,
        subject=planning.subject(task),
        title=title,
        summary=summary,
        scope_node=task.scope_node,
        acknowledgement_required=kind is PushKind.TASK_ALERT,
    )


def alert(task: Task) -> Push:
    """The push that gives a task to its assignee."""
    label = rules.PRIORITY_LABELS[task.priority]
    return _push(
        task, PushKind.TASK_ALERT, f"【{label}】{task.title}", rules.summary(task.description)
    )


def create(
    uow: UnitOfWork,
    *,
    caller: Caller,
    content: TaskContent,
    audience: Audience,
    now: datetime,
    via_broker: bool,
    timing: Timing,
) -> Outcome:
    """One task per assignee the targets reach, each alerted and planned."""
    rules.check_new(content, now)
    assert content.due_time is not None  # check_new requires it
    reach = caller.reach(Permission.TASK_ASSIGN)
    if reach.empty:
        raise PermissionDenied("you may not assign key tasks")
    if content.grid is not None and not (
        uow.directory.node_exists(content.grid) and reach.covers_node(content.grid)
    ):
        raise PermissionDenied.outside_scope(resource_name(content.grid))
    recipients = resolve(uow.directory, reach, audience)
    if not recipients:
        raise FailedPrecondition("the targets reach no one", reason="EMPTY_AUDIENCE")
    # Whoever serves in no grid is counted where the task is aimed.
    aimed = [*audience.scope_nodes] or sorted(reach.nodes)
    fallback = content.grid or (scope.anchor(aimed) if aimed else "")
    batch_id = new_id(now)
    tasks = [
        Task(
            task_id=task_id,
            batch_id=batch_id,
            title=content.title,
            description=content.description,
            kind=content.kind,
            priority=content.priority,
            assignee=recipient.user_id,
            grid=content.grid,
            location=content.location,
            scope_node=recipient.scope_node or fallback,
            due_time=content.due_time,
            state=TaskState.OPEN,
            creator=caller.user_id,
            attachments=content.attachments,
            completion_note="",
            completion_attachments=(),
            progress_note="",
            decline_reason="",
            reminder_offsets=content.reminder_offsets,
            create_time=now,
            update_time=now,
            alert_time=now,
        )
        for task_id, recipient in zip(new_ids(now, len(recipients)), recipients, strict=True)
    ]
    uow.tasks.insert(tasks)
    _record(uow, tasks, Action.CREATE.value, caller.user_id, "")
    deliver(uow, [alert(task) for task in tasks], now, via_broker=via_broker)
    uow.due_steps.schedule(
        [step for task in tasks for step in planning.plan_alerted(task, timing, now)], now
    )
    return Outcome(tuple(tasks), tuple(task.assignee for task in tasks))


def _change(
    uow: UnitOfWork, task: Task, action: Action, actor: str, note: str, now: datetime, **fields: Any
) -> Task:
    """The task after ``action`` (FAILED_PRECONDITION, naming its state, when
    the action does not apply), written and recorded."""
    state = rules.next_state(task.state, action, acknowledged=task.acknowledge_time is not None)
    changed = replace(task, state=state, update_time=now, **fields)
    uow.tasks.update(changed)
    _record(uow, [changed], action.value, actor, note)
    return changed


def _assigned(uow: UnitOfWork, caller: Caller, task_id: str, name: str, action: Action) -> Task:
    """The task, locked, if the caller is its assignee."""
    task = uow.tasks.get(task_id, lock=True)
    if task is None or not views.visible(caller, task):
        raise PermissionDenied.outside_scope(name)
    if task.assignee != caller.user_id:
        raise PermissionDenied(f"only the assignee of {name} may have it {rules.PAST[action]}")
    return task


def acknowledge(
    uow: UnitOfWork,
    *,
    caller: Caller,
    task_id: str,
    name: str,
    comment: str,
    now: datetime,
    timing: Timing,
) -> Outcome:
    """Stops the reminders to acknowledge; the reminders before the due time
    follow. An overdue task keeps escalating until it is done or extended."""
    rules.check_note("comment", comment, required=False)
    task = _assigned(uow, caller, task_id, name, Action.ACKNOWLEDGE)
    changed = _change(
        uow, task, Action.ACKNOWLEDGE, caller.user_id, comment, now, acknowledge_time=now
    )
    planning.cancel(uow.due_steps, task, (REMINDER,), now)
    if changed.state is TaskState.ACKNOWLEDGED:
        planning.cancel(uow.due_steps, task, (ESCALATION,), now)
        uow.due_steps.schedule(planning.plan_due_reminders(changed, timing, now), now)
    return Outcome((changed,), ())


def report_progress(
    uow: UnitOfWork, *, caller: Caller, task_id: str, name: str, note: str, now: datetime
) -> Outcome:
    rules.check_note("note", note, required=True)
    task = _assigned(uow, caller, task_id, name, Action.REPORT_PROGRESS)
    changed = _change(
        uow, task, Action.REPORT_PROGRESS, caller.user_id, note, now, progress_note=note
    )
    return Outcome((changed,), ())


def complete(
    uow: UnitOfWork,
    *,
    caller: Caller,
    task_id: str,
    name: str,
    note: str,
    attachments: tuple[Attachment, ...],
    now: datetime,
) -> Outcome:
    rules.check_note("completion_note", note, required=True)
    violations = attachment_violations(attachments, "attachments")
    if violations:
        raise InvalidArgument(violations)
    task = _assigned(uow, caller, task_id, name, Action.COMPLETE)
    changed = _change(
        uow,
        task,
        Action.COMPLETE,
        caller.user_id,
        note,
        now,
        completion_note=note,
        completion_attachments=attachments,
        complete_time=now,
    )
    planning.cancel(uow.due_steps, task, SERIES, now)
    return Outcome((changed,), ())


def decline(
    uow: UnitOfWork, *, caller: Caller, task_id: str, name: str, reason: str, now: datetime
) -> Outcome:
    """The assignee cannot do it: the chain above hears of it at once."""
    rules.check_note("reason", reason, required=True)
    task = _assigned(uow, caller, task_id, name, Action.DECLINE)
    changed = _change(uow, task, Action.DECLINE, caller.user_id, reason, now, decline_reason=reason)
    planning.cancel(uow.due_steps, task, (REMINDER, DEADLINE), now)
    planning.escalate_now(uow.due_steps, changed, now)
    return Outcome((changed,), ())


def _coordinated(uow: UnitOfWork, caller: Caller, task_id: str, name: str, action: Action) -> Task:
    """The task, locked, if the caller coordinates it."""
    task = uow.tasks.get(task_id, lock=True)
    if task is None or not views.visible(caller, task):
        raise PermissionDenied.outside_scope(name)
    if not views.coordinates(caller, task):
        raise PermissionDenied(
            f"only the creator of {name}, or who assigns tasks over its assignee, "
            f"may have it {rules.PAST[action]}"
        )
    return task


def reassign(
    uow: UnitOfWork,
    *,
    caller: Caller,
    task_id: str,
    name: str,
    assignee: str,
    reason: str,
    now: datetime,
    via_broker: bool,
    timing: Timing,
) -> Outcome:
    """The new assignee is alerted and the task's plan starts afresh; the
    previous one is told."""
    rules.check_note("reason", reason, required=True)
    task = _coordinated(uow, caller, task_id, name, Action.REASSIGN)
    if assignee == task.assignee:
        raise InvalidArgument.field("assignee", f"{name} is already assigned to them")
    reached = uow.directory.users_in_reach([assignee], caller.reach(Permission.TASK_ASSIGN).nodes)
    if assignee not in reached:
        raise PermissionDenied.outside_scope(f"officers/{assignee}")
    rules.next_state(task.state, Action.REASSIGN, acknowledged=False)  # may it be reassigned?
    changed = replace(
        task,
        assignee=assignee,
        scope_node=reached[assignee],
        state=rules.reassigned_state(task.due_time, now),
        acknowledge_time=None,
        progress_note="",
        decline_reason="",
        update_time=now,
        alert_time=now,
    )
    uow.tasks.update(changed)
    _record(
        uow,
        [changed],
        Action.REASSIGN.value,
        caller.user_id,
        f"{task.assignee} → {assignee}：{reason}",
    )
    planning.cancel(uow.due_steps, task, SERIES, now)
    uow.due_steps.schedule(planning.plan_alerted(changed, timing, now), now)
    deliver(
        uow,
        [
            alert(changed),
            _push(task, PushKind.TASK_CHANGED, f"任务已改派他人：{task.title}", reason),
        ],
        now,
        via_broker=via_broker,
    )
    return Outcome((changed,), (assignee, task.assignee))


def extend(
    uow: UnitOfWork,
    *,
    caller: Caller,
    task_id: str,
    name: str,
    due_time: datetime | None,
    reason: str,
    now: datetime,
    via_broker: bool,
    timing: Timing,
) -> Outcome:
    """A new due time: an overdue task is due again, its deadline and the
    reminders before it planned afresh; the assignee is told."""
    rules.check_note("reason", reason, required=True)
    task = _coordinated(uow, caller, task_id, name, Action.EXTEND)
    new_due = rules.check_extension(due_time, task.due_time, now)
    changed = _change(uow, task, Action.EXTEND, caller.user_id, reason, now, due_time=new_due)
    planning.cancel(uow.due_steps, task, (DEADLINE,), now)
    steps = planning.plan_deadline(changed, now)
    if changed.state is TaskState.ACKNOWLEDGED:
        # No longer late: the chain above need hear no more of it.
        planning.cancel(uow.due_steps, task, (REMINDER, ESCALATION), now)
        steps += planning.plan_due_reminders(changed, timing, now)
    uow.due_steps.schedule(steps, now)
    deliver(
        uow,
        [_push(changed, PushKind.TASK_CHANGED, f"任务截止时间已延后：{task.title}", reason)],
        now,
        via_broker=via_broker,
    )
    return Outcome((changed,), (task.assignee,))


def cancel(
    uow: UnitOfWork,
    *,
    caller: Caller,
    task_id: str,
    name: str,
    reason: str,
    now: datetime,
    via_broker: bool,
) -> Outcome:
    rules.check_note("reason", reason, required=True)
    task = _coordinated(uow, caller, task_id, name, Action.CANCEL)
    changed = _change(uow, task, Action.CANCEL, caller.user_id, reason, now)
    planning.cancel(uow.due_steps, task, SERIES, now)
    deliver(
        uow,
        [_push(changed, PushKind.TASK_CHANGED, f"任务已取消：{task.title}", reason)],
        now,
        via_broker=via_broker,
    )
    return Outcome((changed,), (task.assignee,))
