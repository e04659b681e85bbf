"""Key tasks' rules: the state machine and the timing of reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from service.kernel.errors import FailedPrecondition
from service.tasks import rules
from service.tasks.rules import Action, Priority, TaskState, Timing, next_state

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("state", "action", "acknowledged", "after"),
    [
        (TaskState.OPEN, Action.ACKNOWLEDGE, False, TaskState.ACKNOWLEDGED),
        (TaskState.OPEN, Action.COMPLETE, False, TaskState.COMPLETED),
        (TaskState.OPEN, Action.DECLINE, False, TaskState.DECLINED),
        (TaskState.ACKNOWLEDGED, Action.REPORT_PROGRESS, True, TaskState.ACKNOWLEDGED),
        (TaskState.ACKNOWLEDGED, Action.BECOME_OVERDUE, True, TaskState.OVERDUE),
        (TaskState.OVERDUE, Action.ACKNOWLEDGE, False, TaskState.OVERDUE),
        (TaskState.OVERDUE, Action.COMPLETE, True, TaskState.COMPLETED),
        (TaskState.OVERDUE, Action.EXTEND, True, TaskState.ACKNOWLEDGED),
        (TaskState.OVERDUE, Action.EXTEND, False, TaskState.OPEN),
        (TaskState.DECLINED, Action.REASSIGN, False, TaskState.OPEN),
        (TaskState.DECLINED, Action.CANCEL, False, TaskState.CANCELLED),
    ],
)
def test_transitions(
    state: TaskState, action: Action, acknowledged: bool, after: TaskState
) -> None:
    assert next_state(state, action, acknowledged=acknowledged) is after


@pytest.mark.parametrize(
    ("state", "action", "acknowledged"),
    [
        (TaskState.COMPLETED, Action.ACKNOWLEDGE, True),
        (TaskState.COMPLETED, Action.CANCEL, True),
        (TaskState.CANCELLED, Action.REASSIGN, False),
        (TaskState.OPEN, Action.REPORT_PROGRESS, False),  # acknowledge first
        (TaskState.ACKNOWLEDGED, Action.ACKNOWLEDGE, True),
        (TaskState.OVERDUE, Action.ACKNOWLEDGE, True),
        (TaskState.DECLINED, Action.COMPLETE, False),
        (TaskState.DECLINED, Action.EXTEND, False),
    ],
)
def test_invalid_transitions_name_the_current_state(
    state: TaskState, action: Action, acknowledged: bool
) -> None:
    with pytest.raises(FailedPrecondition) as refused:
        next_state(state, action, acknowledged=acknowledged)
    assert refused.value.reason == "TASK_STATE"
    assert refused.value.metadata == {"state": state.value, "action": action.value}


def test_unacknowledged_reminders_keep_their_cadence_from_creation() -> None:
    timing = Timing.defaults()
    created = NOW
    assert timing.next_unacknowledged_reminder(
        Priority.P1, created, created
    ) == created + timedelta(minutes=10)
    # A sweep 25 minutes late still lands on the 10-minute grid.
    late = created + timedelta(minutes=25)
    assert timing.next_unacknowledged_reminder(Priority.P1, created, late) == created + timedelta(
        minutes=30
    )
    assert timing.next_unacknowledged_reminder(
        Priority.P4, created, created
    ) == created + timedelta(days=1)


def test_due_reminders_are_those_still_ahead() -> None:
    timing = Timing.defaults()
    due = NOW + timedelta(hours=10)
    assert timing.due_reminders(due, NOW) == [("due:7200", due - timedelta(hours=2))]
    assert [step for step, _ in timing.due_reminders(NOW + timedelta(days=3), NOW)] == [
        "due:86400",
        "due:7200",
    ]


def test_rates_are_zero_with_nothing_to_divide_and_totals_add_up() -> None:
    empty = rules.TaskCounts("320102", tasks=0, completed=0, on_time=0, overdue=0)
    assert (empty.completion_rate, empty.on_time_rate) == (0.0, 0.0)
    rows = [
        rules.TaskCounts("320102001", tasks=4, completed=2, on_time=1, overdue=1),
        rules.TaskCounts("320102002", tasks=1, completed=1, on_time=1, overdue=0),
    ]
    total = rules.total_counts("320102", rows)
    assert (total.tasks, total.completed, total.on_time, total.overdue) == (5, 3, 2, 1)
    assert (total.completion_rate, total.on_time_rate) == (3 / 5, 2 / 3)
