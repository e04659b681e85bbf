"""Key tasks through the gRPC API on both databases, with the scheduler driven
by hand at chosen times (the server's own loop is parked): creation and the
alerts, every officer and coordinator action and the refusals, reminders and
the escalation chain, reassigning from an escalation, lists and their pages,
and replicas sweeping together."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import grpc
import pytest
import sqlalchemy as sa
from google.protobuf import field_mask_pb2, timestamp_pb2
from officer.v1 import (
    admin_service_pb2,
    admin_service_pb2_grpc,
    common_pb2,
    inbox_service_pb2,
    inbox_service_pb2_grpc,
    officer_service_pb2,
    officer_service_pb2_grpc,
    task_service_pb2,
    task_service_pb2_grpc,
)
from sqlalchemy.engine import Engine

from service.kernel import scheduler
from service.platform.scheduling import due_step_handlers, task_timing
from service.platform.settings import Settings
from service.tasks.planning import SERIES
from tests.integration.city_queries import plain_officers
from tests.integration.sweeps import sweep, two_replicas
from tests.movable_clock import MovableClock
from tests.rpc_errors import error_info, field_violations, refused

OpenAs = Callable[[str], grpc.aio.Channel]
HANDLERS = due_step_handlers(via_broker=False)


@dataclass(frozen=True)
class City:
    liaison: str
    street: str
    head: str
    community: str
    district_admin: str
    officer: str  # a plain officer of a grid of ``community``
    grid: str
    # Another plain officer of the community, and one of another street.
    neighbour: str
    stranger: str
    stranger_street: str
    community_officers: frozenset[str]


@pytest.fixture
def settings(database_url: str) -> Settings:
    # The test makes the steps, at the times it chooses: the server's loop
    # makes one round at start and then sleeps through the test. No monthly
    # reminder (六.1): its steps are not the tasks'.
    return Settings(
        listen="127.0.0.1:0",
        database_url=database_url,
        notice_step_interval_seconds=3600,
        activity_reminder_day=0,
    )


@pytest.fixture
def city(small_city_engine: Engine) -> City:
    with small_city_engine.connect() as connection:
        liaison, street = connection.execute(
            sa.text(
                "SELECT user_id, scope_node FROM role_binding WHERE role = 'street_liaison' "
                "ORDER BY scope_node LIMIT 1"
            )
        ).one()
        head, community = connection.execute(
            sa.text(
                "SELECT user_id, min(scope_node) FROM role_binding WHERE role = 'community_head' "
                "AND scope_node LIKE :street GROUP BY user_id HAVING count(*) = 1 "
                "ORDER BY min(scope_node) LIMIT 1"
            ),
            {"street": f"{street}%"},
        ).one()
        (grid, officer), (_, neighbour), *_ = plain_officers(connection, community)
        stranger_grid, stranger = next(
            (grid_code, user)
            for grid_code, user in plain_officers(connection, street[:6])
            if not grid_code.startswith(street)
        )
        members = connection.execute(
            sa.text(
                "SELECT DISTINCT user_id FROM role_binding WHERE role = 'officer' "
                "AND scope_node LIKE :community"
            ),
            {"community": f"{community}%"},
        ).scalars()
        return City(
            liaison=liaison,
            street=street,
            head=head,
            community=community,
            district_admin=f"admin-{street[:6]}",
            officer=officer,
            grid=grid,
            neighbour=neighbour,
            stranger=stranger,
            stranger_street=stranger_grid[:9],
            community_officers=frozenset(members),
        )


def _tasks(channel: grpc.aio.Channel) -> Any:
    return task_service_pb2_grpc.TaskServiceStub(channel)  # type: ignore[no-untyped-call]


def _stamp(value: datetime) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(value)
    return stamp


def _new(
    *,
    due: timedelta = timedelta(days=3),
    priority: task_service_pb2.TaskPriority = task_service_pb2.TASK_PRIORITY_P2,
    title: str = "矛盾纠纷排查",
    assignee: str = "",
    clock: MovableClock | None = None,
) -> task_service_pb2.Task:
    now = clock() if clock else datetime.now(UTC)
    return task_service_pb2.Task(
        title=title,
        description="对网格内矛盾纠纷开展一次全面排查。",
        kind=task_service_pb2.TASK_KIND_DISPUTE_HOT_SPOT,
        priority=priority,
        due_time=_stamp(now + due),
        assignee=assignee,
    )


async def _create(
    channel_as: OpenAs,
    by: str,
    task: task_service_pb2.Task,
    targets: task_service_pb2.TaskTargets | None = None,
) -> task_service_pb2.CreateTaskResponse:
    response: task_service_pb2.CreateTaskResponse = await _tasks(channel_as(by)).CreateTask(
        task_service_pb2.CreateTaskRequest(task=task, targets=targets)
    )
    return response


async def _get(channel_as: OpenAs, by: str, name: str) -> task_service_pb2.Task:
    response = await _tasks(channel_as(by)).GetTask(task_service_pb2.GetTaskRequest(name=name))
    task: task_service_pb2.Task = response.task
    return task


async def _items(channel_as: OpenAs, user: str) -> list[inbox_service_pb2.InboxItem]:
    inbox = inbox_service_pb2_grpc.InboxServiceStub(channel_as(user))  # type: ignore[no-untyped-call]
    listed = await inbox.ListInboxItems(
        inbox_service_pb2.ListInboxItemsRequest(parent=f"users/{user}", page_size=1000)
    )
    return list(listed.inbox_items)


async def _kinds(channel_as: OpenAs, user: str, subject: str) -> list[int]:
    """The kinds of the user's items about ``subject``, oldest first."""
    return [
        item.kind for item in reversed(await _items(channel_as, user)) if item.subject == subject
    ]


def _make_steps(
    engine: Engine, at: datetime, handlers: dict[str, scheduler.Handler] = HANDLERS
) -> list[scheduler.Made]:
    """What one replica's scheduler makes at ``at`` (by default at any hour:
    these handlers know no quiet hours)."""
    return sweep(engine, at, handlers)


async def test_a_task_to_a_community_is_one_task_per_officer_each_alerted(
    city: City, channel_as: OpenAs
) -> None:
    created = await _create(
        channel_as,
        city.head,
        _new(),
        task_service_pb2.TaskTargets(scope_nodes=[f"scopeNodes/{city.community}"]),
    )
    assert created.task_count == len(city.community_officers) == len(created.tasks)
    assert {t.assignee.removeprefix("officers/") for t in created.tasks} == city.community_officers
    assert len({t.batch_id for t in created.tasks}) == 1 == len({created.batch_id})
    mine = next(t for t in created.tasks if t.assignee == f"officers/{city.officer}")
    assert mine.state == task_service_pb2.TASK_STATE_OPEN
    assert await _kinds(channel_as, city.officer, mine.name) == [
        inbox_service_pb2.INBOX_ITEM_KIND_TASK_ALERT
    ]
    seen = await _get(channel_as, city.officer, mine.name)
    assert [(e.action, e.actor) for e in seen.history] == [("create", f"users/{city.head}")]
    assert seen.creator == f"users/{city.head}"


async def test_the_assignee_acknowledges_reports_and_completes_each_step_recorded(
    city: City, channel_as: OpenAs
) -> None:
    created = await _create(channel_as, city.head, _new(assignee=f"officers/{city.officer}"))
    name = created.task.name
    mine = _tasks(channel_as(city.officer))
    early = await refused(
        mine.ReportTaskProgress(task_service_pb2.ReportTaskProgressRequest(name=name, note="x"))
    )
    assert early.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert error_info(early).metadata["state"] == "open"
    await mine.AcknowledgeTask(task_service_pb2.AcknowledgeTaskRequest(name=name, comment="收到"))
    await mine.ReportTaskProgress(
        task_service_pb2.ReportTaskProgressRequest(name=name, note="已走访 5 户")
    )
    done = await mine.CompleteTask(
        task_service_pb2.CompleteTaskRequest(name=name, completion_note="排查完毕，无新增纠纷")
    )
    assert done.task.state == task_service_pb2.TASK_STATE_COMPLETED
    assert done.task.progress_note == "已走访 5 户"
    assert [(e.action, e.note) for e in done.task.history] == [
        ("create", ""),
        ("acknowledge", "收到"),
        ("report_progress", "已走访 5 户"),
        ("complete", "排查完毕，无新增纠纷"),
    ]
    again = await refused(
        mine.DeclineTask(task_service_pb2.DeclineTaskRequest(name=name, reason="晚了"))
    )
    assert again.code() == grpc.StatusCode.FAILED_PRECONDITION
    info = error_info(again)
    assert (info.reason, info.metadata["state"], info.metadata["action"]) == (
        "TASK_STATE",
        "completed",
        "decline",
    )
    # Nobody but the assignee acts as the assignee.
    head = await refused(
        _tasks(channel_as(city.head)).AcknowledgeTask(
            task_service_pb2.AcknowledgeTaskRequest(name=name)
        )
    )
    assert head.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_escalation_walks_head_liaison_district_and_stops_on_acknowledgement(
    city: City, channel_as: OpenAs, migrated_engine: Engine, clock: MovableClock
) -> None:
    start = clock()
    created = await _create(
        channel_as,
        city.head,
        _new(assignee=f"officers/{city.officer}", priority=task_service_pb2.TASK_PRIORITY_P1),
    )
    name = created.task.name
    escalation = inbox_service_pb2.INBOX_ITEM_KIND_ESCALATION
    reminder = inbox_service_pb2.INBOX_ITEM_KIND_TASK_REMINDER
    _make_steps(migrated_engine, start + timedelta(minutes=10, seconds=1))
    assert await _kinds(channel_as, city.head, name) == [escalation]
    assert await _kinds(channel_as, city.liaison, name) == []
    _make_steps(migrated_engine, start + timedelta(minutes=20, seconds=2))
    assert await _kinds(channel_as, city.liaison, name) == [escalation]
    _make_steps(migrated_engine, start + timedelta(minutes=30, seconds=3))
    district = await _items(channel_as, city.district_admin)
    assert [i.kind for i in district if i.subject == name] == [escalation]
    assert "未确认接收" in district[0].summary
    assert await _kinds(channel_as, city.officer, name) == [
        inbox_service_pb2.INBOX_ITEM_KIND_TASK_ALERT,
        reminder,
        reminder,
        reminder,
    ]
    clock.advance(timedelta(minutes=35))
    await _tasks(channel_as(city.officer)).AcknowledgeTask(
        task_service_pb2.AcknowledgeTaskRequest(name=name)
    )
    assert _make_steps(migrated_engine, start + timedelta(hours=2)) == []
    seen = await _get(channel_as, city.head, name)
    actions = [e.action for e in seen.history]
    assert (actions.count("escalate"), actions.count("remind")) == (3, 3)
    assert seen.escalate_time.ToDatetime(UTC) > start


async def test_a_decline_escalates_at_once_and_the_head_reassigns_from_the_push(
    city: City, channel_as: OpenAs, migrated_engine: Engine, clock: MovableClock
) -> None:
    created = await _create(channel_as, city.liaison, _new(assignee=f"officers/{city.officer}"))
    name = created.task.name
    await _tasks(channel_as(city.officer)).DeclineTask(
        task_service_pb2.DeclineTaskRequest(name=name, reason="本周出差")
    )
    _make_steps(migrated_engine, clock())
    pushed = [i for i in await _items(channel_as, city.head) if i.subject == name]
    assert [i.kind for i in pushed] == [inbox_service_pb2.INBOX_ITEM_KIND_ESCALATION]
    assert "本周出差" in pushed[0].summary
    moved = await _tasks(channel_as(city.head)).ReassignTask(
        task_service_pb2.ReassignTaskRequest(
            name=pushed[0].subject, assignee=f"officers/{city.neighbour}", reason="改由邻格办理"
        )
    )
    assert moved.task.assignee == f"officers/{city.neighbour}"
    assert moved.task.state == task_service_pb2.TASK_STATE_OPEN
    assert await _kinds(channel_as, city.neighbour, name) == [
        inbox_service_pb2.INBOX_ITEM_KIND_TASK_ALERT
    ]
    assert (await _kinds(channel_as, city.officer, name))[-1] == (
        inbox_service_pb2.INBOX_ITEM_KIND_TASK_CHANGED
    )
    # The old assignee no longer acts on it; the new one does.
    old = await refused(
        _tasks(channel_as(city.officer)).AcknowledgeTask(
            task_service_pb2.AcknowledgeTaskRequest(name=name)
        )
    )
    assert old.code() == grpc.StatusCode.PERMISSION_DENIED
    await _tasks(channel_as(city.neighbour)).AcknowledgeTask(
        task_service_pb2.AcknowledgeTaskRequest(name=name)
    )
    outside = await refused(
        _tasks(channel_as(city.head)).ReassignTask(
            task_service_pb2.ReassignTaskRequest(
                name=name, assignee=f"officers/{city.stranger}", reason="r"
            )
        )
    )
    assert outside.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_extending_and_cancelling_tell_the_assignee(
    city: City, channel_as: OpenAs, migrated_engine: Engine, clock: MovableClock
) -> None:
    created = await _create(
        channel_as, city.liaison, _new(assignee=f"officers/{city.officer}", due=timedelta(hours=1))
    )
    name = created.task.name
    _make_steps(migrated_engine, clock() + timedelta(hours=1, minutes=1))
    overdue = await _get(channel_as, city.liaison, name)
    assert overdue.state == task_service_pb2.TASK_STATE_OVERDUE
    coordinator = _tasks(channel_as(city.liaison))
    bad = await refused(
        coordinator.ExtendTask(
            task_service_pb2.ExtendTaskRequest(
                name=name, due_time=_stamp(clock() - timedelta(days=1)), reason="r"
            )
        )
    )
    assert field_violations(bad) == ["due_time"]
    extended = await coordinator.ExtendTask(
        task_service_pb2.ExtendTaskRequest(
            name=name, due_time=_stamp(clock() + timedelta(days=2)), reason="延期两天"
        )
    )
    assert extended.task.state == task_service_pb2.TASK_STATE_OPEN
    cancelled = await coordinator.CancelTask(
        task_service_pb2.CancelTaskRequest(name=name, reason="任务取消")
    )
    assert cancelled.task.state == task_service_pb2.TASK_STATE_CANCELLED
    changed = inbox_service_pb2.INBOX_ITEM_KIND_TASK_CHANGED
    assert (await _kinds(channel_as, city.officer, name))[-2:] == [changed, changed]
    # Nothing is left to make for a cancelled task.
    assert _make_steps(migrated_engine, clock() + timedelta(days=30)) == []
    officer = await refused(
        _tasks(channel_as(city.officer)).CancelTask(
            task_service_pb2.CancelTaskRequest(name=name, reason="r")
        )
    )
    assert officer.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_who_sees_a_task_and_an_unknown_user_sees_nothing(
    city: City, channel_as: OpenAs
) -> None:
    created = await _create(channel_as, city.head, _new(assignee=f"officers/{city.officer}"))
    name = created.task.name
    for user in (city.officer, city.head, city.liaison, city.district_admin):
        assert (await _get(channel_as, user, name)).name == name
    unknown = "u-not-in-the-registry"
    for user in (city.neighbour, city.stranger, unknown):
        refusal = await refused(
            _tasks(channel_as(user)).GetTask(task_service_pb2.GetTaskRequest(name=name))
        )
        assert refusal.code() == grpc.StatusCode.PERMISSION_DENIED, user
    for user in (city.neighbour, city.stranger):
        listed = await _tasks(channel_as(user)).ListTasks(task_service_pb2.ListTasksRequest())
        assert name not in [t.name for t in listed.tasks]
    nothing = await refused(
        _tasks(channel_as(unknown)).ListTasks(task_service_pb2.ListTasksRequest())
    )
    assert nothing.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_lists_filter_and_page_while_tasks_are_added(city: City, channel_as: OpenAs) -> None:
    targets = task_service_pb2.TaskTargets(scope_nodes=[f"scopeNodes/{city.community}"])
    batches = [
        await _create(channel_as, city.head, _new(due=timedelta(days=1 + n)), targets)
        for n in range(3)
    ]
    expected = {t.name for b in batches for t in b.tasks}
    head = _tasks(channel_as(city.head))
    request = task_service_pb2.ListTasksRequest(
        parent=f"scopeNodes/{city.community}",
        states=[task_service_pb2.TASK_STATE_OPEN],
        page_size=7,
    )
    seen: list[str] = []
    token = ""
    added = 0
    while True:
        request.page_token = token
        page = await head.ListTasks(request)
        seen.extend(t.name for t in page.tasks)
        if added < 2:  # a writer adds tasks between the pages
            await _create(channel_as, city.head, _new(due=timedelta(hours=12 + added)), targets)
            await _create(channel_as, city.head, _new(due=timedelta(days=30)), targets)
            added += 1
        token = page.next_page_token
        if not token:
            break
        other_filter = task_service_pb2.ListTasksRequest(
            parent=request.parent, page_size=7, page_token=token
        )
        mismatch = await refused(head.ListTasks(other_filter))
        assert field_violations(mismatch) == ["page_token"]
    assert len(seen) == len(set(seen)), "a page repeated a task"
    assert expected <= set(seen), "a task present throughout was skipped"
    one = await head.ListTasks(
        task_service_pb2.ListTasksRequest(batch_id=batches[1].batch_id, page_size=1000)
    )
    assert {t.name for t in one.tasks} == {t.name for t in batches[1].tasks}
    mine = await _tasks(channel_as(city.officer)).ListTasks(
        task_service_pb2.ListTasksRequest(assignee=f"officers/{city.officer}", page_size=1000)
    )
    assert {t.assignee for t in mine.tasks} == {f"officers/{city.officer}"}
    assert len(mine.tasks) == 3 + 2 * added


async def test_bad_create_requests_name_their_field_and_write_nothing(
    city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    head = _tasks(channel_as(city.head))
    cases = {
        "task.title": _new(title=""),
        "task.due_time": _new(due=-timedelta(hours=1)),
        "task.kind": task_service_pb2.Task(
            title="t",
            priority=task_service_pb2.TASK_PRIORITY_P1,
            due_time=_stamp(datetime.now(UTC) + timedelta(days=1)),
        ),
        "targets.scope_nodes[0]": None,
    }
    for field, task in cases.items():
        request = task_service_pb2.CreateTaskRequest(task=task or _new())
        if task is None:
            request.targets.scope_nodes.append("nowhere/1")
        refusal = await refused(head.CreateTask(request))
        assert refusal.code() == grpc.StatusCode.INVALID_ARGUMENT, field
        assert field in field_violations(refusal), (field, field_violations(refusal))
    outside = await refused(
        head.CreateTask(
            task_service_pb2.CreateTaskRequest(task=_new(assignee=f"officers/{city.stranger}"))
        )
    )
    assert outside.code() == grpc.StatusCode.PERMISSION_DENIED
    with migrated_engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM task")).scalar_one() == 0
        assert connection.execute(sa.text("SELECT count(*) FROM due_step")).scalar_one() == 0


async def test_two_replicas_sweeping_together_make_every_step_once(
    city: City, channel_as: OpenAs, migrated_engine: Engine, clock: MovableClock
) -> None:
    created = await _create(
        channel_as,
        city.liaison,
        _new(),
        task_service_pb2.TaskTargets(scope_nodes=[f"scopeNodes/{city.street}"]),
    )
    at = clock() + timedelta(hours=1, seconds=1)
    made = two_replicas(migrated_engine, at, HANDLERS)
    # Each task owes one reminder and one escalation at ``at``.
    counted = Counter((m.step.subject, m.step.kind) for m in made)
    assert len(counted) == 2 * created.task_count
    assert set(counted.values()) == {1}
    with migrated_engine.connect() as connection:
        reminders = connection.execute(
            sa.text("SELECT count(*) FROM inbox_item WHERE kind = 'task_reminder'")
        ).scalar_one()
    assert reminders == created.task_count
    assert sorted({kind for _, kind in counted}) == sorted(SERIES[:2])


async def test_concurrent_creates_of_one_batch_do_not_interleave_histories(
    city: City, channel_as: OpenAs
) -> None:
    """Two creators at once: every task's history starts with its own create."""
    targets = task_service_pb2.TaskTargets(scope_nodes=[f"scopeNodes/{city.community}"])
    first, second = await asyncio.gather(
        _create(channel_as, city.head, _new(title="甲"), targets),
        _create(channel_as, city.liaison, _new(title="乙"), targets),
    )
    for response in (first, second):
        seen = await _get(channel_as, city.liaison, response.task.name)
        assert [e.action for e in seen.history] == ["create"]


async def test_stats_roll_up_completion_and_timeliness_within_the_callers_scope(
    city: City, channel_as: OpenAs, migrated_engine: Engine, clock: MovableClock
) -> None:
    community = f"scopeNodes/{city.community}"
    created = await _create(
        channel_as,
        city.head,
        _new(due=timedelta(days=1), clock=clock),
        task_service_pb2.TaskTargets(scope_nodes=[community]),
    )
    by_officer = {t.assignee.removeprefix("officers/"): t.name for t in created.tasks}
    complete = task_service_pb2.CompleteTaskRequest
    await _tasks(channel_as(city.officer)).CompleteTask(
        complete(name=by_officer[city.officer], completion_note="按时完成")
    )
    cancelled = await _create(
        channel_as, city.head, _new(assignee=f"officers/{city.officer}", clock=clock)
    )
    await _tasks(channel_as(city.head)).CancelTask(
        task_service_pb2.CancelTaskRequest(name=cancelled.task.name, reason="不再需要")
    )
    clock.advance(timedelta(days=2))
    _make_steps(migrated_engine, clock())
    await _tasks(channel_as(city.neighbour)).CompleteTask(
        complete(name=by_officer[city.neighbour], completion_note="逾期完成")
    )

    head = _tasks(channel_as(city.head))
    stats = await head.GetTaskStats(
        task_service_pb2.GetTaskStatsRequest(parent=community, level=common_pb2.SCOPE_LEVEL_GRID)
    )
    n = len(city.community_officers)
    total = stats.total
    assert total.scope_node == community
    assert (total.task_count, total.completed_count, total.on_time_count, total.overdue_count) == (
        n,  # the cancelled task is not counted
        2,
        1,
        n - 2,
    )
    assert total.completion_rate == pytest.approx(2 / n)
    assert total.on_time_rate == pytest.approx(0.5)
    assert all(row.scope_node.startswith(f"grids/{city.community}") for row in stats.rows)
    assert sum(row.task_count for row in stats.rows) == n
    # The street liaison's default roll-up is by community; theirs matches the head's.
    liaison = await _tasks(channel_as(city.liaison)).GetTaskStats(
        task_service_pb2.GetTaskStatsRequest()
    )
    assert liaison.total.scope_node == f"scopeNodes/{city.street}"
    row = next(r for r in liaison.rows if r.scope_node == community)
    assert (row.task_count, row.completed_count, row.on_time_count, row.overdue_count) == (
        n,
        2,
        1,
        n - 2,
    )
    other_kind = await head.GetTaskStats(
        task_service_pb2.GetTaskStatsRequest(kind=task_service_pb2.TASK_KIND_EPIDEMIC_DUTY)
    )
    assert other_kind.total.task_count == 0
    later = await head.GetTaskStats(task_service_pb2.GetTaskStatsRequest(due_after=_stamp(clock())))
    assert later.total.task_count == 0
    backwards = await refused(
        head.GetTaskStats(
            task_service_pb2.GetTaskStatsRequest(
                due_after=_stamp(clock()), due_before=_stamp(clock() - timedelta(days=1))
            )
        )
    )
    assert field_violations(backwards) == ["due_before"]
    outside = f"scopeNodes/{city.stranger_street}"
    for user, parent in ((city.neighbour, ""), (city.head, outside), ("u-unknown", "")):
        refusal = await refused(
            _tasks(channel_as(user)).GetTaskStats(
                task_service_pb2.GetTaskStatsRequest(parent=parent)
            )
        )
        assert refusal.code() == grpc.StatusCode.PERMISSION_DENIED, user


SHANGHAI = ZoneInfo("Asia/Shanghai")


async def test_quiet_hours_hold_reminders_till_seven_once_and_p1_goes_at_once(
    city: City, channel_as: OpenAs, migrated_engine: Engine, clock: MovableClock
) -> None:
    # The server's own settings: 22:00-07:00 quiet in Shanghai, statutory days off.
    handlers = due_step_handlers(via_broker=False, task_timing=task_timing(Settings()))
    # Friday 9 October 2026, 21:45; the Saturday after is a make-up working day (调休).
    # (In UTC, as the service's clock gives it: SQLite keeps wall times, not zones.)
    start = datetime(2026, 10, 9, 21, 45, tzinfo=SHANGHAI).astimezone(UTC)
    clock.offset = start - datetime.now(UTC)
    assignee = f"officers/{city.officer}"
    p2 = (await _create(channel_as, city.head, _new(assignee=assignee, clock=clock))).task.name
    clock.advance(timedelta(minutes=5))
    urgent = _new(assignee=assignee, priority=task_service_pb2.TASK_PRIORITY_P1, clock=clock)
    p1 = (await _create(channel_as, city.head, urgent)).task.name
    reminder = inbox_service_pb2.INBOX_ITEM_KIND_TASK_REMINDER
    escalation = inbox_service_pb2.INBOX_ITEM_KIND_ESCALATION

    async def pushed(user: str, name: str, kind: int) -> list[datetime]:
        items = await _items(channel_as, user)
        return sorted(
            i.create_time.ToDatetime(UTC) for i in items if i.subject == name and i.kind == kind
        )

    # Through the night, the scheduler comes round every hour.
    at = start + timedelta(hours=1, seconds=1)
    seven = datetime(2026, 10, 10, 7, 0, tzinfo=SHANGHAI).astimezone(UTC)
    while at < seven:
        _make_steps(migrated_engine, at, handlers)
        at += timedelta(hours=1)
    assert await pushed(city.officer, p2, reminder) == []
    assert await pushed(city.head, p2, escalation) == []
    # The P1 (it came at 21:50) was reminded at each of the nine rounds of the night.
    p1_reminders = await pushed(city.officer, p1, reminder)
    assert p1_reminders[:1] == [start + timedelta(hours=1, seconds=1)]
    assert len(p1_reminders) == 9
    _make_steps(migrated_engine, seven, handlers)
    assert await pushed(city.officer, p2, reminder) == [seven]
    assert await pushed(city.head, p2, escalation) == [seven]
    # The cadence goes on from 07:00 on the make-up working day.
    _make_steps(migrated_engine, seven + timedelta(hours=1), handlers)
    assert len(await pushed(city.officer, p2, reminder)) == 2


def _tally(connection: sa.Connection, query: str) -> Counter[str]:
    """How often each value of the query's one column comes."""
    return Counter(connection.execute(sa.text(query)).scalars())


def _sweep_process(url: str, at: datetime) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.sweep_process", url, at.isoformat(), "4"],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        text=True,
    )


async def test_a_sweep_killed_half_way_and_run_again_loses_none_and_repeats_none(
    city: City, channel_as: OpenAs, migrated_engine: Engine, database_url: str, clock: MovableClock
) -> None:
    created = await _create(
        channel_as,
        city.liaison,
        _new(clock=clock),
        task_service_pb2.TaskTargets(scope_nodes=[f"scopeNodes/{city.street}"]),
    )
    names = {t.name for t in created.tasks}
    assert len(names) > 12, "the street should need several batches of 4"
    at = clock() + timedelta(hours=1, seconds=1)
    first = _sweep_process(database_url, at)
    assert first.stdout is not None
    # Two batches committed, and the third written but not yet committed.
    commits = 0
    while commits < 2:
        line = first.stdout.readline()
        assert line, "the sweep ended before it was killed"
        commits += line.strip() == "committed"
    await asyncio.sleep(0.1)
    first.send_signal(signal.SIGKILL)
    first.wait(30)
    first.stdout.close()
    with migrated_engine.connect() as connection:
        halfway = connection.execute(
            sa.text("SELECT count(*) FROM task_event WHERE action = 'remind'")
        ).scalar_one()
    assert 0 < halfway < len(names)
    again = _sweep_process(database_url, at)
    out, _ = again.communicate(timeout=120)
    assert again.returncode == 0, out
    with migrated_engine.connect() as connection:
        reminded = _tally(connection, "SELECT task_id FROM task_event WHERE action = 'remind'")
        pushed = _tally(connection, "SELECT subject FROM inbox_item WHERE kind = 'task_reminder'")
        escalated = _tally(connection, "SELECT task_id FROM task_event WHERE action = 'escalate'")
        messages = connection.execute(
            sa.text("SELECT count(*), count(DISTINCT message_id) FROM outbox")
        ).one()
        items = connection.execute(
            sa.text("SELECT count(*) FROM inbox_item WHERE kind IN ('task_reminder', 'escalation')")
        ).scalar_one()
    assert {f"tasks/{task_id}" for task_id in reminded} == names
    assert set(reminded.values()) == {1}
    assert set(pushed) == names
    assert set(pushed.values()) == {1}
    # One message for each push the sweep made (the server carries none itself).
    assert tuple(messages) == (items, items)
    assert escalated, "the first tier of escalation was owed too"
    assert set(escalated.values()) == {1}


async def test_an_officers_own_hours_hold_or_free_their_reminders(
    city: City, channel_as: OpenAs, migrated_engine: Engine, clock: MovableClock
) -> None:
    handlers = due_step_handlers(via_broker=False, task_timing=task_timing(Settings()))

    async def own_hours(officer: str, quiet: str) -> None:
        stub = officer_service_pb2_grpc.OfficerServiceStub(channel_as(officer))  # type: ignore[no-untyped-call]
        await stub.UpdateOfficerAvailability(
            officer_service_pb2.UpdateOfficerAvailabilityRequest(
                availability=officer_service_pb2.OfficerAvailability(
                    name=f"officers/{officer}/availability", quiet_hours=quiet
                ),
                update_mask=field_mask_pb2.FieldMask(paths=["quiet_hours"]),
            )
        )

    # One may be reached at any hour; one sleeps 20:00-09:00; one keeps the
    # city's 22:00-07:00.
    await own_hours(city.officer, "")
    await own_hours(city.neighbour, "20:00-09:00")
    # Friday 9 October 2026, 21:45 in Shanghai; the Saturday is a working day (调休).
    start = datetime(2026, 10, 9, 21, 45, tzinfo=SHANGHAI).astimezone(UTC)
    clock.offset = start - datetime.now(UTC)
    names = {}
    for officer in (city.officer, city.neighbour, city.stranger):
        task = _new(assignee=f"officers/{officer}", clock=clock)
        names[officer] = (await _create(channel_as, city.district_admin, task)).task.name

    async def reminded(officer: str) -> list[datetime]:
        return sorted(
            item.create_time.ToDatetime(UTC)
            for item in await _items(channel_as, officer)
            if item.subject == names[officer]
            and item.kind == inbox_service_pb2.INBOX_ITEM_KIND_TASK_REMINDER
        )

    first_round = start + timedelta(hours=1, minutes=1)
    at = first_round
    seven = datetime(2026, 10, 10, 7, 0, tzinfo=SHANGHAI).astimezone(UTC)
    nine = seven + timedelta(hours=2)
    while at <= nine:
        _make_steps(migrated_engine, at, handlers)
        if at == first_round:
            assert await reminded(city.officer) == [first_round]
        at = seven if at < seven <= at + timedelta(hours=1) else at + timedelta(hours=1)
    # Every round of the night reminded the officer who wants it so, on the
    # cadence from 21:45: 22:45 made at 22:46 ... 06:45 at 06:46, then 07:45
    # at the 08:00 round and 08:45 at 09:00's.
    night = [first_round + timedelta(hours=n) for n in range(9)]
    assert await reminded(city.officer) == [*night, seven + timedelta(hours=1), nine]
    assert await reminded(city.stranger) == [seven, seven + timedelta(hours=1), nine]
    assert await reminded(city.neighbour) == [nine]


async def test_a_day_off_city_admins_set_holds_reminders_till_the_next_working_day(
    city: City, channel_as: OpenAs, migrated_engine: Engine, clock: MovableClock
) -> None:
    handlers = due_step_handlers(via_broker=False, task_timing=task_timing(Settings()))
    # The built-in calendar does not know 2027: without the admins, Monday 8
    # February is a working day.
    admin = admin_service_pb2_grpc.AdminServiceStub(channel_as("admin-city"))  # type: ignore[no-untyped-call]
    await admin.SetCalendarDay(
        admin_service_pb2.SetCalendarDayRequest(
            calendar_day=admin_service_pb2.CalendarDay(
                name="calendarDays/2027-02-08", working=False, display_name="春节"
            )
        )
    )
    start = datetime(2027, 2, 8, 9, 0, tzinfo=SHANGHAI).astimezone(UTC)
    clock.offset = start - datetime.now(UTC)
    name = (
        await _create(channel_as, city.head, _new(assignee=f"officers/{city.officer}", clock=clock))
    ).task.name

    async def reminded() -> list[datetime]:
        return sorted(
            item.create_time.ToDatetime(UTC)
            for item in await _items(channel_as, city.officer)
            if item.subject == name and item.kind == inbox_service_pb2.INBOX_ITEM_KIND_TASK_REMINDER
        )

    _make_steps(migrated_engine, start + timedelta(hours=1, minutes=1), handlers)
    assert await reminded() == []
    tuesday = datetime(2027, 2, 9, 7, 0, tzinfo=SHANGHAI).astimezone(UTC)
    _make_steps(migrated_engine, tuesday, handlers)
    assert await reminded() == [tuesday]
