"""One call per RPC of the authorization matrix (tests/authz_matrix.toml), each
made by an actor against a target, and what it came to: True when the call
reached the target, False when a list (read to its last page) left it out, the
status code when the call was refused."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import grpc
from google.protobuf import field_mask_pb2, timestamp_pb2
from officer.v1 import (
    activity_service_pb2,
    activity_service_pb2_grpc,
    admin_service_pb2,
    admin_service_pb2_grpc,
    assignment_service_pb2,
    assignment_service_pb2_grpc,
    common_pb2,
    grid_service_pb2,
    grid_service_pb2_grpc,
    inbox_service_pb2,
    inbox_service_pb2_grpc,
    officer_service_pb2,
    officer_service_pb2_grpc,
    policy_service_pb2,
    policy_service_pb2_grpc,
    task_service_pb2,
    task_service_pb2_grpc,
)

from tests.integration import (
    authz_check_ins,
    authz_compliance,
    authz_enrollments,
    authz_proposals,
    authz_reports,
    authz_suggestions,
    authz_units,
)
from tests.integration.authz_suggestions import SuggestionWorld
from tests.integration.bearer import auth
from tests.rpc_errors import error_info

NONEXISTENT_NOTICE = "notices/01ARZ3NDEKTSV4RRFFQ69G5FAV"
NONEXISTENT_ITEM = "users/of-nobody/inboxItems/01ARZ3NDEKTSV4RRFFQ69G5FAV"
NONEXISTENT_TASK = "tasks/01ARZ3NDEKTSV4RRFFQ69G5FAV"
NONEXISTENT_ACTIVITY = "activities/01ARZ3NDEKTSV4RRFFQ69G5FAV"


@dataclass
class World:
    port: int
    actors: dict[str, str]
    grids: dict[str, str]
    officers: dict[str, str]
    spare_officer: str
    # A notice the city admin published to each target grid, and the inbox item
    # that brought it to the target's officer.
    notices: dict[str, str]
    inbox_items: dict[str, str]
    # A task the city admin gave each target's officer.
    tasks: dict[str, str]
    # An activity each target's officer reported in the target grid.
    activities: dict[str, str]
    # Departments, routing entries and suggestions (authz_suggestions.py).
    suggestion_world: SuggestionWorld | None = None


def notice(grid: str, title: str = "授权矩阵") -> policy_service_pb2.Notice:
    due = timestamp_pb2.Timestamp()
    due.FromDatetime(datetime.now(UTC) + timedelta(days=30))
    return policy_service_pb2.Notice(
        title=title,
        body="authorization matrix",
        kind=policy_service_pb2.NOTICE_KIND_NOTICE,
        audience=policy_service_pb2.Audience(scope_nodes=[f"grids/{grid}"]),
        acknowledge_due_time=due,
    )


def task(officer: str, title: str = "授权矩阵") -> task_service_pb2.Task:
    due = timestamp_pb2.Timestamp()
    due.FromDatetime(datetime.now(UTC) + timedelta(days=30))
    return task_service_pb2.Task(
        title=title,
        kind=task_service_pb2.TASK_KIND_OTHER,
        priority=task_service_pb2.TASK_PRIORITY_P4,
        due_time=due,
        assignee=f"officers/{officer}",
    )


def activity(
    grid: str,
    officer: str = "",
    kind: common_pb2.ActivityKind = common_pb2.ACTIVITY_KIND_GRID_RESEARCH,
) -> activity_service_pb2.Activity:
    start = timestamp_pb2.Timestamp()
    start.FromDatetime(datetime.now(UTC) - timedelta(hours=2))
    return activity_service_pb2.Activity(
        officer=f"officers/{officer}" if officer else "",
        grid=f"grids/{grid}",
        kind=kind,
        summary="authorization matrix",
        start_time=start,
    )


def all_names(fetch: Callable[[str], Any], field: str) -> Iterator[Any]:
    """Every item of a list, page after page."""
    token = ""
    while True:
        page = fetch(token)
        yield from getattr(page, field)
        token = page.next_page_token
        if not token:
            return


@dataclass
class Cell:
    """One cell's call: the actor's stubs and what the target is."""

    world: World
    channel: grpc.Channel
    metadata: tuple[tuple[str, str]]
    relation: str
    role: str = ""

    @property
    def grid(self) -> str:
        return self.world.grids[self.relation]

    @property
    def officer(self) -> str:
        return self.world.officers.get(self.relation, "of-nobody")

    @property
    def notice(self) -> str:
        return self.world.notices[self.relation]

    def stub(self, factory: Any) -> Any:
        return factory(self.channel)

    def fresh_notice(self) -> str:
        """A notice of this cell's own, published by the city admin to the target grid."""
        if self.relation == "nonexistent":
            return NONEXISTENT_NOTICE
        policy = self.stub(policy_service_pb2_grpc.PolicyServiceStub)
        published = policy.PublishNotice(
            policy_service_pb2.PublishNoticeRequest(notice=notice(self.grid, "单元格")),
            metadata=auth(self.world.actors["city_admin"]),
        )
        return str(published.notice.name)

    def fresh_task(self, *, acknowledged: bool = False) -> str:
        """A task of this cell's own, given by the city admin to the target's officer."""
        if self.relation == "nonexistent":
            return NONEXISTENT_TASK
        tasks = self.stub(task_service_pb2_grpc.TaskServiceStub)
        created = tasks.CreateTask(
            task_service_pb2.CreateTaskRequest(task=task(self.officer, "单元格")),
            metadata=auth(self.world.actors["city_admin"]),
        )
        if acknowledged:
            tasks.AcknowledgeTask(
                task_service_pb2.AcknowledgeTaskRequest(name=created.task.name),
                metadata=auth(self.officer),
            )
        return str(created.task.name)


def _activities(cell: Cell) -> Any:
    return cell.stub(activity_service_pb2_grpc.ActivityServiceStub)


def _fresh_activity(
    cell: Cell, kind: common_pb2.ActivityKind = common_pb2.ACTIVITY_KIND_GRID_RESEARCH
) -> str:
    """An activity of this cell's own, reported by the target's officer."""
    if cell.relation == "nonexistent":
        return NONEXISTENT_ACTIVITY
    created = _activities(cell).CreateActivity(
        activity_service_pb2.CreateActivityRequest(activity=activity(cell.grid, kind=kind)),
        metadata=auth(cell.officer),
    )
    return str(created.activity.name)


def _case_step(cell: Cell, method: str, **fields: Any) -> bool:
    """A step of a fresh dispute's case (reported, followed by the community)."""
    name = _fresh_activity(cell, common_pb2.ACTIVITY_KIND_DISPUTE_MEDIATION)
    request = getattr(activity_service_pb2, f"{method}Request")(name=name, **fields)
    return _reached(getattr(_activities(cell), method)(request, metadata=cell.metadata))


def _reached(_response: Any) -> bool:
    """The call answered: it reached its target (refusals raise)."""
    return True


def _grids(cell: Cell) -> Any:
    return cell.stub(grid_service_pb2_grpc.GridServiceStub)


def _officers(cell: Cell) -> Any:
    return cell.stub(officer_service_pb2_grpc.OfficerServiceStub)


def _assignments(cell: Cell) -> Any:
    return cell.stub(assignment_service_pb2_grpc.AssignmentServiceStub)


def _admin(cell: Cell) -> Any:
    return cell.stub(admin_service_pb2_grpc.AdminServiceStub)


def _policy(cell: Cell) -> Any:
    return cell.stub(policy_service_pb2_grpc.PolicyServiceStub)


def _inbox(cell: Cell) -> Any:
    return cell.stub(inbox_service_pb2_grpc.InboxServiceStub)


def _tasks(cell: Cell) -> Any:
    return cell.stub(task_service_pb2_grpc.TaskServiceStub)


def _task_change(cell: Cell, method: str, *, acknowledged: bool = False, **fields: Any) -> bool:
    """A change of a fresh task of the target's, made by the cell's actor."""
    name = cell.fresh_task(acknowledged=acknowledged)
    call = getattr(_tasks(cell), method)
    call(getattr(task_service_pb2, f"{method}Request")(name=name, **fields), metadata=cell.metadata)
    return True


def _later() -> timestamp_pb2.Timestamp:
    due = timestamp_pb2.Timestamp()
    due.FromDatetime(datetime.now(UTC) + timedelta(days=60))
    return due


def _listed(cell: Cell, method: Any, request: Callable[[str], Any], field: str) -> set[str]:
    return {
        item.name
        for item in all_names(lambda token: method(request(token), metadata=cell.metadata), field)
    }


def _community(cell: Cell) -> str:
    return f"scopeNodes/{cell.grid[:12]}"


def _spare_change(cell: Cell, method: Any, request_type: Any) -> bool:
    method(
        request_type(
            officer=f"officers/{cell.world.spare_officer}",
            grids=[f"grids/{cell.grid}"],
            reason="authorization matrix",
        ),
        metadata=cell.metadata,
    )
    return True


def _stream(cell: Cell) -> bool:
    call = _inbox(cell).StreamInboxItems(
        inbox_service_pb2.StreamInboxItemsRequest(parent=f"users/{cell.officer}"),
        metadata=cell.metadata,
        timeout=10,
    )
    try:
        next(call)
    finally:
        call.cancel()
    return True


def _resync(cell: Cell) -> bool:
    try:
        _admin(cell).RequestRegistryResync(
            admin_service_pb2.RequestRegistryResyncRequest(), metadata=cell.metadata
        )
    except grpc.RpcError as error:
        # Authorized, then refused for want of a broker: it got past authorization.
        if error.code() is grpc.StatusCode.FAILED_PRECONDITION:
            return bool(error_info(error).reason == "NO_BROKER")
        raise
    return True


# A day of its own for each cell that deletes one (cells may run together).
_CALENDAR_DAYS = itertools.count()


def _calendar_day(cell: Cell, *, set_first: bool) -> str:
    day = date(2031, 1, 1) + timedelta(days=next(_CALENDAR_DAYS))
    name = f"calendarDays/{day.isoformat()}"
    if set_first:
        _admin(cell).SetCalendarDay(
            admin_service_pb2.SetCalendarDayRequest(
                calendar_day=admin_service_pb2.CalendarDay(name=name, working=False)
            ),
            metadata=auth(cell.world.actors["city_admin"]),
        )
    return name


CALLS: dict[str, Callable[[Cell], bool]] = {
    "GetGrid": lambda c: _reached(
        _grids(c).GetGrid(
            grid_service_pb2.GetGridRequest(name=f"grids/{c.grid}"), metadata=c.metadata
        )
    ),
    "GetScopeNode": lambda c: _reached(
        _grids(c).GetScopeNode(
            grid_service_pb2.GetScopeNodeRequest(name=_community(c)), metadata=c.metadata
        )
    ),
    "ListScopeNodes": lambda c: (
        _community(c)
        in _listed(
            c,
            _grids(c).ListScopeNodes,
            lambda token: grid_service_pb2.ListScopeNodesRequest(
                level=common_pb2.SCOPE_LEVEL_COMMUNITY, page_size=50, page_token=token
            ),
            "scope_nodes",
        )
    ),
    "ListGrids": lambda c: (
        f"grids/{c.grid}"
        in _listed(
            c,
            _grids(c).ListGrids,
            lambda token: grid_service_pb2.ListGridsRequest(page_size=100, page_token=token),
            "grids",
        )
    ),
    "GetOfficer": lambda c: _reached(
        _officers(c).GetOfficer(
            officer_service_pb2.GetOfficerRequest(name=f"officers/{c.officer}"),
            metadata=c.metadata,
        )
    ),
    "ListOfficers": lambda c: (
        f"officers/{c.officer}"
        in _listed(
            c,
            _officers(c).ListOfficers,
            lambda token: officer_service_pb2.ListOfficersRequest(page_size=100, page_token=token),
            "officers",
        )
    ),
    "GetOfficerAvailability": lambda c: _reached(
        _officers(c).GetOfficerAvailability(
            officer_service_pb2.GetOfficerAvailabilityRequest(
                name=f"officers/{c.officer}/availability"
            ),
            metadata=c.metadata,
        )
    ),
    "UpdateOfficerAvailability": lambda c: _reached(
        _officers(c).UpdateOfficerAvailability(
            officer_service_pb2.UpdateOfficerAvailabilityRequest(
                availability=officer_service_pb2.OfficerAvailability(
                    name=f"officers/{c.officer}/availability", quiet_hours="23:00-06:30"
                ),
                update_mask=field_mask_pb2.FieldMask(paths=["quiet_hours"]),
            ),
            metadata=c.metadata,
        )
    ),
    "AssignOfficer": lambda c: _spare_change(
        c, _assignments(c).AssignOfficer, assignment_service_pb2.AssignOfficerRequest
    ),
    "UnassignOfficer": lambda c: _spare_change(
        c, _assignments(c).UnassignOfficer, assignment_service_pb2.UnassignOfficerRequest
    ),
    "ListAssignments": lambda c: (
        f"officers/{c.officer}/assignments/{c.grid}"
        in _listed(
            c,
            _assignments(c).ListAssignments,
            lambda token: assignment_service_pb2.ListAssignmentsRequest(
                page_size=100, page_token=token
            ),
            "assignments",
        )
    ),
    "ListAssignmentChanges": lambda c: any(
        change.officer == f"officers/{c.officer}" and f"grids/{c.grid}" in change.grids_after
        for change in all_names(
            lambda token: _assignments(c).ListAssignmentChanges(
                assignment_service_pb2.ListAssignmentChangesRequest(
                    page_size=100, page_token=token
                ),
                metadata=c.metadata,
            ),
            "assignment_changes",
        )
    ),
    "SetPermissionGrant": lambda c: _reached(
        _admin(c).SetPermissionGrant(
            admin_service_pb2.SetPermissionGrantRequest(
                permission_grant=admin_service_pb2.PermissionGrant(
                    permission="task.assign",
                    role=common_pb2.ROLE_GRID_WORKER,
                    scope_node=_community(c),
                    enabled=False,
                )
            ),
            metadata=c.metadata,
        )
    ),
    "ListPermissionGrants": lambda c: _reached(
        _admin(c).ListPermissionGrants(
            admin_service_pb2.ListPermissionGrantsRequest(parent=_community(c)),
            metadata=c.metadata,
        )
    ),
    "ListPermissionAuditEntries": lambda c: _reached(
        _admin(c).ListPermissionAuditEntries(
            admin_service_pb2.ListPermissionAuditEntriesRequest(parent=_community(c)),
            metadata=c.metadata,
        )
    ),
    "RequestRegistryResync": _resync,
    "ListCalendarDays": lambda c: _reached(
        _admin(c).ListCalendarDays(
            admin_service_pb2.ListCalendarDaysRequest(year=2026), metadata=c.metadata
        )
    ),
    "SetCalendarDay": lambda c: _reached(
        _admin(c).SetCalendarDay(
            admin_service_pb2.SetCalendarDayRequest(
                calendar_day=admin_service_pb2.CalendarDay(
                    name=_calendar_day(c, set_first=False), working=True
                )
            ),
            metadata=c.metadata,
        )
    ),
    "DeleteCalendarDay": lambda c: _reached(
        _admin(c).DeleteCalendarDay(
            admin_service_pb2.DeleteCalendarDayRequest(name=_calendar_day(c, set_first=True)),
            metadata=c.metadata,
        )
    ),
    "PublishNotice": lambda c: _reached(
        _policy(c).PublishNotice(
            policy_service_pb2.PublishNoticeRequest(notice=notice(c.grid)), metadata=c.metadata
        )
    ),
    "GetNotice": lambda c: _reached(
        _policy(c).GetNotice(
            policy_service_pb2.GetNoticeRequest(name=c.notice), metadata=c.metadata
        )
    ),
    "ListNotices": lambda c: (
        c.notice
        in _listed(
            c,
            _policy(c).ListNotices,
            lambda token: policy_service_pb2.ListNoticesRequest(page_size=100, page_token=token),
            "notices",
        )
    ),
    "AmendNotice": lambda c: _reached(
        _policy(c).AmendNotice(
            policy_service_pb2.AmendNoticeRequest(
                notice=policy_service_pb2.Notice(name=c.fresh_notice(), title="改"),
                update_mask=field_mask_pb2.FieldMask(paths=["title"]),
                reason="authorization matrix",
            ),
            metadata=c.metadata,
        )
    ),
    "WithdrawNotice": lambda c: _reached(
        _policy(c).WithdrawNotice(
            policy_service_pb2.WithdrawNoticeRequest(
                name=c.fresh_notice(), reason="authorization matrix"
            ),
            metadata=c.metadata,
        )
    ),
    "GetNoticeStats": lambda c: _reached(
        _policy(c).GetNoticeStats(
            policy_service_pb2.GetNoticeStatsRequest(name=c.notice), metadata=c.metadata
        )
    ),
    "ListInboxItems": lambda c: _reached(
        _inbox(c).ListInboxItems(
            inbox_service_pb2.ListInboxItemsRequest(parent=f"users/{c.officer}"),
            metadata=c.metadata,
        )
    ),
    "StreamInboxItems": _stream,
    "MarkInboxItemsRead": lambda c: _reached(
        _inbox(c).MarkInboxItemsRead(
            inbox_service_pb2.MarkInboxItemsReadRequest(
                parent=f"users/{c.officer}", names=[c.world.inbox_items[c.relation]]
            ),
            metadata=c.metadata,
        )
    ),
    "MarkAllInboxItemsRead": lambda c: _reached(
        _inbox(c).MarkAllInboxItemsRead(
            inbox_service_pb2.MarkAllInboxItemsReadRequest(parent=f"users/{c.officer}"),
            metadata=c.metadata,
        )
    ),
    "AcknowledgeInboxItem": lambda c: _reached(
        _inbox(c).AcknowledgeInboxItem(
            inbox_service_pb2.AcknowledgeInboxItemRequest(name=c.world.inbox_items[c.relation]),
            metadata=c.metadata,
        )
    ),
    "CreateTask": lambda c: _reached(
        _tasks(c).CreateTask(
            task_service_pb2.CreateTaskRequest(task=task(c.officer)), metadata=c.metadata
        )
    ),
    "GetTask": lambda c: _reached(
        _tasks(c).GetTask(
            task_service_pb2.GetTaskRequest(name=c.world.tasks[c.relation]), metadata=c.metadata
        )
    ),
    "ListTasks": lambda c: (
        c.world.tasks[c.relation]
        in _listed(
            c,
            _tasks(c).ListTasks,
            lambda token: task_service_pb2.ListTasksRequest(page_size=1000, page_token=token),
            "tasks",
        )
    ),
    # Reached: the relation's grid holds its officer's task, and it is counted.
    "GetTaskStats": lambda c: (
        _tasks(c)
        .GetTaskStats(
            task_service_pb2.GetTaskStatsRequest(parent=f"grids/{c.grid}"), metadata=c.metadata
        )
        .total.task_count
        > 0
    ),
    "CreateActivity": lambda c: _reached(
        _activities(c).CreateActivity(
            activity_service_pb2.CreateActivityRequest(activity=activity(c.grid, c.officer)),
            metadata=c.metadata,
        )
    ),
    "GetActivity": lambda c: _reached(
        _activities(c).GetActivity(
            activity_service_pb2.GetActivityRequest(name=c.world.activities[c.relation]),
            metadata=c.metadata,
        )
    ),
    "ListActivities": lambda c: (
        c.world.activities[c.relation]
        in _listed(
            c,
            _activities(c).ListActivities,
            lambda token: activity_service_pb2.ListActivitiesRequest(
                page_size=1000, page_token=token
            ),
            "activities",
        )
    ),
    # Reached: the relation's grid holds its officer's activity, and it is counted.
    "GetActivityStats": lambda c: (
        _activities(c)
        .GetActivityStats(
            activity_service_pb2.GetActivityStatsRequest(parent=f"grids/{c.grid}"),
            metadata=c.metadata,
        )
        .total_count
        > 0
    ),
    "UpdateActivity": lambda c: _reached(
        _activities(c).UpdateActivity(
            activity_service_pb2.UpdateActivityRequest(
                activity=activity_service_pb2.Activity(
                    name=_fresh_activity(c), outcome="authorization matrix"
                ),
                update_mask=field_mask_pb2.FieldMask(paths=["outcome"]),
            ),
            metadata=c.metadata,
        )
    ),
    "DeleteActivity": lambda c: _reached(
        _activities(c).DeleteActivity(
            activity_service_pb2.DeleteActivityRequest(
                name=_fresh_activity(c), reason="authorization matrix"
            ),
            metadata=c.metadata,
        )
    ),
    "MediateActivity": lambda c: _case_step(c, "MediateActivity", note="授权矩阵"),
    "ResolveActivity": lambda c: _case_step(c, "ResolveActivity", note="授权矩阵"),
    "EscalateActivity": lambda c: _case_step(c, "EscalateActivity", note="授权矩阵"),
    "AcknowledgeTask": lambda c: _task_change(c, "AcknowledgeTask"),
    "ReportTaskProgress": lambda c: _task_change(
        c, "ReportTaskProgress", acknowledged=True, note="进展"
    ),
    "CompleteTask": lambda c: _task_change(c, "CompleteTask", completion_note="完成"),
    "DeclineTask": lambda c: _task_change(c, "DeclineTask", reason="无法办理"),
    "ReassignTask": lambda c: _task_change(
        c,
        "ReassignTask",
        assignee=f"officers/{c.world.actors['grid_worker']}",
        reason="authorization matrix",
    ),
    "ExtendTask": lambda c: _task_change(
        c, "ExtendTask", due_time=_later(), reason="authorization matrix"
    ),
    "CancelTask": lambda c: _task_change(c, "CancelTask", reason="authorization matrix"),
    **authz_suggestions.calls(_listed),
    **authz_proposals.calls(_listed),
    **authz_check_ins.calls(),
    **authz_units.calls(_listed),
    **authz_enrollments.calls(_listed),
    **authz_compliance.calls(),
    **authz_reports.calls(),
}


def outcome(world: World, rpc: str, role: str, relation: str) -> bool | grpc.StatusCode:
    with grpc.insecure_channel(f"127.0.0.1:{world.port}") as channel:
        cell = Cell(world, channel, auth(world.actors[role]), relation, role)
        try:
            return CALLS[rpc](cell)
        except grpc.RpcError as error:
            code: grpc.StatusCode = error.code()
            return code


# Every list RPC with a parent: the request naming a parent. One rule for all of
# them (README, "Authorization"): a parent outside the caller's reach is
# PERMISSION_DENIED, and so is any list for a caller who reaches nothing.
LISTS_BY_PARENT: dict[str, Callable[[Cell, str], Any]] = {
    "ListScopeNodes": lambda c, p: _grids(c).ListScopeNodes(
        grid_service_pb2.ListScopeNodesRequest(parent=p), metadata=c.metadata
    ),
    "ListGrids": lambda c, p: _grids(c).ListGrids(
        grid_service_pb2.ListGridsRequest(parent=p), metadata=c.metadata
    ),
    "ListOfficers": lambda c, p: _officers(c).ListOfficers(
        officer_service_pb2.ListOfficersRequest(parent=p), metadata=c.metadata
    ),
    "ListAssignments": lambda c, p: _assignments(c).ListAssignments(
        assignment_service_pb2.ListAssignmentsRequest(parent=p), metadata=c.metadata
    ),
    "ListAssignmentChanges": lambda c, p: _assignments(c).ListAssignmentChanges(
        assignment_service_pb2.ListAssignmentChangesRequest(parent=p), metadata=c.metadata
    ),
    "ListNotices": lambda c, p: _policy(c).ListNotices(
        policy_service_pb2.ListNoticesRequest(parent=p), metadata=c.metadata
    ),
    "ListPermissionGrants": lambda c, p: _admin(c).ListPermissionGrants(
        admin_service_pb2.ListPermissionGrantsRequest(parent=p), metadata=c.metadata
    ),
    "ListPermissionAuditEntries": lambda c, p: _admin(c).ListPermissionAuditEntries(
        admin_service_pb2.ListPermissionAuditEntriesRequest(parent=p), metadata=c.metadata
    ),
    "ListTasks": lambda c, p: _tasks(c).ListTasks(
        task_service_pb2.ListTasksRequest(parent=p), metadata=c.metadata
    ),
    "ListActivities": lambda c, p: _activities(c).ListActivities(
        activity_service_pb2.ListActivitiesRequest(parent=p), metadata=c.metadata
    ),
    "ListSuggestions": lambda c, p: authz_suggestions.suggestion_stub(c).ListSuggestions(
        authz_suggestions.pb.ListSuggestionsRequest(parent=p), metadata=c.metadata
    ),
    "ListProposals": lambda c, p: authz_proposals.list_by_node(c, p),
    "ListUnits": lambda c, p: authz_units.list_by_parent(c, p),
    "ListActivityShortfalls": lambda c, p: authz_compliance.shortfalls_by_parent(c, p),
    "ListRankingRecords": lambda c, p: authz_reports.ranking_records_by_parent(c, p),
}


def list_outcome(world: World, rpc: str, user: str, parent: str) -> bool | grpc.StatusCode:
    with grpc.insecure_channel(f"127.0.0.1:{world.port}") as channel:
        cell = Cell(world, channel, auth(user), "own")
        try:
            LISTS_BY_PARENT[rpc](cell, parent)
        except grpc.RpcError as error:
            code: grpc.StatusCode = error.code()
            return code
        return True
