"""The check-in (报到对接, 五.3) each new assignment owes, made by the scheduler:
reminders to the officer before the ten days are up, then the overdue alert to
the officer's unit admins and the community head of the grid. Checked in (or
the grid left) in time, the series is cancelled; a step that finds the
check-in made makes nothing."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from contracts.messages import PushKind
from service.assignment import rules
from service.assignment.ports import UnitOfWork
from service.kernel.pushes import Push, deliver
from service.kernel.roles import Role
from service.kernel.scheduler import DueStep, Handler
from service.kernel.scope import ScopeCode, ScopeLevel


def handlers(*, via_broker: bool, zone: ZoneInfo) -> dict[str, Handler]:
    def make(uow: UnitOfWork, step: DueStep, now: datetime) -> tuple[str, ...]:
        _, officer_id, _, grid = step.subject.split("/")
        found = uow.assignments.get(officer_id, grid)
        if found is None or found.check_in_time is not None:
            return ()
        due = found.check_in_due_time.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        if step.step == rules.OVERDUE:
            community = ScopeCode(grid).at(ScopeLevel.COMMUNITY)
            heads = uow.directory.holders_at(Role.COMMUNITY_HEAD, [str(community)])
            users = sorted(
                {*uow.directory.unit_admins_of(officer_id), *heads.get(str(community), [])}
            )
            kind, title = PushKind.CHECK_IN_OVERDUE, f"报到逾期：{officer_id}"
            summary = f"网格 {grid} 的报到时限 {due} 已过，尚未报到"
        else:
            users = [officer_id]
            kind, title = PushKind.CHECK_IN_REMINDER, "报到提醒"
            summary = f"请于 {due} 前到网格 {grid} 所在社区报到对接"
        pushes = [Push(user, kind, step.subject, title, summary, scope_node=grid) for user in users]
        deliver(uow, pushes, now, via_broker=via_broker)
        return tuple(users)

    return {rules.CHECK_IN: make}
