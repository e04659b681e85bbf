"""Read attestation (学习确认) on the scheduler: the handler that makes a notice's
planned steps (policy/use_cases.py plans them when it is published or its
deadline moves).

A reminder goes to every recipient who has not acknowledged; the escalation,
at the deadline, to the first tiers of the escalation chain above them (their
community heads and street liaisons), with how many of theirs are behind.
"""

from __future__ import annotations

from datetime import datetime

from contracts.messages import PushKind
from service.kernel import escalation
from service.kernel.audience import Recipient
from service.kernel.pushes import Push, deliver
from service.kernel.scheduler import DueStep, Handler
from service.policy import rules
from service.policy.ports import UnitOfWork
from service.policy.rules import Notice, NoticeState


def handler(*, via_broker: bool) -> Handler:
    """The scheduler's handler of ``policy.attestation`` steps."""

    def make(uow: UnitOfWork, step: DueStep, now: datetime) -> tuple[str, ...]:
        return make_step(uow, step=step, now=now, via_broker=via_broker)

    return make


def make_step(
    uow: UnitOfWork, *, step: DueStep, now: datetime, via_broker: bool
) -> tuple[str, ...]:
    """Sends one reminder round, or the escalation. Returns whose inboxes were
    written to. A notice withdrawn meanwhile gets nothing."""
    notice_id = step.subject.removeprefix("notices/")
    notice = uow.notices.get(notice_id, lock=True)
    if notice is None or notice.state is not NoticeState.PUBLISHED:
        return ()
    laggards = uow.notices.laggards(notice_id)
    if step.step == rules.ESCALATION_STEP:
        pushes = _escalations(uow, notice, laggards)
    else:
        pushes = [
            Push(
                user_id=laggard.user_id,
                kind=PushKind.NOTICE_REMINDER,
                subject=step.subject,
                title=f"请在截止时间前完成学习确认：{notice.content.title}",
                summary=notice.content.summary,
                notice_id=notice_id,
                scope_node=laggard.scope_node,
                acknowledgement_required=True,
                acknowledge_due_time=notice.content.acknowledge_due_time,
            )
            for laggard in laggards
        ]
    deliver(uow, pushes, now, via_broker=via_broker)
    return tuple(push.user_id for push in pushes)


def _escalations(uow: UnitOfWork, notice: Notice, laggards: list[Recipient]) -> list[Push]:
    """One push per holder of each tier above the laggards, with how many of
    theirs did not acknowledge."""
    behind = escalation.tally(
        (laggard.scope_node for laggard in laggards), depth=rules.ESCALATION_DEPTH
    )
    return [
        Push(
            user_id=user_id,
            kind=PushKind.ESCALATION,
            subject=f"notices/{notice.notice_id}",
            title=f"学习确认逾期：{notice.content.title}",
            summary=f"{behind[tier]} 名政法网格员未在截止时间前完成学习确认",
            notice_id=notice.notice_id,
            scope_node=tier.node,
        )
        for tier, user_id in escalation.reach_holders(uow.directory, behind)
    ]
