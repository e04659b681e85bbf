"""A key task's steps on the scheduler: three series per task.

- ``tasks.reminder``: until acknowledged, a reminder on the priority's cadence
  (each made one plans the next); once acknowledged, the reminders before the
  due time.
- ``tasks.escalation``: unacknowledged after the priority's ack timeout, the
  first tier of the escalation chain; each tier made plans the next one a
  further ack timeout later. Declining and becoming overdue start it at once.
- ``tasks.deadline``: at the due time, an unfinished task becomes overdue.
"""

from __future__ import annotations

from datetime import datetime

from service.kernel.scheduler import DueSteps, PlannedStep
from service.tasks.ports import Task
from service.tasks.rules import Timing

REMINDER = "tasks.reminder"
ESCALATION = "tasks.escalation"
DEADLINE = "tasks.deadline"
SERIES = (REMINDER, ESCALATION, DEADLINE)


def subject(task: Task) -> str:
    return f"tasks/{task.task_id}"


def cadence_step(at: datetime) -> str:
    """A reminder of the unacknowledged cadence, named by its time (a series
    holds one pending at a time, and the next is planned while this one is made)."""
    return f"ack:{int(at.timestamp())}"


def tier_step(depth: int) -> str:
    return f"tier:{depth}"


def tier_of(step: str) -> int:
    return int(unheld(step).removeprefix("tier:"))


def held_step(step: str, until: datetime) -> str:
    """A step held back by quiet hours, planned again for ``until``: the same
    step under a name of its own (a series names each step once)."""
    return f"{unheld(step)}~held:{int(until.timestamp())}"


def unheld(step: str) -> str:
    return step.split("~", 1)[0]


def plan_alerted(task: Task, timing: Timing, now: datetime) -> list[PlannedStep]:
    """The steps of a task just alerted to its assignee (created or reassigned)."""
    first = timing.next_unacknowledged_reminder(task.priority, now, now)
    return [
        PlannedStep(REMINDER, subject(task), cadence_step(first), first),
        PlannedStep(
            ESCALATION, subject(task), tier_step(0), now + timing.ack_timeout[task.priority]
        ),
        *plan_deadline(task, now),
    ]


def plan_deadline(task: Task, now: datetime) -> list[PlannedStep]:
    """The step that makes the task overdue (none when it already is)."""
    if task.due_time <= now:
        return []
    return [PlannedStep(DEADLINE, subject(task), "due", task.due_time)]


def plan_due_reminders(task: Task, timing: Timing, now: datetime) -> list[PlannedStep]:
    return [
        PlannedStep(REMINDER, subject(task), step, at)
        for step, at in timing.due_reminders(task.due_time, now, task.reminder_offsets)
    ]


def cancel(due_steps: DueSteps, task: Task, kinds: tuple[str, ...], now: datetime) -> None:
    for kind in kinds:
        due_steps.cancel(subject(task), kind, now)


def escalate_now(due_steps: DueSteps, task: Task, now: datetime) -> None:
    """Starts the escalation chain again from its first tier, now."""
    due_steps.cancel(subject(task), ESCALATION, now)
    due_steps.schedule([PlannedStep(ESCALATION, subject(task), tier_step(0), now)], now)
