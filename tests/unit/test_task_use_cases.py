"""Key tasks' use cases and scheduled steps on a fake unit of work: who a task
reaches, what each action writes and plans, who may act, and what the
reminders and the escalation chain push as the clock moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from contracts.messages import PushKind
from service.kernel import scheduler
from service.kernel.audience import Audience
from service.kernel.errors import FailedPrecondition, InvalidArgument, PermissionDenied
from service.kernel.roles import OfficerCategory, Role
from service.tasks import planning, scheduled, use_cases, views
from service.tasks.ports import Task
from service.tasks.rules import Priority, TaskContent, TaskKind, TaskState, Timing
from tests.unit.task_fakes import FakeTaskUnitOfWork

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
DISTRICT, STREET = "320102", "320102002"
COMMUNITY, OTHER_COMMUNITY = "320102002003", "320102002004"
GRID, GRID2, OTHER_GRID = f"{COMMUNITY}001", f"{COMMUNITY}002", f"{OTHER_COMMUNITY}001"
TIMING = Timing.defaults()
HANDLERS = scheduled.handlers(via_broker=True, timing=TIMING)


@pytest.fixture
def uow() -> FakeTaskUnitOfWork:
    uow = FakeTaskUnitOfWork()
    uow.directory.nodes |= {DISTRICT, STREET, COMMUNITY, OTHER_COMMUNITY, GRID, GRID2, OTHER_GRID}
    uow.directory.officers.update(
        {
            "judge": (GRID, OfficerCategory.JUDGE),
            "lawyer": (GRID2, OfficerCategory.LAWYER),
            "police": (OTHER_GRID, OfficerCategory.POLICE),
        }
    )
    uow.directory.roles += [
        ("head", Role.COMMUNITY_HEAD, COMMUNITY),
        ("liaison", Role.STREET_LIAISON, STREET),
        ("district", Role.DISTRICT_ADMIN, DISTRICT),
    ]
    for user, role, node in uow.directory.roles:
        uow.callers.add(user, role, node)
    for user, (grid, _) in uow.directory.officers.items():
        uow.callers.add(user, Role.OFFICER, grid)
    return uow


def _content(
    priority: Priority = Priority.P2, due: timedelta = timedelta(days=3), **more: object
) -> TaskContent:
    return TaskContent(
        title="排查矛盾纠纷",
        description="对辖区矛盾纠纷开展一次排查。",
        kind=TaskKind.DISPUTE_HOT_SPOT,
        priority=priority,
        due_time=NOW + due,
        **more,  # type: ignore[arg-type]
    )


def _create(
    uow: FakeTaskUnitOfWork,
    audience: Audience,
    *,
    by: str = "head",
    content: TaskContent | None = None,
) -> use_cases.Outcome:
    return use_cases.create(
        uow,
        caller=uow.callers.load(by),
        content=content or _content(),
        audience=audience,
        now=NOW,
        via_broker=True,
        timing=TIMING,
    )


def _one(
    uow: FakeTaskUnitOfWork, priority: Priority = Priority.P2, due: timedelta = timedelta(days=3)
) -> Task:
    content = _content(priority, due)
    return _create(uow, Audience(recipients=("judge",)), content=content).tasks[0]


def _act(
    action: Any,
    uow: FakeTaskUnitOfWork,
    task: Task,
    *,
    by: str = "judge",
    at: datetime = NOW,
    **fields: Any,
) -> use_cases.Outcome:
    """One action on ``task`` by ``by`` at ``at``."""
    outcome: use_cases.Outcome = action(
        uow, caller=uow.callers.load(by), task_id=task.task_id, name="tasks/x", now=at, **fields
    )
    return outcome


def _sweep(uow: FakeTaskUnitOfWork, at: datetime) -> list[scheduler.Made]:
    made = []
    while (step := scheduler.make_next(uow, now=at, handlers=HANDLERS, made_by="test")) is not None:
        made.append(step)
    return made


def _pushes(uow: FakeTaskUnitOfWork, kind: PushKind) -> list[str]:
    return [item.user_id for item in uow.inbox.items if item.kind == kind.value]


def _actions(uow: FakeTaskUnitOfWork, task: Task) -> list[str]:
    return [event.action for event in uow.tasks.history(task.task_id)]


def test_a_task_for_a_community_is_one_task_per_officer_each_alerted_and_planned(
    uow: FakeTaskUnitOfWork,
) -> None:
    outcome = _create(uow, Audience(scope_nodes=(COMMUNITY,)))
    assert sorted(task.assignee for task in outcome.tasks) == ["judge", "lawyer"]
    assert len({task.batch_id for task in outcome.tasks}) == 1
    assert all(task.state is TaskState.OPEN for task in outcome.tasks)
    assert sorted(_pushes(uow, PushKind.TASK_ALERT)) == ["judge", "lawyer"]
    assert sorted(m.routing_key for m in uow.outbox.messages) == ["user.judge", "user.lawyer"]
    judge = next(task for task in outcome.tasks if task.assignee == "judge")
    assert judge.scope_node == GRID
    assert sorted(uow.due_steps.planned(planning.subject(judge))) == sorted(
        [
            (planning.cadence_step(NOW + timedelta(hours=1)), NOW + timedelta(hours=1)),
            ("tier:0", NOW + timedelta(hours=1)),
            ("due", NOW + timedelta(days=3)),
        ]
    )
    assert _actions(uow, judge) == ["create"]


def test_creating_needs_task_assign_over_every_target(uow: FakeTaskUnitOfWork) -> None:
    with pytest.raises(PermissionDenied):
        _create(uow, Audience(recipients=("lawyer",)), by="judge")
    with pytest.raises(PermissionDenied):
        _create(uow, Audience(scope_nodes=(COMMUNITY, OTHER_GRID)))
    with pytest.raises(PermissionDenied):
        _create(uow, Audience(recipients=("police",)))
    assert uow.tasks.tasks == {}
    assert uow.inbox.items == []
    assert uow.due_steps.rows == []


def test_targets_that_reach_no_one_and_bad_content_change_nothing(
    uow: FakeTaskUnitOfWork,
) -> None:
    with pytest.raises(FailedPrecondition) as empty:
        _create(uow, Audience(scope_nodes=(COMMUNITY,), categories=(OfficerCategory.POLICE,)))
    assert empty.value.reason == "EMPTY_AUDIENCE"
    with pytest.raises(InvalidArgument) as bad:
        _create(
            uow,
            Audience(recipients=("judge",)),
            content=_content(due=-timedelta(hours=1), reminder_offsets=(timedelta(0),)),
        )
    assert {v.field for v in bad.value.violations} == {
        "task.due_time",
        "task.reminder_offsets[0]",
    }
    assert uow.tasks.tasks == {}
    assert uow.inbox.items == []


def test_acknowledging_stops_the_cadence_and_the_escalation_and_plans_the_due_reminders(
    uow: FakeTaskUnitOfWork,
) -> None:
    task = _one(uow)
    done = _act(
        use_cases.acknowledge,
        uow,
        task,
        comment="收到",
        at=NOW + timedelta(minutes=5),
        timing=TIMING,
    ).tasks[0]
    assert done.state is TaskState.ACKNOWLEDGED
    assert done.acknowledge_time == NOW + timedelta(minutes=5)
    due = task.due_time
    assert sorted(uow.due_steps.planned(planning.subject(task))) == sorted(
        [
            ("due", due),
            ("due:86400", due - timedelta(hours=24)),
            ("due:7200", due - timedelta(hours=2)),
        ]
    )
    assert uow.tasks.history(task.task_id)[-1].note == "收到"
    with pytest.raises(FailedPrecondition) as again:
        _act(
            use_cases.acknowledge,
            uow,
            task,
            comment="",
            at=NOW + timedelta(minutes=6),
            timing=TIMING,
        )
    assert again.value.reason == "TASK_STATE"
    assert again.value.metadata == {"state": "acknowledged", "action": "acknowledge"}


def test_only_the_assignee_acts_as_the_assignee(uow: FakeTaskUnitOfWork) -> None:
    task = _one(uow)
    with pytest.raises(PermissionDenied) as head:
        _act(use_cases.complete, uow, task, by="head", note="done", attachments=(), at=NOW)
    assert "only the assignee" in str(head.value)
    # An officer of another community does not learn that the task exists.
    with pytest.raises(PermissionDenied) as stranger:
        _act(use_cases.decline, uow, task, by="police", reason="no", at=NOW)
    assert "only the assignee" not in str(stranger.value)
    assert uow.tasks.get(task.task_id) == task


def test_completing_ends_every_series_and_keeps_the_note(uow: FakeTaskUnitOfWork) -> None:
    task = _one(uow)
    done = _act(
        use_cases.complete,
        uow,
        task,
        note="已排查 12 户",
        attachments=(),
        at=NOW + timedelta(hours=2),
    ).tasks[0]
    assert done.state is TaskState.COMPLETED
    assert done.completion_note == "已排查 12 户"
    assert uow.due_steps.planned(planning.subject(task)) == []
    assert _sweep(uow, NOW + timedelta(days=10)) == []
    assert _actions(uow, task) == ["create", "complete"]


def test_declining_escalates_at_once_to_the_community_head(uow: FakeTaskUnitOfWork) -> None:
    task = _one(uow)
    _act(use_cases.decline, uow, task, reason="出差", at=NOW)
    _sweep(uow, NOW)
    assert _pushes(uow, PushKind.ESCALATION) == ["head"]
    escalated = uow.tasks.get(task.task_id)
    assert escalated is not None
    assert escalated.escalate_time == NOW
    assert "拒绝了任务：出差" in uow.tasks.history(task.task_id)[-1].note
    assert _pushes(uow, PushKind.TASK_REMINDER) == []


def test_the_unacknowledged_cadence_repeats_by_priority_and_an_outage_makes_one_reminder(
    uow: FakeTaskUnitOfWork,
) -> None:
    task = _one(uow, Priority.P1)
    # P1 escalates after 10 minutes too: keep the head out of this test.
    uow.directory.roles = []
    _sweep(uow, NOW + timedelta(minutes=10))
    _sweep(uow, NOW + timedelta(minutes=20))
    assert _pushes(uow, PushKind.TASK_REMINDER) == ["judge", "judge"]
    # The sweep was away for 45 minutes: one reminder, and the cadence holds.
    _sweep(uow, NOW + timedelta(minutes=65))
    assert _pushes(uow, PushKind.TASK_REMINDER) == ["judge"] * 3
    cadence = [
        at for step, at in uow.due_steps.planned(planning.subject(task)) if step.startswith("ack:")
    ]
    assert cadence == [NOW + timedelta(minutes=70)]


def test_p4_reminds_once_a_day(uow: FakeTaskUnitOfWork) -> None:
    _one(uow, Priority.P4, due=timedelta(days=10))
    uow.directory.roles = []
    _sweep(uow, NOW + timedelta(hours=23))
    assert _pushes(uow, PushKind.TASK_REMINDER) == []
    _sweep(uow, NOW + timedelta(days=1))
    assert _pushes(uow, PushKind.TASK_REMINDER) == ["judge"]


def test_escalation_walks_head_then_liaison_then_district_and_stops_on_acknowledgement(
    uow: FakeTaskUnitOfWork,
) -> None:
    task = _one(uow, Priority.P2)
    _sweep(uow, NOW + timedelta(hours=1))
    assert _pushes(uow, PushKind.ESCALATION) == ["head"]
    _sweep(uow, NOW + timedelta(hours=2))
    assert _pushes(uow, PushKind.ESCALATION) == ["head", "liaison"]
    _act(
        use_cases.acknowledge,
        uow,
        task,
        comment="",
        at=NOW + timedelta(hours=2, minutes=30),
        timing=TIMING,
    )
    _sweep(uow, NOW + timedelta(hours=5))
    assert _pushes(uow, PushKind.ESCALATION) == ["head", "liaison"]
    assert [a for a in _actions(uow, task) if a.endswith("escalate")] == ["escalate", "escalate"]


def test_a_missing_head_is_skipped_to_the_liaison_and_the_skip_recorded(
    uow: FakeTaskUnitOfWork,
) -> None:
    uow.directory.roles = [r for r in uow.directory.roles if r[1] is not Role.COMMUNITY_HEAD]
    task = _create(uow, Audience(recipients=("judge",)), by="liaison").tasks[0]
    _sweep(uow, NOW + timedelta(hours=1))
    assert _pushes(uow, PushKind.ESCALATION) == ["liaison"]
    history = uow.tasks.history(task.task_id)
    assert [e.action for e in history if e.action != "remind"] == [
        "create",
        "skip_escalation",
        "escalate",
    ]
    skip = next(e for e in history if e.action == "skip_escalation")
    assert "社区负责人" in skip.note
    assert COMMUNITY in skip.note
    _sweep(uow, NOW + timedelta(hours=2))
    assert _pushes(uow, PushKind.ESCALATION) == ["liaison", "district"]


def test_the_deadline_makes_the_task_overdue_and_escalates_even_when_acknowledged(
    uow: FakeTaskUnitOfWork,
) -> None:
    task = _one(uow, Priority.P3, due=timedelta(hours=3))
    _act(use_cases.acknowledge, uow, task, comment="", at=NOW, timing=TIMING)
    _sweep(uow, NOW + timedelta(hours=1, minutes=1))
    assert _pushes(uow, PushKind.TASK_REMINDER) == ["judge"]  # 2 hours before
    _sweep(uow, NOW + timedelta(hours=3))
    overdue = uow.tasks.get(task.task_id)
    assert overdue is not None
    assert overdue.state is TaskState.OVERDUE
    assert _pushes(uow, PushKind.ESCALATION) == ["head"]
    assert "逾期" in uow.tasks.history(task.task_id)[-1].note


def test_reassigning_alerts_the_new_officer_tells_the_old_and_starts_the_plan_afresh(
    uow: FakeTaskUnitOfWork,
) -> None:
    task = _one(uow)
    later = NOW + timedelta(minutes=30)
    moved = _act(
        use_cases.reassign,
        uow,
        task,
        by="head",
        assignee="lawyer",
        reason="法官出差",
        at=later,
        via_broker=True,
        timing=TIMING,
    )
    changed = moved.tasks[0]
    assert (changed.assignee, changed.scope_node, changed.state) == (
        "lawyer",
        GRID2,
        TaskState.OPEN,
    )
    assert _pushes(uow, PushKind.TASK_ALERT) == ["judge", "lawyer"]
    assert _pushes(uow, PushKind.TASK_CHANGED) == ["judge"]
    assert ("tier:0", later + timedelta(hours=1)) in uow.due_steps.planned(planning.subject(task))
    with pytest.raises(PermissionDenied):
        _act(
            use_cases.reassign,
            uow,
            task,
            by="head",
            assignee="police",
            reason="r",
            at=later,
            via_broker=True,
            timing=TIMING,
        )


def test_extending_an_overdue_task_makes_it_due_again_and_tells_the_assignee(
    uow: FakeTaskUnitOfWork,
) -> None:
    task = _one(uow, due=timedelta(hours=1))
    _sweep(uow, NOW + timedelta(hours=1))
    assert uow.tasks.tasks[task.task_id].state is TaskState.OVERDUE
    with pytest.raises(InvalidArgument):
        _act(
            use_cases.extend,
            uow,
            task,
            by="liaison",
            due_time=NOW + timedelta(minutes=30),
            reason="r",
            at=NOW + timedelta(hours=1),
            via_broker=True,
            timing=TIMING,
        )
    extended = _act(
        use_cases.extend,
        uow,
        task,
        by="liaison",
        due_time=NOW + timedelta(days=2),
        reason="延期两天",
        at=NOW + timedelta(hours=1),
        via_broker=True,
        timing=TIMING,
    ).tasks[0]
    assert extended.state is TaskState.OPEN
    assert extended.due_time == NOW + timedelta(days=2)
    assert _pushes(uow, PushKind.TASK_CHANGED) == ["judge"]
    assert ("due", NOW + timedelta(days=2)) in uow.due_steps.planned(planning.subject(task))


def test_a_cancelled_task_refuses_every_action_naming_its_state(uow: FakeTaskUnitOfWork) -> None:
    task = _one(uow)
    _act(use_cases.cancel, uow, task, by="head", reason="任务取消", at=NOW, via_broker=True)
    assert _pushes(uow, PushKind.TASK_CHANGED) == ["judge"]
    assert uow.due_steps.planned(planning.subject(task)) == []
    with pytest.raises(FailedPrecondition) as refused:
        _act(use_cases.report_progress, uow, task, note="进展", at=NOW)
    assert refused.value.metadata["state"] == "cancelled"


def test_coordinators_are_the_creator_and_who_assigns_over_the_assignee(
    uow: FakeTaskUnitOfWork,
) -> None:
    task = _create(uow, Audience(recipients=("judge",)), by="liaison").tasks[0]
    assert views.coordinates(uow.callers.load("liaison"), task)
    assert views.coordinates(uow.callers.load("head"), task)
    assert not views.coordinates(uow.callers.load("judge"), task)
    assert views.visible(uow.callers.load("judge"), task)
    assert not views.visible(uow.callers.load("police"), task)
