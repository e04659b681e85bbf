"""Key tasks (重点任务提醒, 七.2; 急难险重任务, 四.8, 附件 18): the work officers are
given with a due time: epidemic duty, major-event security, dispute hot spots,
risk screening, special campaigns. Each assignee has a task of their own, with
its own state, so that one officer's silence escalates that officer alone.

The state machine, the reminder plan by priority and the escalation waits are
here; the scheduler (kernel/scheduler.py) makes the steps, the escalation chain
(kernel/escalation.py) says who is above a grid.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from service.kernel.attachments import Attachment, attachment_violations
from service.kernel.errors import FailedPrecondition, FieldViolation, InvalidArgument
from service.kernel.working_time import Availability, OwnHours

MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 5000
MAX_NOTE_CHARS = 2000
MAX_LOCATION_CHARS = 500
MAX_REMINDER_OFFSETS = 5
MAX_REMINDER_OFFSET = timedelta(days=30)


class TaskKind(enum.StrEnum):
    EPIDEMIC_DUTY = "epidemic_duty"
    MAJOR_EVENT_SECURITY = "major_event_security"
    DISPUTE_HOT_SPOT = "dispute_hot_spot"
    RISK_SCREENING = "risk_screening"
    SPECIAL_CAMPAIGN = "special_campaign"
    OTHER = "other"


class Priority(enum.StrEnum):
    P1 = "p1"
    P2 = "p2"
    P3 = "p3"
    P4 = "p4"


class TaskState(enum.StrEnum):
    OPEN = "open"  # alerted, not yet acknowledged
    ACKNOWLEDGED = "acknowledged"
    COMPLETED = "completed"
    OVERDUE = "overdue"  # past its due time, not completed
    CANCELLED = "cancelled"
    DECLINED = "declined"  # the assignee cannot do it; a coordinator reassigns


class Action(enum.StrEnum):
    CREATE = "create"
    ACKNOWLEDGE = "acknowledge"
    REPORT_PROGRESS = "report_progress"
    COMPLETE = "complete"
    DECLINE = "decline"
    REASSIGN = "reassign"
    EXTEND = "extend"
    CANCEL = "cancel"
    # Made by the scheduler, not by a person.
    BECOME_OVERDUE = "become_overdue"


# Who may take an action: the assignee, or a coordinator (the creator, or
# anyone holding task.assign over the assignee).
ASSIGNEE_ACTIONS = frozenset(
    {Action.ACKNOWLEDGE, Action.REPORT_PROGRESS, Action.COMPLETE, Action.DECLINE}
)
COORDINATOR_ACTIONS = frozenset({Action.REASSIGN, Action.EXTEND, Action.CANCEL})

_LIVE = (TaskState.OPEN, TaskState.ACKNOWLEDGED, TaskState.OVERDUE)
_NEXT: dict[tuple[TaskState, Action], TaskState] = {
    **{(state, Action.COMPLETE): TaskState.COMPLETED for state in _LIVE},
    **{(state, Action.DECLINE): TaskState.DECLINED for state in _LIVE},
    **{(state, Action.CANCEL): TaskState.CANCELLED for state in (*_LIVE, TaskState.DECLINED)},
    **{(state, Action.REASSIGN): TaskState.OPEN for state in (*_LIVE, TaskState.DECLINED)},
    (TaskState.OPEN, Action.ACKNOWLEDGE): TaskState.ACKNOWLEDGED,
    # Acknowledging late stops the reminders; the task stays overdue.
    (TaskState.OVERDUE, Action.ACKNOWLEDGE): TaskState.OVERDUE,
    (TaskState.ACKNOWLEDGED, Action.REPORT_PROGRESS): TaskState.ACKNOWLEDGED,
    (TaskState.OVERDUE, Action.REPORT_PROGRESS): TaskState.OVERDUE,
    (TaskState.OPEN, Action.EXTEND): TaskState.OPEN,
    (TaskState.ACKNOWLEDGED, Action.EXTEND): TaskState.ACKNOWLEDGED,
    (TaskState.OPEN, Action.BECOME_OVERDUE): TaskState.OVERDUE,
    (TaskState.ACKNOWLEDGED, Action.BECOME_OVERDUE): TaskState.OVERDUE,
}


def next_state(state: TaskState, action: Action, *, acknowledged: bool) -> TaskState:
    """The state after ``action``; FAILED_PRECONDITION, naming the current
    state, when the action does not apply. Extending an overdue task makes it
    due again, acknowledged or open as it was."""
    if state is TaskState.OVERDUE and action is Action.EXTEND:
        return TaskState.ACKNOWLEDGED if acknowledged else TaskState.OPEN
    if state is TaskState.OVERDUE and action is Action.ACKNOWLEDGE and acknowledged:
        raise _refused(state, action)
    found = _NEXT.get((state, action))
    if found is None:
        raise _refused(state, action)
    return found


def _refused(state: TaskState, action: Action) -> FailedPrecondition:
    return FailedPrecondition(
        f"a task that is {state.value} cannot be {PAST[action]}",
        reason="TASK_STATE",
        metadata={"state": state.value, "action": action.value},
    )


PAST = {
    Action.CREATE: "created",
    Action.ACKNOWLEDGE: "acknowledged",
    Action.REPORT_PROGRESS: "reported on",
    Action.COMPLETE: "completed",
    Action.DECLINE: "declined",
    Action.REASSIGN: "reassigned",
    Action.EXTEND: "extended",
    Action.CANCEL: "cancelled",
    Action.BECOME_OVERDUE: "made overdue",
}


# How a push names a task's urgency to its reader.
PRIORITY_LABELS = {
    Priority.P1: "P1 特急",
    Priority.P2: "P2 紧急",
    Priority.P3: "P3 重要",
    Priority.P4: "P4 一般",
}
SUMMARY_CHARS = 140


def summary(description: str) -> str:
    """What a push shows of a task's description."""
    text = " ".join(description.split())
    if not text:
        return "请查看任务详情并确认接收"
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


def duration_text(delta: timedelta) -> str:
    """How long, as a reader says it: 2天3小时, 1小时10分钟, 15分钟."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days}天{hours}小时" if hours else f"{days}天"
    if hours:
        return f"{hours}小时{minutes}分钟" if minutes else f"{hours}小时"
    return f"{minutes}分钟" if minutes else "不到1分钟"


def escalation_reason(
    *,
    state: TaskState,
    assignee: str,
    alerted: datetime,
    due: datetime,
    decline_reason: str,
    now: datetime,
) -> str:
    """What an escalation tells the tier above: whose task, and how late (四.8)."""
    who = f"officers/{assignee}"
    if state is TaskState.DECLINED:
        return f"{who} 拒绝了任务：{decline_reason}"
    if state is TaskState.OVERDUE:
        return f"{who} 的任务已逾期{duration_text(now - due)}"
    return f"{who} 已{duration_text(now - alerted)}未确认接收"


@dataclass(frozen=True)
class Timing:
    """When a task's reminders and escalations come, by priority (defaults:
    the issue's; all configurable)."""

    # Until acknowledged, a reminder every this long.
    remind_every: dict[Priority, timedelta]
    # Unacknowledged this long after creation: escalated; and the wait before
    # each further tier of the chain.
    ack_timeout: dict[Priority, timedelta]
    # Once acknowledged, reminders this long before the due time.
    before_due: tuple[timedelta, ...]
    # When officers who set no hours of their own may be disturbed (the
    # default: at any time, in UTC).
    availability: Availability = field(default_factory=Availability.at_any_time)

    @classmethod
    def defaults(cls) -> Timing:
        steps = {
            Priority.P1: timedelta(minutes=10),
            Priority.P2: timedelta(hours=1),
            Priority.P3: timedelta(hours=4),
            Priority.P4: timedelta(days=1),
        }
        return cls(
            remind_every=dict(steps),
            ack_timeout=dict(steps),
            before_due=(timedelta(hours=24), timedelta(hours=2)),
        )

    def next_unacknowledged_reminder(
        self, priority: Priority, created: datetime, now: datetime
    ) -> datetime:
        """The next reminder of an unacknowledged task after ``now``, on the
        cadence that started at creation (a late sweep does not shift it)."""
        every = self.remind_every[priority]
        elapsed = max(now - created, timedelta(0))
        return created + every * (elapsed // every + 1)

    def on_calendar(self, days: Mapping[date, bool]) -> Timing:
        """The same timing, with the days city admins set on its calendar."""
        return replace(self, availability=self.availability.with_days(days)) if days else self

    def held_until(
        self, priority: Priority, now: datetime, own: OwnHours | None = None
    ) -> datetime | None:
        """When a reminder or escalation due ``now`` may go instead, or None
        when it may go now. Quiet hours and days off — the officer's ``own``
        when they set them, else the city's — hold back P2–P4; a P1 is urgent
        enough to wake anyone (issue 10, availability)."""
        if priority is Priority.P1:
            return None
        allowed = self.availability.of_officer(own).next_allowed(now)
        return allowed if allowed > now else None

    def due_reminders(
        self, due: datetime, now: datetime, before_due: Sequence[timedelta] = ()
    ) -> list[tuple[str, datetime]]:
        """The reminders before the due time still ahead of ``now`` (at
        ``before_due``, or the default offsets when it is empty)."""
        return sorted(
            (
                (f"due:{int(offset.total_seconds())}", due - offset)
                for offset in set(before_due or self.before_due)
                if due - offset > now
            ),
            key=lambda step: step[1],
        )


@dataclass(frozen=True)
class TaskContent:
    """What the creator says of a new task (the same for each of its assignees)."""

    title: str
    description: str
    kind: TaskKind
    priority: Priority
    due_time: datetime | None
    grid: str | None = None
    location: str = ""
    attachments: tuple[Attachment, ...] = ()
    reminder_offsets: tuple[timedelta, ...] = ()


def check_new(content: TaskContent, now: datetime) -> None:
    """INVALID_ARGUMENT naming every field that is wrong."""
    found = check_content(
        title=content.title, description=content.description, due=content.due_time, now=now
    )
    if len(content.location) > MAX_LOCATION_CHARS:
        found.append(FieldViolation("task.location", f"at most {MAX_LOCATION_CHARS} characters"))
    found.extend(attachment_violations(content.attachments, "task.attachments"))
    if len(content.reminder_offsets) > MAX_REMINDER_OFFSETS:
        found.append(
            FieldViolation("task.reminder_offsets", f"at most {MAX_REMINDER_OFFSETS} offsets")
        )
    for index, offset in enumerate(content.reminder_offsets):
        if not timedelta(0) < offset <= MAX_REMINDER_OFFSET:
            found.append(
                FieldViolation(
                    f"task.reminder_offsets[{index}]", "must be positive and at most 30 days"
                )
            )
    if found:
        raise InvalidArgument(found)


def reassigned_state(due: datetime, now: datetime) -> TaskState:
    """A task handed to someone new is open again, or still overdue when its
    due time has passed (reassigning does not move the deadline; extend does)."""
    return TaskState.OVERDUE if due <= now else TaskState.OPEN


def check_extension(new_due: datetime | None, current_due: datetime, now: datetime) -> datetime:
    if new_due is None:
        raise InvalidArgument.field("due_time", "required")
    if new_due <= current_due or new_due <= now:
        raise InvalidArgument.field(
            "due_time", "must be later than the current due time and in the future"
        )
    return new_due


def check_content(
    *, title: str, description: str, due: datetime | None, now: datetime, prefix: str = "task"
) -> list[FieldViolation]:
    found = []
    if not title.strip():
        found.append(FieldViolation(f"{prefix}.title", "required"))
    elif len(title) > MAX_TITLE_CHARS:
        found.append(FieldViolation(f"{prefix}.title", f"at most {MAX_TITLE_CHARS} characters"))
    if len(description) > MAX_TEXT_CHARS:
        found.append(
            FieldViolation(f"{prefix}.description", f"at most {MAX_TEXT_CHARS} characters")
        )
    if due is None:
        found.append(FieldViolation(f"{prefix}.due_time", "required"))
    elif due <= now:
        found.append(FieldViolation(f"{prefix}.due_time", "must be in the future"))
    return found


def check_note(field: str, note: str, *, required: bool) -> None:
    if required and not note.strip():
        raise InvalidArgument.field(field, "say why; it is kept in the task's history")
    if len(note) > MAX_NOTE_CHARS:
        raise InvalidArgument.field(field, f"at most {MAX_NOTE_CHARS} characters")


@dataclass(frozen=True)
class TaskCounts:
    """Key tasks under one node (七.2: supervisors follow completion and
    timeliness). Cancelled tasks are not counted; a task completed by its due
    time (as extended) is on time; one past it and not completed is overdue."""

    scope_node: str
    tasks: int
    completed: int
    on_time: int
    overdue: int

    @property
    def completion_rate(self) -> float:
        return self.completed / self.tasks if self.tasks else 0.0

    @property
    def on_time_rate(self) -> float:
        return self.on_time / self.completed if self.completed else 0.0


def total_counts(scope_node: str, rows: Iterable[TaskCounts]) -> TaskCounts:
    rows = list(rows)
    return TaskCounts(
        scope_node=scope_node,
        tasks=sum(r.tasks for r in rows),
        completed=sum(r.completed for r in rows),
        on_time=sum(r.on_time for r in rows),
        overdue=sum(r.overdue for r in rows),
    )
