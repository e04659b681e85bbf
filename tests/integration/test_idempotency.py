"""Every mutation, sent twice at once with one request id (a client retrying
while its first call is still running): both callers get the first response and
the change happens once (AIP-155), on both databases. The mechanism is one
(service/platform/idempotency.py); this drives every user of it."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from google.protobuf import field_mask_pb2, timestamp_pb2
from officer.v1 import (
    activity_service_pb2,
    activity_service_pb2_grpc,
    admin_service_pb2,
    admin_service_pb2_grpc,
    assignment_service_pb2,
    assignment_service_pb2_grpc,
    common_pb2,
    compliance_service_pb2,
    compliance_service_pb2_grpc,
    department_service_pb2,
    department_service_pb2_grpc,
    enrollment_service_pb2,
    enrollment_service_pb2_grpc,
    inbox_service_pb2,
    inbox_service_pb2_grpc,
    officer_service_pb2,
    officer_service_pb2_grpc,
    policy_service_pb2,
    policy_service_pb2_grpc,
    proposal_service_pb2,
    proposal_service_pb2_grpc,
    report_service_pb2,
    report_service_pb2_grpc,
    suggestion_service_pb2,
    suggestion_service_pb2_grpc,
    task_service_pb2,
    task_service_pb2_grpc,
)
from sqlalchemy.engine import Engine

from tests.registry_events import apply_directly, unit_admin

OpenAs = Callable[[str], grpc.aio.Channel]


@dataclass(frozen=True)
class City:
    liaison: str
    officer: str
    grid: str
    # Another grid of the street, which the officer does not serve.
    other_grid: str
    district_admin: str
    # Another officer of the street, to reassign a task to.
    other_officer: str
    # The community head over the officer's grid.
    head: str
    # The officer's unit, and an admin of it.
    unit: str = ""
    unit_admin: str = "unit-admin-idempotency"


@pytest.fixture
def city(small_city_engine: Engine) -> City:
    with small_city_engine.connect() as connection:
        liaison, street = connection.execute(
            sa.text(
                "SELECT user_id, scope_node FROM role_binding WHERE role = 'street_liaison' "
                "ORDER BY scope_node LIMIT 1"
            )
        ).one()
        grid, officer = connection.execute(
            sa.text(
                "SELECT scope_node, user_id FROM role_binding WHERE role = 'officer' "
                "AND scope_node LIKE :street ORDER BY scope_node, user_id LIMIT 1"
            ),
            {"street": f"{street}%"},
        ).one()
        other_grid = connection.execute(
            sa.text("SELECT max(code) FROM scope_node WHERE level = 'grid' AND code LIKE :street"),
            {"street": f"{street}%"},
        ).scalar_one()
        other_officer = connection.execute(
            sa.text(
                "SELECT min(user_id) FROM role_binding WHERE role = 'officer' "
                "AND scope_node LIKE :street AND user_id <> :officer"
            ),
            {"street": f"{street}%", "officer": officer},
        ).scalar_one()
        head = connection.execute(
            sa.text(
                "SELECT min(user_id) FROM role_binding WHERE role = 'community_head' "
                "AND scope_node = :community"
            ),
            {"community": grid[:12]},
        ).scalar_one()
        unit = connection.execute(
            sa.text("SELECT unit FROM host_user WHERE user_id = :o"), {"o": officer}
        ).scalar_one()
    assert other_grid != grid
    made = City(
        liaison, officer, grid, other_grid, f"admin-{street[:6]}", other_officer, head, unit
    )
    apply_directly(
        small_city_engine,
        [unit_admin(made.unit_admin, unit)],
        batch_size=1,
    )
    return made


def _count(engine: Engine, sql: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(sa.text(sql)).scalar_one())


def _notice(grid: str, title: str) -> policy_service_pb2.Notice:
    return policy_service_pb2.Notice(
        title=title,
        body="正文",
        kind=policy_service_pb2.NOTICE_KIND_NOTICE,
        audience=policy_service_pb2.Audience(scope_nodes=[f"grids/{grid}"]),
    )


async def _publish(channel_as: OpenAs, city: City, title: str) -> policy_service_pb2.Notice:
    policy = policy_service_pb2_grpc.PolicyServiceStub(channel_as(city.liaison))  # type: ignore[no-untyped-call]
    response = await policy.PublishNotice(
        policy_service_pb2.PublishNoticeRequest(notice=_notice(city.grid, title))
    )
    notice: policy_service_pb2.Notice = response.notice
    return notice


async def _item(channel_as: OpenAs, city: City) -> str:
    inbox = inbox_service_pb2_grpc.InboxServiceStub(channel_as(city.officer))  # type: ignore[no-untyped-call]
    listed = await inbox.ListInboxItems(
        inbox_service_pb2.ListInboxItemsRequest(parent=f"users/{city.officer}")
    )
    return str(listed.inbox_items[0].name)


@dataclass(frozen=True)
class Mutation:
    """How to make one mutation's request and call, and what its change leaves."""

    actor: Callable[[City], str]
    stub: Any
    method: str
    request: Callable[[OpenAs, City], Awaitable[Any]]
    # Rows its change leaves: exactly one more after the two calls.
    effect: str


async def _withdraw(channel_as: OpenAs, city: City) -> Any:
    notice = await _publish(channel_as, city, "待撤回")
    return policy_service_pb2.WithdrawNoticeRequest(name=notice.name, reason="错发")


async def _amend(channel_as: OpenAs, city: City) -> Any:
    notice = await _publish(channel_as, city, "待修改")
    return policy_service_pb2.AmendNoticeRequest(
        notice=policy_service_pb2.Notice(name=notice.name, title="已修改"),
        update_mask=field_mask_pb2.FieldMask(paths=["title"]),
        reason="更正",
    )


async def _unassign(channel_as: OpenAs, city: City) -> Any:
    assignments = assignment_service_pb2_grpc.AssignmentServiceStub(channel_as(city.liaison))  # type: ignore[no-untyped-call]
    await assignments.AssignOfficer(
        assignment_service_pb2.AssignOfficerRequest(
            officer=f"officers/{city.officer}", grids=[f"grids/{city.grid}"], reason="先入格"
        )
    )
    return assignment_service_pb2.UnassignOfficerRequest(
        officer=f"officers/{city.officer}", grids=[f"grids/{city.grid}"], reason="调出"
    )


async def _mark_read(channel_as: OpenAs, city: City) -> Any:
    await _publish(channel_as, city, "待阅")
    item = await _item(channel_as, city)
    return inbox_service_pb2.MarkInboxItemsReadRequest(parent=f"users/{city.officer}", names=[item])


async def _mark_all(channel_as: OpenAs, city: City) -> Any:
    await _publish(channel_as, city, "全部已读")
    return inbox_service_pb2.MarkAllInboxItemsReadRequest(parent=f"users/{city.officer}")


async def _acknowledge(channel_as: OpenAs, city: City) -> Any:
    notice = _notice(city.grid, "待确认")
    notice.acknowledge_due_time.GetCurrentTime()
    notice.acknowledge_due_time.seconds += 86_400
    policy = policy_service_pb2_grpc.PolicyServiceStub(channel_as(city.liaison))  # type: ignore[no-untyped-call]
    await policy.PublishNotice(policy_service_pb2.PublishNoticeRequest(notice=notice))
    item = await _item(channel_as, city)
    return inbox_service_pb2.AcknowledgeInboxItemRequest(name=item, comment="已学习")


async def _ready(request: Any) -> Any:
    return request


def _new_task(city: City, title: str) -> task_service_pb2.CreateTaskRequest:
    task = task_service_pb2.Task(
        title=title,
        kind=task_service_pb2.TASK_KIND_RISK_SCREENING,
        priority=task_service_pb2.TASK_PRIORITY_P3,
        assignee=f"officers/{city.officer}",
    )
    task.due_time.GetCurrentTime()
    task.due_time.seconds += 3 * 86_400
    return task_service_pb2.CreateTaskRequest(task=task)


async def _task(channel_as: OpenAs, city: City, *, acknowledged: bool = False) -> str:
    tasks = task_service_pb2_grpc.TaskServiceStub(channel_as(city.liaison))  # type: ignore[no-untyped-call]
    created = await tasks.CreateTask(_new_task(city, "待办"))
    name = str(created.task.name)
    if acknowledged:
        mine = task_service_pb2_grpc.TaskServiceStub(channel_as(city.officer))  # type: ignore[no-untyped-call]
        await mine.AcknowledgeTask(task_service_pb2.AcknowledgeTaskRequest(name=name))
    return name


def _task_action(method: str, actor: Callable[[City], str], action: str, **fields: Any) -> Mutation:
    """A change of a task made for the officer, recorded in its history as ``action``."""

    async def request(channel_as: OpenAs, city: City) -> Any:
        name = await _task(channel_as, city, acknowledged=method == "ReportTaskProgress")
        values = {key: value(city) if callable(value) else value for key, value in fields.items()}
        return getattr(task_service_pb2, f"{method}Request")(name=name, **values)

    return Mutation(
        actor,
        task_service_pb2_grpc.TaskServiceStub,
        method,
        request,
        f"SELECT count(*) FROM task_event WHERE action = '{action}'",
    )


def _later_due() -> Any:
    stamp = timestamp_pb2.Timestamp()
    stamp.GetCurrentTime()
    stamp.seconds += 10 * 86_400
    return stamp


async def _delete_calendar_day(channel_as: OpenAs, city: City) -> Any:
    name = "calendarDays/2027-10-09"
    admin = admin_service_pb2_grpc.AdminServiceStub(channel_as("admin-city"))  # type: ignore[no-untyped-call]
    await admin.SetCalendarDay(
        admin_service_pb2.SetCalendarDayRequest(
            calendar_day=admin_service_pb2.CalendarDay(name=name, working=True)
        )
    )
    return admin_service_pb2.DeleteCalendarDayRequest(name=name)


def _excuse_request(city: City) -> compliance_service_pb2.CreateExcusedMonthRequest:
    return compliance_service_pb2.CreateExcusedMonthRequest(
        parent=f"officers/{city.officer}",
        excused_month_id="2026-08",
        excused_month=compliance_service_pb2.ExcusedMonth(reason="病假"),
    )


async def _delete_excuse(channel_as: OpenAs, city: City) -> Any:
    admin = compliance_service_pb2_grpc.ComplianceServiceStub(channel_as("admin-city"))  # type: ignore[no-untyped-call]
    await admin.CreateExcusedMonth(_excuse_request(city))
    return compliance_service_pb2.DeleteExcusedMonthRequest(
        name=f"officers/{city.officer}/excusedMonths/2026-08"
    )


def _activity(
    city: City, kind: common_pb2.ActivityKind = common_pb2.ACTIVITY_KIND_LEGAL_PUBLICITY
) -> activity_service_pb2.Activity:
    start = timestamp_pb2.Timestamp()
    start.GetCurrentTime()
    start.seconds -= 3600
    return activity_service_pb2.Activity(
        grid=f"grids/{city.grid}",
        kind=kind,
        summary="入户开展法治宣传",
        start_time=start,
    )


async def _reported(
    channel_as: OpenAs,
    city: City,
    kind: common_pb2.ActivityKind = common_pb2.ACTIVITY_KIND_LEGAL_PUBLICITY,
) -> str:
    activities = activity_service_pb2_grpc.ActivityServiceStub(channel_as(city.officer))  # type: ignore[no-untyped-call]
    created = await activities.CreateActivity(
        activity_service_pb2.CreateActivityRequest(activity=_activity(city, kind))
    )
    return str(created.activity.name)


def _case_step(actor: Callable[[City], str], method: str, change: str) -> Mutation:
    """A step of a fresh dispute's case: one revision of ``change`` however often it is sent."""

    async def request(channel_as: OpenAs, city: City) -> Any:
        name = await _reported(channel_as, city, common_pb2.ACTIVITY_KIND_DISPUTE_MEDIATION)
        return getattr(activity_service_pb2, f"{method}Request")(name=name, note="只记一次")

    return Mutation(
        actor,
        activity_service_pb2_grpc.ActivityServiceStub,
        method,
        request,
        f"SELECT count(*) FROM activity_revision WHERE change = '{change}'",
    )


async def _correct_activity(channel_as: OpenAs, city: City) -> Any:
    name = await _reported(channel_as, city)
    return activity_service_pb2.UpdateActivityRequest(
        activity=activity_service_pb2.Activity(name=name, outcome="群众满意"),
        update_mask=field_mask_pb2.FieldMask(paths=["outcome"]),
    )


async def _delete_activity(channel_as: OpenAs, city: City) -> Any:
    name = await _reported(channel_as, city)
    return activity_service_pb2.DeleteActivityRequest(name=name, reason="重复")


_SUGGESTION_DEPARTMENT = "departments/idem-dept"


async def _suggestion_table(channel_as: OpenAs, city: City) -> str:
    """A district department the other officer handles for, legal suggestions
    routed to it; returns the routing entry's name."""
    departments = department_service_pb2_grpc.DepartmentServiceStub(  # type: ignore[no-untyped-call]
        channel_as(city.district_admin)
    )
    district = f"scopeNodes/{city.grid[:6]}"
    await departments.CreateDepartment(
        department_service_pb2.CreateDepartmentRequest(
            department_id="idem-dept",
            department=department_service_pb2.Department(
                display_name="区司法局",
                scope_node=district,
                handlers=[f"users/{city.other_officer}"],
            ),
        )
    )
    rule = await departments.CreateRoutingRule(
        department_service_pb2.CreateRoutingRuleRequest(
            routing_rule=department_service_pb2.RoutingRule(
                category=suggestion_service_pb2.SUGGESTION_CATEGORY_LEGAL,
                scope_node=district,
                department=_SUGGESTION_DEPARTMENT,
            )
        )
    )
    return str(rule.routing_rule.name)


def _new_suggestion(city: City, category: Any) -> suggestion_service_pb2.Suggestion:
    return suggestion_service_pb2.Suggestion(
        grid=f"grids/{city.grid}", category=category, title="建议", body="只处理一次"
    )


async def _submitted(
    channel_as: OpenAs,
    city: City,
    category: Any = suggestion_service_pb2.SUGGESTION_CATEGORY_LEGAL,
    handled: tuple[str, ...] = (),
) -> str:
    """A suggestion of the officer's, taken by the handler through ``handled``."""
    await _suggestion_table(channel_as, city)
    officer = suggestion_service_pb2_grpc.SuggestionServiceStub(channel_as(city.officer))  # type: ignore[no-untyped-call]
    made = await officer.CreateSuggestion(
        suggestion_service_pb2.CreateSuggestionRequest(suggestion=_new_suggestion(city, category))
    )
    name = str(made.suggestion.name)
    handler = suggestion_service_pb2_grpc.SuggestionServiceStub(channel_as(city.other_officer))  # type: ignore[no-untyped-call]
    for step in handled:
        if step == "sign":
            await handler.SignSuggestion(suggestion_service_pb2.SignSuggestionRequest(name=name))
        elif step == "answer":
            await handler.AnswerSuggestion(
                suggestion_service_pb2.AnswerSuggestionRequest(name=name, answer="答复")
            )
        elif step == "ask_extension":
            await handler.RequestSuggestionExtension(
                suggestion_service_pb2.RequestSuggestionExtensionRequest(
                    name=name, working_days=2, reason="需勘查"
                )
            )
        else:
            await handler.CloseSuggestion(suggestion_service_pb2.CloseSuggestionRequest(name=name))
    return name


async def _merge_request(channel_as: OpenAs, city: City) -> Any:
    survivor = await _submitted(channel_as, city)
    officer = suggestion_service_pb2_grpc.SuggestionServiceStub(channel_as(city.officer))  # type: ignore[no-untyped-call]
    duplicate = await officer.CreateSuggestion(
        suggestion_service_pb2.CreateSuggestionRequest(
            suggestion=_new_suggestion(city, suggestion_service_pb2.SUGGESTION_CATEGORY_LEGAL)
        )
    )
    return suggestion_service_pb2.MergeSuggestionRequest(
        name=duplicate.suggestion.name, survivor=survivor
    )


def _suggestion_step(
    actor: Callable[[City], str],
    method: str,
    action: str,
    build: Callable[[str], Any],
    *,
    category: Any = suggestion_service_pb2.SUGGESTION_CATEGORY_LEGAL,
    handled: tuple[str, ...] = (),
) -> Mutation:
    """A step of a fresh suggestion: one step of ``action`` however often it is sent."""

    async def request(channel_as: OpenAs, city: City) -> Any:
        return build(await _submitted(channel_as, city, category, handled))

    return Mutation(
        actor,
        suggestion_service_pb2_grpc.SuggestionServiceStub,
        method,
        request,
        f"SELECT count(*) FROM suggestion_step WHERE action = '{action}'",
    )


async def _new_department(channel_as: OpenAs, city: City) -> Any:
    return department_service_pb2.CreateDepartmentRequest(
        department_id="once-only",
        department=department_service_pb2.Department(
            display_name="只建一次",
            scope_node=f"scopeNodes/{city.grid[:6]}",
            handlers=[f"users/{city.officer}"],
        ),
    )


async def _rename_department(channel_as: OpenAs, city: City) -> Any:
    await _suggestion_table(channel_as, city)
    return department_service_pb2.UpdateDepartmentRequest(
        department=department_service_pb2.Department(
            name=_SUGGESTION_DEPARTMENT, display_name="区司法局（改）"
        ),
        update_mask=field_mask_pb2.FieldMask(paths=["display_name"]),
    )


async def _new_rule(channel_as: OpenAs, city: City) -> Any:
    await _suggestion_table(channel_as, city)
    return department_service_pb2.CreateRoutingRuleRequest(
        routing_rule=department_service_pb2.RoutingRule(
            scope_node=f"grids/{city.grid}", department=_SUGGESTION_DEPARTMENT
        )
    )


async def _drop_rule(channel_as: OpenAs, city: City) -> Any:
    return department_service_pb2.DeleteRoutingRuleRequest(
        name=await _suggestion_table(channel_as, city)
    )


async def _create_suggestion(channel_as: OpenAs, city: City) -> Any:
    await _suggestion_table(channel_as, city)
    return suggestion_service_pb2.CreateSuggestionRequest(
        suggestion=_new_suggestion(city, suggestion_service_pb2.SUGGESTION_CATEGORY_LEGAL)
    )


def _propose(city: City) -> Any:
    return proposal_service_pb2.CreateProposalRequest(scope_node=f"scopeNodes/{city.grid[:9]}")


async def _accept_one_line(channel_as: OpenAs, city: City) -> Any:
    # One line keeping an officer where they serve, not one another test moves.
    proposals = proposal_service_pb2_grpc.ProposalServiceStub(channel_as(city.liaison))  # type: ignore[no-untyped-call]
    made = await proposals.CreateProposal(_propose(city))
    lines = await proposals.ListProposalLines(
        proposal_service_pb2.ListProposalLinesRequest(parent=made.proposal.name, page_size=1000)
    )
    line = next(
        item.name
        for item in lines.lines
        if item.grid in item.current_grids
        and item.officer not in (f"users/{city.officer}", f"users/{city.other_officer}")
    )
    return proposal_service_pb2.AcceptProposalRequest(name=made.proposal.name, lines=[line])


def _enrollment(city: City) -> Any:
    return enrollment_service_pb2.CreateEnrollmentRequest(
        enrollment=enrollment_service_pb2.Enrollment(
            category=common_pb2.OFFICER_CATEGORY_POLICE,
            unit=f"units/{city.unit}",
            residence=f"grids/{city.grid}",
        )
    )


def _enrolled(decide: str, **fields: Any) -> Callable[[OpenAs, City], Awaitable[Any]]:
    """A request to ``decide`` an enrollment the other officer has just made."""

    async def make(channel_as: OpenAs, city: City) -> Any:
        stub = enrollment_service_pb2_grpc.EnrollmentServiceStub(channel_as(city.other_officer))  # type: ignore[no-untyped-call]
        made = await stub.CreateEnrollment(_enrollment(city))
        return getattr(enrollment_service_pb2, f"{decide}Request")(
            name=made.enrollment.name, **fields
        )

    return make


def _check_in(city: City) -> Any:
    return assignment_service_pb2.CheckInAssignmentRequest(
        name=f"officers/{city.officer}/assignments/{city.grid}", note="已报到"
    )


async def _confirm(channel_as: OpenAs, city: City) -> Any:
    stub = assignment_service_pb2_grpc.AssignmentServiceStub(channel_as(city.officer))  # type: ignore[no-untyped-call]
    await stub.CheckInAssignment(_check_in(city))
    return assignment_service_pb2.ConfirmCheckInRequest(
        name=f"officers/{city.officer}/assignments/{city.grid}"
    )


_NOT_SIMULATOR = "changed_by <> 'host-sim'"
MUTATIONS = {
    "PublishNotice": Mutation(
        lambda c: c.liaison,
        policy_service_pb2_grpc.PolicyServiceStub,
        "PublishNotice",
        lambda _, c: _ready(
            policy_service_pb2.PublishNoticeRequest(notice=_notice(c.grid, "只发一次"))
        ),
        "SELECT count(*) FROM notice WHERE title = '只发一次'",
    ),
    "AmendNotice": Mutation(
        lambda c: c.liaison,
        policy_service_pb2_grpc.PolicyServiceStub,
        "AmendNotice",
        _amend,
        "SELECT count(*) FROM notice_revision WHERE action = 'amended'",
    ),
    "WithdrawNotice": Mutation(
        lambda c: c.liaison,
        policy_service_pb2_grpc.PolicyServiceStub,
        "WithdrawNotice",
        _withdraw,
        "SELECT count(*) FROM notice_revision WHERE action = 'withdrawn'",
    ),
    "AssignOfficer": Mutation(
        lambda c: c.liaison,
        assignment_service_pb2_grpc.AssignmentServiceStub,
        "AssignOfficer",
        lambda _, c: _ready(
            assignment_service_pb2.AssignOfficerRequest(
                officer=f"officers/{c.officer}", grids=[f"grids/{c.other_grid}"], reason="入格"
            )
        ),
        f"SELECT count(*) FROM assignment_change WHERE {_NOT_SIMULATOR}",
    ),
    "UnassignOfficer": Mutation(
        lambda c: c.liaison,
        assignment_service_pb2_grpc.AssignmentServiceStub,
        "UnassignOfficer",
        _unassign,
        f"SELECT count(*) FROM assignment_change WHERE {_NOT_SIMULATOR} AND reason = '调出'",
    ),
    "SetPermissionGrant": Mutation(
        lambda c: c.district_admin,
        admin_service_pb2_grpc.AdminServiceStub,
        "SetPermissionGrant",
        lambda _, c: _ready(
            admin_service_pb2.SetPermissionGrantRequest(
                permission_grant=admin_service_pb2.PermissionGrant(
                    permission="task.assign",
                    role=common_pb2.ROLE_GRID_WORKER,
                    scope_node=f"scopeNodes/{c.grid[:12]}",
                    enabled=False,
                )
            )
        ),
        "SELECT count(*) FROM permission_audit",
    ),
    "MarkInboxItemsRead": Mutation(
        lambda c: c.officer,
        inbox_service_pb2_grpc.InboxServiceStub,
        "MarkInboxItemsRead",
        _mark_read,
        "SELECT count(*) FROM request_record WHERE method LIKE '%/MarkInboxItemsRead'",
    ),
    "MarkAllInboxItemsRead": Mutation(
        lambda c: c.officer,
        inbox_service_pb2_grpc.InboxServiceStub,
        "MarkAllInboxItemsRead",
        _mark_all,
        "SELECT count(*) FROM request_record WHERE method LIKE '%/MarkAllInboxItemsRead'",
    ),
    "AcknowledgeInboxItem": Mutation(
        lambda c: c.officer,
        inbox_service_pb2_grpc.InboxServiceStub,
        "AcknowledgeInboxItem",
        _acknowledge,
        "SELECT count(*) FROM inbox_item WHERE acknowledge_time IS NOT NULL",
    ),
    "CreateTask": Mutation(
        lambda c: c.liaison,
        task_service_pb2_grpc.TaskServiceStub,
        "CreateTask",
        lambda _, c: _ready(_new_task(c, "只派一次")),
        "SELECT count(*) FROM task WHERE title = '只派一次'",
    ),
    "AcknowledgeTask": _task_action(
        "AcknowledgeTask", lambda c: c.officer, "acknowledge", comment="收到"
    ),
    "ReportTaskProgress": _task_action(
        "ReportTaskProgress", lambda c: c.officer, "report_progress", note="已走访 3 户"
    ),
    "CompleteTask": _task_action(
        "CompleteTask", lambda c: c.officer, "complete", completion_note="已完成"
    ),
    "DeclineTask": _task_action("DeclineTask", lambda c: c.officer, "decline", reason="出差"),
    "ReassignTask": _task_action(
        "ReassignTask",
        lambda c: c.liaison,
        "reassign",
        assignee=lambda c: f"officers/{c.other_officer}",
        reason="改派",
    ),
    "ExtendTask": _task_action(
        "ExtendTask", lambda c: c.liaison, "extend", due_time=lambda _: _later_due(), reason="延期"
    ),
    "CancelTask": _task_action("CancelTask", lambda c: c.liaison, "cancel", reason="取消"),
    "CreateActivity": Mutation(
        lambda c: c.officer,
        activity_service_pb2_grpc.ActivityServiceStub,
        "CreateActivity",
        lambda _, c: _ready(activity_service_pb2.CreateActivityRequest(activity=_activity(c))),
        "SELECT count(*) FROM activity",
    ),
    "UpdateActivity": Mutation(
        lambda c: c.officer,
        activity_service_pb2_grpc.ActivityServiceStub,
        "UpdateActivity",
        _correct_activity,
        "SELECT count(*) FROM activity_revision WHERE change = 'corrected'",
    ),
    "DeleteActivity": Mutation(
        lambda c: c.officer,
        activity_service_pb2_grpc.ActivityServiceStub,
        "DeleteActivity",
        _delete_activity,
        "SELECT count(*) FROM activity_revision WHERE change = 'deleted'",
    ),
    "MediateActivity": _case_step(lambda c: c.officer, "MediateActivity", "case_mediating"),
    "ResolveActivity": _case_step(lambda c: c.officer, "ResolveActivity", "case_resolved"),
    "EscalateActivity": _case_step(lambda c: c.liaison, "EscalateActivity", "case_escalated"),
    "CreateSuggestion": Mutation(
        lambda c: c.officer,
        suggestion_service_pb2_grpc.SuggestionServiceStub,
        "CreateSuggestion",
        _create_suggestion,
        "SELECT count(*) FROM suggestion",
    ),
    "UpdateSuggestion": _suggestion_step(
        lambda c: c.liaison,
        "UpdateSuggestion",
        "recategorize",
        lambda name: suggestion_service_pb2.UpdateSuggestionRequest(
            suggestion=suggestion_service_pb2.Suggestion(
                name=name, category=suggestion_service_pb2.SUGGESTION_CATEGORY_OTHER
            ),
            update_mask=field_mask_pb2.FieldMask(paths=["category"]),
        ),
    ),
    "RouteSuggestion": _suggestion_step(
        lambda c: c.liaison,
        "RouteSuggestion",
        "route",
        lambda name: suggestion_service_pb2.RouteSuggestionRequest(
            name=name, department=_SUGGESTION_DEPARTMENT
        ),
        category=suggestion_service_pb2.SUGGESTION_CATEGORY_EPIDEMIC,
    ),
    "SignSuggestion": _suggestion_step(
        lambda c: c.other_officer,
        "SignSuggestion",
        "sign",
        lambda name: suggestion_service_pb2.SignSuggestionRequest(name=name),
    ),
    "ReturnSuggestion": _suggestion_step(
        lambda c: c.other_officer,
        "ReturnSuggestion",
        "return",
        lambda name: suggestion_service_pb2.ReturnSuggestionRequest(
            name=name, reason="非本部门职责"
        ),
    ),
    "AnswerSuggestion": _suggestion_step(
        lambda c: c.other_officer,
        "AnswerSuggestion",
        "answer",
        lambda name: suggestion_service_pb2.AnswerSuggestionRequest(name=name, answer="只答一次"),
        handled=("sign",),
    ),
    "CloseSuggestion": _suggestion_step(
        lambda c: c.other_officer,
        "CloseSuggestion",
        "close",
        lambda name: suggestion_service_pb2.CloseSuggestionRequest(name=name),
        handled=("sign", "answer"),
    ),
    "RateSuggestion": _suggestion_step(
        lambda c: c.officer,
        "RateSuggestion",
        "rate",
        lambda name: suggestion_service_pb2.RateSuggestionRequest(
            name=name, satisfaction=suggestion_service_pb2.SATISFACTION_DISSATISFIED
        ),
        handled=("sign", "answer", "close"),
    ),
    "RequestSuggestionExtension": _suggestion_step(
        lambda c: c.other_officer,
        "RequestSuggestionExtension",
        "ask_extension",
        lambda name: suggestion_service_pb2.RequestSuggestionExtensionRequest(
            name=name, working_days=2, reason="只申请一次"
        ),
        handled=("sign",),
    ),
    "DecideSuggestionExtension": _suggestion_step(
        lambda c: c.district_admin,
        "DecideSuggestionExtension",
        "grant_extension",
        lambda name: suggestion_service_pb2.DecideSuggestionExtensionRequest(
            name=name, approve=True
        ),
        handled=("sign", "ask_extension"),
    ),
    "MergeSuggestion": Mutation(
        lambda c: c.liaison,
        suggestion_service_pb2_grpc.SuggestionServiceStub,
        "MergeSuggestion",
        _merge_request,
        "SELECT count(*) FROM suggestion_step WHERE action = 'merge'",
    ),
    "CreateDepartment": Mutation(
        lambda c: c.district_admin,
        department_service_pb2_grpc.DepartmentServiceStub,
        "CreateDepartment",
        _new_department,
        "SELECT count(*) FROM department",
    ),
    "UpdateDepartment": Mutation(
        lambda c: c.district_admin,
        department_service_pb2_grpc.DepartmentServiceStub,
        "UpdateDepartment",
        _rename_department,
        "SELECT count(*) FROM request_record WHERE method LIKE '%/UpdateDepartment'",
    ),
    "CreateRoutingRule": Mutation(
        lambda c: c.district_admin,
        department_service_pb2_grpc.DepartmentServiceStub,
        "CreateRoutingRule",
        _new_rule,
        "SELECT count(*) FROM routing_rule",
    ),
    "DeleteRoutingRule": Mutation(
        lambda c: c.district_admin,
        department_service_pb2_grpc.DepartmentServiceStub,
        "DeleteRoutingRule",
        _drop_rule,
        "SELECT count(*) FROM request_record WHERE method LIKE '%/DeleteRoutingRule'",
    ),
    "CreateEnrollment": Mutation(
        lambda c: c.other_officer,
        enrollment_service_pb2_grpc.EnrollmentServiceStub,
        "CreateEnrollment",
        lambda _, c: _ready(_enrollment(c)),
        "SELECT count(*) FROM enrollment",
    ),
    "AcceptEnrollment": Mutation(
        lambda c: c.unit_admin,
        enrollment_service_pb2_grpc.EnrollmentServiceStub,
        "AcceptEnrollment",
        _enrolled("AcceptEnrollment"),
        "SELECT count(*) FROM enrollment WHERE state = 'accepted'",
    ),
    "RejectEnrollment": Mutation(
        lambda c: c.unit_admin,
        enrollment_service_pb2_grpc.EnrollmentServiceStub,
        "RejectEnrollment",
        _enrolled("RejectEnrollment", reason="名额已满"),
        "SELECT count(*) FROM enrollment WHERE state = 'rejected'",
    ),
    "WithdrawEnrollment": Mutation(
        lambda c: c.other_officer,
        enrollment_service_pb2_grpc.EnrollmentServiceStub,
        "WithdrawEnrollment",
        _enrolled("WithdrawEnrollment", reason="调任"),
        "SELECT count(*) FROM enrollment WHERE state = 'withdrawn'",
    ),
    "ImportEnrollments": Mutation(
        lambda c: c.unit_admin,
        enrollment_service_pb2_grpc.EnrollmentServiceStub,
        "ImportEnrollments",
        lambda _, c: _ready(
            enrollment_service_pb2.ImportEnrollmentsRequest(
                parent=f"units/{c.unit}",
                content=(
                    "applicant,category,party_member,residence\n"
                    f"{c.other_officer},police,是,{c.grid}\n"
                ).encode(),
                format=enrollment_service_pb2.IMPORT_FORMAT_CSV,
            )
        ),
        "SELECT count(*) FROM enrollment WHERE source = 'import'",
    ),
    "CheckInAssignment": Mutation(
        lambda c: c.officer,
        assignment_service_pb2_grpc.AssignmentServiceStub,
        "CheckInAssignment",
        lambda _, c: _ready(_check_in(c)),
        "SELECT count(*) FROM grid_assignment WHERE check_in_time IS NOT NULL",
    ),
    "ConfirmCheckIn": Mutation(
        lambda c: c.head,
        assignment_service_pb2_grpc.AssignmentServiceStub,
        "ConfirmCheckIn",
        _confirm,
        "SELECT count(*) FROM grid_assignment WHERE check_in_confirmed_by IS NOT NULL",
    ),
    "CreateProposal": Mutation(
        lambda c: c.liaison,
        proposal_service_pb2_grpc.ProposalServiceStub,
        "CreateProposal",
        lambda _, c: _ready(_propose(c)),
        "SELECT count(*) FROM proposal",
    ),
    "AcceptProposal": Mutation(
        lambda c: c.liaison,
        proposal_service_pb2_grpc.ProposalServiceStub,
        "AcceptProposal",
        _accept_one_line,
        "SELECT count(*) FROM proposal WHERE state = 'accepted'",
    ),
    "SetCalendarDay": Mutation(
        lambda c: "admin-city",
        admin_service_pb2_grpc.AdminServiceStub,
        "SetCalendarDay",
        lambda _, c: _ready(
            admin_service_pb2.SetCalendarDayRequest(
                calendar_day=admin_service_pb2.CalendarDay(
                    name="calendarDays/2027-02-08", working=False, display_name="春节"
                )
            )
        ),
        "SELECT count(*) FROM calendar_day",
    ),
    "DeleteCalendarDay": Mutation(
        lambda c: "admin-city",
        admin_service_pb2_grpc.AdminServiceStub,
        "DeleteCalendarDay",
        _delete_calendar_day,
        "SELECT count(*) FROM request_record WHERE method LIKE '%/DeleteCalendarDay'",
    ),
    "CreateExcusedMonth": Mutation(
        lambda c: "admin-city",
        compliance_service_pb2_grpc.ComplianceServiceStub,
        "CreateExcusedMonth",
        lambda _, c: _ready(_excuse_request(c)),
        "SELECT count(*) FROM excused_month",
    ),
    "DeleteExcusedMonth": Mutation(
        lambda c: "admin-city",
        compliance_service_pb2_grpc.ComplianceServiceStub,
        "DeleteExcusedMonth",
        _delete_excuse,
        "SELECT count(*) FROM request_record WHERE method LIKE '%/DeleteExcusedMonth'",
    ),
    "CreateHalfYearReport": Mutation(
        lambda c: "admin-city",
        report_service_pb2_grpc.ReportServiceStub,
        "CreateHalfYearReport",
        lambda _, c: _ready(
            report_service_pb2.CreateHalfYearReportRequest(
                parent=f"scopeNodes/{c.grid[:6]}", half_year="2026-H1"
            )
        ),
        "SELECT count(*) FROM report",
    ),
    "UpdateOfficerAvailability": Mutation(
        lambda c: c.officer,
        officer_service_pb2_grpc.OfficerServiceStub,
        "UpdateOfficerAvailability",
        lambda _, c: _ready(
            officer_service_pb2.UpdateOfficerAvailabilityRequest(
                availability=officer_service_pb2.OfficerAvailability(
                    name=f"officers/{c.officer}/availability", quiet_hours="23:00-06:00"
                ),
                update_mask=field_mask_pb2.FieldMask(paths=["quiet_hours"]),
            )
        ),
        "SELECT count(*) FROM officer_availability",
    ),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
async def test_two_calls_at_once_with_one_request_id_get_the_first_answer(
    name: str, city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    mutation = MUTATIONS[name]
    request = await mutation.request(channel_as, city)
    request.request_id = f"retry-{name}"
    before = _count(migrated_engine, mutation.effect)
    call = getattr(mutation.stub(channel_as(mutation.actor(city))), mutation.method)
    first, second = await asyncio.gather(call(request), call(request))
    assert first == second
    assert _count(migrated_engine, mutation.effect) == before + 1
    # And a later retry still answers the same, changing nothing.
    assert await call(request) == first
    assert _count(migrated_engine, mutation.effect) == before + 1


def test_every_mutation_is_driven() -> None:
    """A mutation is an RPC whose request carries a request id; each is tested
    above (RequestRegistryResync, which needs a broker, in test_admin.py)."""
    from service.platform.services import officer_servicer_classes

    with_request_id = set()
    for servicer in officer_servicer_classes():
        base = next(cls for cls in servicer.__mro__[1:] if cls.__name__.endswith("Servicer"))
        service = base.__name__.removesuffix("Servicer")
        # The messages module beside the base's generated *_pb2_grpc module:
        # a service added later is checked without being listed here.
        module = importlib.import_module(base.__module__.removesuffix("_grpc"))
        descriptor = module.DESCRIPTOR.services_by_name[service]
        for method in descriptor.methods:
            implemented = getattr(servicer, method.name) is not getattr(base, method.name)
            if implemented and "request_id" in method.input_type.fields_by_name:
                with_request_id.add(method.name)
    assert "AcceptProposal" in with_request_id, "the check itself finds no mutations"
    assert with_request_id - {"RequestRegistryResync"} == set(MUTATIONS)
