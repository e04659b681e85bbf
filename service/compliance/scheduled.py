"""The monthly reminder (六.1), made by the scheduler on the reminder day
(default the 20th, 09:00 local): a push to every officer serving a grid who is
below the floor that month and not excused. Each reminder plans the next
month's, so the series never ends; a month already over when its step is made
(the service was down) reminds nobody."""

from __future__ import annotations

from datetime import datetime

from contracts.messages import PushKind
from service.compliance.figures import REMINDER, Settings, compute, reminder_step
from service.compliance.ports import UnitOfWork
from service.compliance.rules import Month, Standing
from service.kernel.pushes import Push, deliver
from service.kernel.scheduler import DueStep, Handler


def reminders(uow: UnitOfWork, month: Month, settings: Settings) -> list[Push]:
    """The month's reminders, one per officer short of the floor."""
    members = uow.compliance.members_serving()
    found = compute(uow, members, [month], settings)
    return [
        Push(
            line.member.officer_id,
            PushKind.ACTIVITY_REMINDER,
            f"officers/{line.member.officer_id}/compliance/{month}",
            "工作动态提醒",
            f"{month} 已报 {line.count} 次工作动态，每月不少于 {settings.floor} 次",
            scope_node=line.member.grids[0] if line.member.grids else None,
        )
        for line in found.officers
        if line.standing is Standing.SHORT
    ]


def handlers(*, via_broker: bool, settings: Settings) -> dict[str, Handler]:
    def make(uow: UnitOfWork, step: DueStep, now: datetime) -> tuple[str, ...]:
        month = Month.parse(step.step.removeprefix("reminder:"), "step")
        if not settings.reminder_day:
            return ()  # turned off since it was planned: the series ends here
        uow.compliance.plan_once(reminder_step(month.next(), settings), now)
        if now >= month.end(settings.zone):
            return ()
        pushes = reminders(uow, month, settings)
        deliver(uow, pushes, now, via_broker=via_broker)
        return tuple(push.user_id for push in pushes)

    return {REMINDER: make}
