"""Check-in within ten days of assignment (报到对接, 五.3): the steps it owes, what
a check-in may say, and how the check-ins under a node are counted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from service.assignment import rules
from service.kernel.errors import FailedPrecondition, InvalidArgument

AT = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def test_a_new_assignment_plans_its_reminders_then_the_overdue_alert() -> None:
    steps = rules.check_in_plan("of1", "320102001001001", AT)
    due = AT + timedelta(days=10)
    assert [(s.step, s.due_time) for s in steps] == [
        ("reminder:259200", due - timedelta(days=3)),
        ("reminder:86400", due - timedelta(days=1)),
        ("overdue", due),
    ]
    assert {s.subject for s in steps} == {"officers/of1/assignments/320102001001001"}
    assert {s.kind for s in steps} == {rules.CHECK_IN}


def test_reminders_that_would_come_before_the_assignment_are_not_planned() -> None:
    steps = rules.check_in_plan("of1", "320102001001001", AT, reminders=[timedelta(days=12)])
    assert [s.step for s in steps] == ["overdue"]


@pytest.mark.parametrize(
    ("at", "note", "fields"),
    [
        (AT + timedelta(days=2), "", ["check_in_time"]),
        (AT - timedelta(seconds=1), "", ["check_in_time"]),
        (AT, "长" * 501, ["note"]),
    ],
)
def test_a_check_in_is_neither_ahead_nor_before_its_assignment(
    at: datetime, note: str, fields: list[str]
) -> None:
    with pytest.raises(InvalidArgument) as refused:
        rules.check_check_in(at, AT, AT + timedelta(days=1), note)
    assert [v.field for v in refused.value.violations] == fields


def test_each_step_of_a_check_in_comes_once_and_names_the_state() -> None:
    state = rules.check_in_state(None, None)
    rules.refuse_unless(state, rules.CheckInState.OWED, "checked in")
    with pytest.raises(FailedPrecondition) as refused:
        rules.refuse_unless(rules.check_in_state(AT, None), rules.CheckInState.OWED, "checked in")
    assert refused.value.metadata == {"state": "checked_in"}
    assert rules.check_in_state(AT, AT) is rules.CheckInState.CONFIRMED


def test_counts_split_every_owed_check_in_once() -> None:
    now = AT + timedelta(days=20)
    counts = rules.CheckInCounts()
    due = AT + timedelta(days=10)
    counts.count(due, AT + timedelta(days=3), True, now)  # on time, confirmed
    counts.count(due, due + timedelta(hours=1), False, now)  # late
    counts.count(due, None, False, now)  # overdue
    counts.count(now + timedelta(days=1), None, False, now)  # pending
    assert counts == rules.CheckInCounts(4, 1, 1, 1, 1, 1)
    assert counts + counts == rules.CheckInCounts(8, 2, 2, 2, 2, 2)
