"""The scheduler's handlers of a key task's steps (tasks/planning.py plans them).

- a reminder reminds the assignee: to acknowledge, on the priority's cadence
  (and plans the next one), or that the task is due soon;
- an escalation goes to the next tier of the chain above the task's node that
  has someone in it, recording each tier skipped for want of a holder, and
  plans the tier after it; an acknowledged task (not overdue) escalates no
  further;
- the deadline makes an unfinished task overdue and starts the chain afresh;
- a reminder or escalation of a P2-P4 task due in quiet hours or on a day off
  is planned again for the next moment it may disturb: a reminder by the
  assignee's own hours when they set them, an escalation (whose recipients
  are only known when it is made) by the city's.

Reminders, the many steps of a morning, are made a batch at a time.

Each handler looks at the task as it is now: a step planned for a state the
task has left makes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from contracts.messages import PushKind
from service.kernel import escalation
from service.kernel.pushes import Push, deliver
from service.kernel.scheduler import Batched, DueStep, Handler, PlannedStep
from service.kernel.working_time import OwnHours
from service.tasks import planning, rules
from service.tasks.planning import DEADLINE, ESCALATION, REMINDER
from service.tasks.ports import Reminded, Task, TaskEvent, UnitOfWork
from service.tasks.rules import Action, TaskState, Timing

# Make nothing for a task in these states.
_FINISHED = (TaskState.COMPLETED, TaskState.CANCELLED)


def handlers(*, via_broker: bool, timing: Timing) -> dict[str, Handler]:
    """The scheduler's handlers of the three series, by kind."""

    def bound(make: Callable[..., tuple[str, ...]]) -> Handler:
        def handler(uow: UnitOfWork, step: DueStep, now: datetime) -> tuple[str, ...]:
            task = uow.tasks.get(step.subject.removeprefix("tasks/"), lock=True)
            if task is None or task.state in _FINISHED:
                return ()
            timed = _on_todays_calendar(uow, timing, now)
            held = _held(task, step, now, timed, None)
            if held is not None:
                uow.due_steps.schedule([held], now)
                return ()
            return make(uow, task, step, now, via_broker=via_broker, timing=timed)

        return handler

    def remind_all(
        uow: UnitOfWork, steps: Sequence[DueStep], now: datetime
    ) -> dict[str, tuple[str, ...]]:
        timed = _on_todays_calendar(uow, timing, now)
        return remind(uow, steps, now, via_broker=via_broker, timing=timed)

    return {
        REMINDER: Batched(remind_all),
        ESCALATION: bound(escalate),
        DEADLINE: bound(become_overdue),
    }


def _on_todays_calendar(uow: UnitOfWork, timing: Timing, now: datetime) -> Timing:
    """The timing on the calendar as city admins have set it by now (read each
    time: another replica's admin call may have changed it)."""
    return timing.on_calendar(uow.calendar_days.set_by_admins(now.date() - timedelta(days=1)))


def _held(
    task: Task | Reminded, step: DueStep, now: datetime, timing: Timing, own: OwnHours | None
) -> PlannedStep | None:
    """The same step at the next moment its recipient may be disturbed (by
    their ``own`` hours, else the city's), when that is not now; any others of
    its series due by then are superseded by it, so one push comes, not a
    backlog. A deadline is never held."""
    held = timing.held_until(task.priority, now, own) if step.kind != DEADLINE else None
    if held is None:
        return None
    return PlannedStep(step.kind, step.subject, planning.held_step(step.step, held), held)


def _record(uow: UnitOfWork, task: Task, action: str, now: datetime, note: str) -> None:
    uow.tasks.add_events([(task.task_id, TaskEvent(action, "", now, note, task.state))])


def remind(
    uow: UnitOfWork,
    steps: Sequence[DueStep],
    now: datetime,
    *,
    via_broker: bool,
    timing: Timing,
) -> dict[str, tuple[str, ...]]:
    """The reminders owed, with one read of the tasks and one write of each
    kind of row for them all."""
    tasks = uow.tasks.to_remind([step.subject.removeprefix("tasks/") for step in steps])
    hours = uow.officer_hours.of(sorted({task.assignee for task in tasks.values()}))
    planned: list[PlannedStep] = []
    pushes: list[Push] = []
    events: list[tuple[str, TaskEvent]] = []
    notified: dict[str, tuple[str, ...]] = {}
    for step in steps:
        task = tasks.get(step.subject.removeprefix("tasks/"))
        if task is None or task.state in _FINISHED:
            continue
        held = _held(task, step, now, timing, hours.get(task.assignee))
        if held is not None:
            planned.append(held)
            continue
        if step.step.startswith("ack:"):
            if task.acknowledge_time is not None:
                continue
            # On the cadence of this series, whatever time the sweep came round.
            following = timing.next_unacknowledged_reminder(task.priority, step.due_time, now)
            planned.append(
                PlannedStep(REMINDER, step.subject, planning.cadence_step(following), following)
            )
            title = f"请确认接收任务：{task.title}"
            note = f"已下达{rules.duration_text(now - task.alert_time)}，尚未确认"
        else:
            if task.state is not TaskState.ACKNOWLEDGED:
                continue
            title = f"任务即将到期：{task.title}"
            note = f"距截止还有{rules.duration_text(task.due_time - now)}"
        pushes.append(
            Push(
                user_id=task.assignee,
                kind=PushKind.TASK_REMINDER,
                subject=step.subject,
                title=title,
                summary=note,
                scope_node=task.scope_node,
                acknowledgement_required=task.acknowledge_time is None,
            )
        )
        events.append((task.task_id, TaskEvent("remind", "", now, note, task.state)))
        notified[step.step_id] = (task.assignee,)
    uow.due_steps.schedule(planned, now)
    if pushes:
        deliver(uow, pushes, now, via_broker=via_broker)
    uow.tasks.add_events(events)
    return notified


def escalate(
    uow: UnitOfWork, task: Task, step: DueStep, now: datetime, *, via_broker: bool, timing: Timing
) -> tuple[str, ...]:
    if task.state is TaskState.ACKNOWLEDGED:
        return ()
    why = rules.escalation_reason(
        state=task.state,
        assignee=task.assignee,
        alerted=task.alert_time,
        due=task.due_time,
        decline_reason=task.decline_reason,
        now=now,
    )
    start = planning.tier_of(step.step)
    for tier in escalation.tiers_above(task.scope_node):
        if tier.depth < start:
            continue
        bound = uow.directory.holders_at(tier.role, [tier.node]).get(tier.node, [])
        # Whoever holds the tier and is the assignee is not escalated to.
        holders = [user for user in bound if user != task.assignee]
        where = tier.describe()
        if not holders:
            _record(uow, task, "skip_escalation", now, f"{where}无人在岗，跳过")
            continue
        deliver(
            uow,
            [
                Push(
                    user_id=user,
                    kind=PushKind.ESCALATION,
                    subject=step.subject,
                    title=f"重点任务上报：{task.title}",
                    summary=why,
                    scope_node=tier.node,
                )
                for user in holders
            ],
            now,
            via_broker=via_broker,
        )
        escalated = replace(task, escalate_time=now, update_time=now)
        uow.tasks.update(escalated)
        _record(uow, escalated, "escalate", now, f"上报{where}：{why}")
        if tier.depth + 1 < len(escalation.CHAIN):
            later = now + timing.ack_timeout[task.priority]
            uow.due_steps.schedule(
                [PlannedStep(ESCALATION, step.subject, planning.tier_step(tier.depth + 1), later)],
                now,
            )
        return tuple(holders)
    return ()


def become_overdue(
    uow: UnitOfWork, task: Task, step: DueStep, now: datetime, *, via_broker: bool, timing: Timing
) -> tuple[str, ...]:
    if task.due_time > now or task.state not in (TaskState.OPEN, TaskState.ACKNOWLEDGED):
        return ()
    state = rules.next_state(
        task.state, Action.BECOME_OVERDUE, acknowledged=task.acknowledge_time is not None
    )
    overdue = replace(task, state=state, update_time=now)
    uow.tasks.update(overdue)
    _record(uow, overdue, Action.BECOME_OVERDUE.value, now, "")
    planning.escalate_now(uow.due_steps, overdue, now)
    return ()
