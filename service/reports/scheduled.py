"""A report whose lease passed while it was still running: the replica making
it stopped (killed, restarted). It is marked failed, once, so that the host's
poll ends with an answer instead of waiting for ever; the host asks again."""

from __future__ import annotations

from datetime import datetime

from service.kernel.scheduler import DueStep, Handler
from service.reports.ports import UnitOfWork
from service.reports.rules import LOST, LOST_ERROR


def handlers() -> dict[str, Handler]:
    def make(uow: UnitOfWork, step: DueStep, now: datetime) -> tuple[str, ...]:
        report_id = step.subject.removeprefix("halfYearReports/")
        uow.reports.fail(report_id, LOST_ERROR, now)
        return ()

    return {LOST: make}
