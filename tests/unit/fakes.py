"""A fake unit of work over the ports, in memory: the use cases' tests run on it
in milliseconds (cosmicpython's FakeUnitOfWork). Each fake keeps just enough
state to answer its port as the store would; the integration tests hold the
store to the same answers."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from service.assignment.ports import AssignmentView, ChangeView
from service.assignment.rules import CHECK_IN_PERIOD, AssignmentChange
from service.inbox.ports import ItemView
from service.kernel.access import Caller, Reach, Toggle
from service.kernel.audience import Recipient
from service.kernel.ports import RequestKey, StoredResponse, fingerprint
from service.kernel.pushes import Outgoing, PushedItem
from service.kernel.roles import OfficerCategory, Role, RoleBinding
from service.kernel.scheduler import DueStep, PlannedStep
from service.kernel.scope import covers
from service.kernel.working_time import OwnHours
from service.permissions import rules as permission_rules
from service.permissions.ports import AuditView, CalendarDayView
from service.permissions.rules import AuditEntry, SetToggle, ToggleKey
from service.policy.ports import StatsRow
from service.policy.rules import Notice, NoticeKind, NoticeState


class FakeCallers:
    def __init__(self, toggles: FakePermissions) -> None:
        self.bindings: dict[str, list[RoleBinding]] = {}
        self._toggles = toggles

    def add(self, user_id: str, role: Role, node: str | None, unit: str | None = None) -> None:
        self.bindings.setdefault(user_id, []).append(RoleBinding(role, node, unit))

    def load(self, user_id: str) -> Caller:
        return Caller(
            user_id, tuple(self.bindings.get(user_id, ())), self._toggles.toggles_in_force()
        )


class FakeRequests:
    def __init__(self) -> None:
        self.saved: dict[RequestKey, StoredResponse] = {}

    def lock(self, key: RequestKey) -> None:
        """One thread: nothing races."""

    def find(self, key: RequestKey) -> StoredResponse | None:
        return self.saved.get(key)

    def save(self, key: RequestKey, request: bytes, response: bytes, now: datetime) -> None:
        if key.request_id is not None:
            assert key not in self.saved, "a request id is saved once"
            self.saved[key] = StoredResponse(fingerprint(request), response)


@dataclass
class FakeDirectory:
    """Nodes that exist, officers with the grid they serve and their category,
    and role bindings of everyone else."""

    nodes: set[str] = field(default_factory=set)
    officers: dict[str, tuple[str, OfficerCategory]] = field(default_factory=dict)
    roles: list[tuple[str, Role, str]] = field(default_factory=list)

    def node_exists(self, code: str) -> bool:
        return code in self.nodes

    def officers_beneath(
        self, nodes: Iterable[str], categories: Sequence[OfficerCategory]
    ) -> dict[str, str]:
        nodes = list(nodes)
        return {
            user: grid
            for user, (grid, category) in self.officers.items()
            if any(covers(node, grid) for node in nodes)
            and (not categories or category in categories)
        }

    def role_holders(self, roles: Sequence[Role], nodes: Iterable[str]) -> dict[str, str]:
        nodes = list(nodes)
        return {
            user: node
            for user, role, node in self.roles
            if role in roles and any(covers(scope, node) for scope in nodes)
        }

    def users_in_reach(self, user_ids: Sequence[str], nodes: Iterable[str]) -> dict[str, str]:
        nodes = list(nodes)
        places = {user: grid for user, (grid, _) in self.officers.items()}
        places.update({user: node for user, _, node in self.roles})
        return {
            user: places[user]
            for user in user_ids
            if user in places and any(covers(node, places[user]) for node in nodes)
        }

    def officer_categories(self, user_ids: Sequence[str]) -> dict[str, str]:
        return {u: self.officers[u][1].value for u in user_ids if u in self.officers}

    def unit_admins_of(self, officer_id: str) -> list[str]:
        return []

    def holders_at(self, role: Role, nodes: Iterable[str]) -> Mapping[str, list[str]]:
        wanted = set(nodes)
        found: dict[str, list[str]] = {node: [] for node in wanted}
        for user, held, node in sorted(self.roles):
            if held is role and node in wanted:
                found[node].append(user)
        return found


class FakeInbox:
    def __init__(self) -> None:
        self.items: list[ItemView] = []
        # The node each item's recipient is counted under (the store keeps it
        # on the row; the inbox's own view does not show it).
        self.scope_nodes: dict[str, str | None] = {}

    def append(self, items: Sequence[PushedItem], now: datetime) -> None:
        for item_id, push in items:
            self.items.append(
                ItemView(
                    seq=len(self.items) + 1,
                    item_id=item_id,
                    user_id=push.user_id,
                    kind=push.kind.value,
                    subject=push.subject,
                    notice_id=push.notice_id,
                    title=push.title,
                    summary=push.summary,
                    acknowledgement_required=push.acknowledgement_required,
                    acknowledge_due_time=push.acknowledge_due_time,
                    create_time=now,
                    read_time=None,
                    acknowledge_time=None,
                    acknowledge_comment="",
                    hidden=False,
                )
            )
            self.scope_nodes[item_id] = push.scope_node

    def _change(self, match: Callable[[ItemView], bool], **values: Any) -> None:
        self.items = [
            dataclasses.replace(item, **values) if match(item) else item for item in self.items
        ]

    def refresh_notice_items(
        self, notice_id: str, *, title: str, summary: str, acknowledge_due_time: datetime | None
    ) -> None:
        self._change(
            lambda item: item.notice_id == notice_id and item.kind == "notice",
            title=title,
            summary=summary,
            acknowledgement_required=acknowledge_due_time is not None,
            acknowledge_due_time=acknowledge_due_time,
        )

    def hide_notice(self, notice_id: str) -> None:
        self._change(
            lambda item: item.notice_id == notice_id and item.kind != "notice_withdrawn",
            hidden=True,
        )

    def of(self, user_id: str) -> list[ItemView]:
        return [item for item in self.items if item.user_id == user_id and not item.hidden]

    def newest_first(
        self, user_id: str, *, unread_only: bool, before_seq: int | None, limit: int
    ) -> list[ItemView]:
        items = [
            item
            for item in reversed(self.of(user_id))
            if (not unread_only or item.read_time is None)
            and (before_seq is None or item.seq < before_seq)
        ]
        return items[:limit]

    def oldest_first_after(self, user_id: str, after_seq: int, limit: int) -> list[ItemView]:
        return [item for item in self.of(user_id) if item.seq > after_seq][:limit]

    def unread_count(self, user_id: str) -> int:
        return sum(item.read_time is None for item in self.of(user_id))

    def get(self, user_id: str, item_id: str) -> ItemView | None:
        return next((i for i in self.items if i.user_id == user_id and i.item_id == item_id), None)

    def notice_item_of(self, user_id: str, notice_id: str) -> ItemView | None:
        return next(
            (
                i
                for i in self.items
                if i.user_id == user_id and i.notice_id == notice_id and i.kind == "notice"
            ),
            None,
        )

    def mark_read(self, user_id: str, item_ids: Sequence[str], now: datetime) -> None:
        self._change(
            lambda i: i.user_id == user_id and i.item_id in item_ids and i.read_time is None,
            read_time=now,
        )

    def mark_all_read(self, user_id: str, now: datetime) -> int:
        unread = [i for i in self.of(user_id) if i.read_time is None]
        self.mark_read(user_id, [i.item_id for i in unread], now)
        return len(unread)

    def acknowledge(self, user_id: str, item_id: str, comment: str, now: datetime) -> None:
        item = self.get(user_id, item_id)
        if item is None or item.acknowledge_time is not None:
            return
        self._change(
            lambda i: i is item,
            acknowledge_time=now,
            acknowledge_comment=comment,
            read_time=item.read_time or now,
        )


class FakeOutbox:
    def __init__(self) -> None:
        self.messages: list[Outgoing] = []

    def append(self, messages: Sequence[Outgoing], now: datetime) -> None:
        self.messages.extend(messages)


class FakeNotices:
    def __init__(self, inbox: FakeInbox) -> None:
        self.rows: dict[str, Notice] = {}
        self.revisions: list[tuple[str, int, str, str]] = []
        self._inbox = inbox

    def get(self, notice_id: str, *, lock: bool = False) -> Notice | None:
        return self.rows.get(notice_id)

    def insert(self, notice: Notice) -> None:
        assert notice.notice_id not in self.rows
        self.rows[notice.notice_id] = notice

    def update(self, notice: Notice) -> None:
        self.rows[notice.notice_id] = notice

    def add_revision(self, notice: Notice, action: str, reason: str, actor: str) -> None:
        self.revisions.append((notice.notice_id, notice.revision, action, actor))

    def _notice_items(self, notice_id: str) -> list[ItemView]:
        return [i for i in self._inbox.items if i.notice_id == notice_id and i.kind == "notice"]

    def recipients(self, notice_id: str) -> list[Recipient]:
        return [
            Recipient(i.user_id, self._inbox.scope_nodes[i.item_id])
            for i in self._notice_items(notice_id)
        ]

    def laggards(self, notice_id: str) -> list[Recipient]:
        return [
            Recipient(i.user_id, self._inbox.scope_nodes[i.item_id])
            for i in self._notice_items(notice_id)
            if i.acknowledge_time is None
        ]

    def is_recipient(self, notice_id: str, user_id: str) -> bool:
        return any(i.user_id == user_id for i in self._notice_items(notice_id))

    def list_visible(
        self,
        *,
        user_id: str,
        reach: Reach,
        parent: str | None,
        kind: NoticeKind | None,
        show_withdrawn: bool,
        before: str | None,
        limit: int,
    ) -> list[Notice]:
        found = [
            n
            for n in sorted(self.rows.values(), key=lambda n: n.notice_id, reverse=True)
            if (reach.covers_node(n.anchor) or n.anchor in reach.path_codes())
            and (parent is None or covers(parent, n.anchor))
            and (kind is None or n.content.kind is kind)
            and (show_withdrawn or n.state is NoticeState.PUBLISHED)
            and (before is None or n.notice_id < before)
        ]
        return found[:limit]

    def stats(self, notice_id: str, reach: Reach, level_length: int) -> list[StatsRow]:
        rows: dict[str, list[ItemView]] = {}
        for item in self._notice_items(notice_id):
            node = self._inbox.scope_nodes[item.item_id] or ""
            if reach.covers_node(node):
                key = node[:level_length] if len(node) >= level_length else ""
                rows.setdefault(key, []).append(item)
        return [
            StatsRow(
                node,
                len(items),
                0,
                sum(i.read_time is not None for i in items),
                sum(i.acknowledge_time is not None for i in items),
            )
            for node, items in sorted(rows.items())
        ]


@dataclass
class _Row:
    step: DueStep
    done: str | None = None


class FakeDueSteps:
    def __init__(self) -> None:
        self.rows: list[_Row] = []

    def schedule(self, steps: Sequence[PlannedStep], now: datetime) -> None:
        for planned in steps:
            step_id = f"S{len(self.rows):05d}"
            self.rows.append(
                _Row(
                    DueStep(step_id, planned.kind, planned.subject, planned.step, planned.due_time)
                )
            )

    def cancel(self, subject: str, kind: str, now: datetime) -> None:
        for row in self.rows:
            if row.step.subject == subject and row.step.kind == kind and row.done is None:
                row.done = "cancelled"

    def pending(self, now: datetime, kinds: Sequence[str]) -> list[DueStep]:
        return sorted(
            (
                row.step
                for row in self.rows
                if row.done is None and row.step.due_time <= now and row.step.kind in kinds
            ),
            key=lambda step: (step.due_time, step.step_id),
        )

    def claim_due(self, now: datetime, kinds: Sequence[str], limit: int) -> list[list[DueStep]]:
        due = self.pending(now, kinds)
        series: dict[tuple[str, str], list[DueStep]] = {}
        for step in due:
            key = (step.subject, step.kind)
            if key not in series and any(subject == step.subject for subject, _ in series):
                continue  # one series per subject, as the store claims them
            if key in series or len(series) < limit:
                series.setdefault(key, []).append(step)
        return list(series.values())

    def finish(
        self, claims: Sequence[tuple[Sequence[DueStep], DueStep]], *, now: datetime, made_by: str
    ) -> None:
        for due, made in claims:
            for row in self.rows:
                if row.step in due:
                    row.done = "made" if row.step == made else "superseded"

    def planned(self, subject: str) -> list[tuple[str, datetime]]:
        return [
            (r.step.step, r.step.due_time)
            for r in self.rows
            if r.step.subject == subject and r.done is None
        ]


class FakeAssignments:
    def __init__(self) -> None:
        self.live_officers: set[str] = set()
        self.held: dict[str, dict[str, AssignmentView]] = {}
        self.changes: list[ChangeView] = []

    def lock_officer(self, officer_id: str) -> bool:
        return officer_id in self.live_officers

    def current(self, officer_id: str) -> list[AssignmentView]:
        return [view for _, view in sorted(self.held.get(officer_id, {}).items())]

    def last_change_time(self, officer_id: str) -> datetime | None:
        times = [c.create_time for c in self.changes if c.officer_id == officer_id]
        return max(times, default=None)

    def apply_change(self, change: AssignmentChange) -> str:
        held = self.held.setdefault(change.officer_id, {})
        for grid in set(held) - set(change.after):
            del held[grid]
        for grid in set(change.after) - set(held):
            held[grid] = AssignmentView(
                change.officer_id,
                grid,
                change.changed_by,
                change.time,
                change.time + CHECK_IN_PERIOD,
                None,
            )
        change_id = f"C{len(self.changes):04d}"
        self.changes.append(
            ChangeView(
                change_id,
                change.officer_id,
                change.before,
                change.after,
                change.reason,
                change.changed_by,
                change.time,
            )
        )
        return change_id

    def get_change(self, change_id: str) -> ChangeView:
        return next(c for c in self.changes if c.change_id == change_id)

    def get(self, officer_id: str, grid: str, *, lock: bool = False) -> AssignmentView | None:
        return self.held.get(officer_id, {}).get(grid)

    def record_check_in(self, officer_id: str, grid: str, at: datetime, note: str) -> None:
        held = self.held[officer_id]
        held[grid] = replace(held[grid], check_in_time=at, check_in_note=note)

    def confirm_check_in(self, officer_id: str, grid: str, by: str, at: datetime) -> None:
        held = self.held[officer_id]
        held[grid] = replace(held[grid], confirmed_by=by, confirm_time=at)

    def check_ins(self, *, under: str) -> list[tuple[str | None, AssignmentView]]:
        return [
            (None, view)
            for officer in sorted(self.held)
            for view in self.current(officer)
            if covers(under, view.grid_code)
        ]

    def list_assignments(
        self,
        *,
        reach: Reach,
        officer_id: str | None,
        overdue_at: datetime | None,
        after: tuple[str, str],
        limit: int,
    ) -> list[AssignmentView]:
        views = [
            view
            for officer in sorted(self.held)
            for view in self.current(officer)
            if reach.covers_node(view.grid_code)
            and (officer_id is None or view.officer_id == officer_id)
            and (overdue_at is None or view.check_in_due_time < overdue_at)
            and (view.officer_id, view.grid_code) > after
        ]
        return views[:limit]

    def list_changes(
        self,
        *,
        reach: Reach,
        officer_id: str | None,
        start: datetime | None,
        end: datetime | None,
        before: tuple[datetime, str] | None,
        limit: int,
    ) -> list[ChangeView]:
        found = [
            change
            for change in sorted(
                self.changes, key=lambda c: (c.create_time, c.change_id), reverse=True
            )
            if any(reach.covers_node(grid) for grid in set(change.before) ^ set(change.after))
            and (officer_id is None or change.officer_id == officer_id)
            and (start is None or change.create_time >= start)
            and (end is None or change.create_time < end)
            and (before is None or (change.create_time, change.change_id) < before)
        ]
        return found[:limit]


class FakePermissions:
    def __init__(self) -> None:
        self.host: dict[ToggleKey, tuple[int, bool, datetime]] = {}
        self.grants: dict[ToggleKey, tuple[bool, datetime]] = {}
        self.audit: list[AuditView] = []

    def toggles_in_force(self) -> tuple[Toggle, ...]:
        return permission_rules.in_force(
            [SetToggle(key, enabled, at) for key, (_, enabled, at) in self.host.items()],
            [SetToggle(key, enabled, at) for key, (enabled, at) in self.grants.items()],
        )

    def set_grant(
        self,
        *,
        permission: str,
        role: str,
        scope_node: str,
        enabled: bool,
        changed_by: str,
        now: datetime,
    ) -> None:
        self.grants[(permission, role, scope_node)] = (enabled, now)

    def add_audit(self, entries: Sequence[AuditEntry], now: datetime) -> None:
        for entry in entries:
            self.audit.append(
                AuditView(
                    f"A{len(self.audit):04d}",
                    entry.permission,
                    entry.role.value,
                    entry.scope_node,
                    entry.enabled_before,
                    entry.enabled_after,
                    entry.changed_by,
                    now,
                )
            )

    def host_toggles_held(self, scope_nodes: Sequence[str]) -> dict[ToggleKey, tuple[int, bool]]:
        return {
            key: (version, enabled)
            for key, (version, enabled, _) in self.host.items()
            if key[2] in scope_nodes
        }

    def list_audit(
        self, *, under: str, before: tuple[datetime, str] | None, limit: int
    ) -> list[AuditView]:
        found = [
            view
            for view in sorted(self.audit, key=lambda v: (v.create_time, v.audit_id), reverse=True)
            if covers(under, view.scope_node)
            and (before is None or (view.create_time, view.audit_id) < before)
        ]
        return found[:limit]


class FakeOfficerHours:
    def __init__(self) -> None:
        self.hours: dict[str, tuple[OwnHours, datetime]] = {}

    def of(self, user_ids: Sequence[str]) -> dict[str, OwnHours]:
        return {user: self.hours[user][0] for user in user_ids if user in self.hours}

    def get(self, user_id: str) -> tuple[OwnHours, datetime] | None:
        return self.hours.get(user_id)

    def put(self, user_id: str, own: OwnHours, now: datetime, fields: Sequence[str]) -> None:
        held = self.hours.get(user_id)
        if held is not None:
            quiet = own.quiet if "quiet_hours" in fields else held[0].quiet
            days = (
                own.working_days_only
                if "working_days_only" in fields
                else held[0].working_days_only
            )
            own = OwnHours(quiet, days)
        self.hours[user_id] = (own, now)

    def drop(self, user_ids: Sequence[str]) -> None:
        for user in user_ids:
            self.hours.pop(user, None)


class FakeCalendarDays:
    def __init__(self) -> None:
        self.days: dict[date, CalendarDayView] = {}

    def set_by_admins(self, since: date) -> dict[date, bool]:
        return {day: view.working for day, view in self.days.items() if day >= since}

    def in_year(self, year: int) -> list[CalendarDayView]:
        return [self.days[day] for day in sorted(self.days) if day.year == year]

    def put(
        self, day: date, *, working: bool, display_name: str, changed_by: str, now: datetime
    ) -> None:
        self.days[day] = CalendarDayView(day, working, display_name, "admin", changed_by, now)

    def drop(self, day: date) -> bool:
        return self.days.pop(day, None) is not None


class FakeUnitOfWork:
    """Every port of every capability, in memory."""

    def __init__(self) -> None:
        self.permissions = FakePermissions()
        self.callers = FakeCallers(self.permissions)
        self.requests = FakeRequests()
        self.directory = FakeDirectory()
        self.inbox = FakeInbox()
        self.outbox = FakeOutbox()
        self.notices = FakeNotices(self.inbox)
        self.due_steps = FakeDueSteps()
        self.assignments = FakeAssignments()
        self.officer_hours = FakeOfficerHours()
        self.calendar_days = FakeCalendarDays()
