"""Policy push use cases (政策法规推送, 七.2): publish, amend, withdraw, read,
list and count notices, and plan their read attestation (学习确认) on the
scheduler (policy/attestation.py makes its steps).

Each runs inside the caller's unit of work: the notice, its history, an inbox
item per recipient, the outbox messages and the planned steps commit together
or not at all. Publishing needs ``policy.publish`` over every targeted node and
recipient; reading a notice needs it anchored where the caller reads, or to
have been published by or to them; statistics need ``policy.publish`` or
``activity.read`` and count only the recipients inside where the caller holds
them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from contracts.messages import PushKind
from service.kernel import scope
from service.kernel.access import Caller, Permission, Reach
from service.kernel.audience import Audience, resolve
from service.kernel.errors import Aborted, FailedPrecondition, InvalidArgument, PermissionDenied
from service.kernel.ids import new_id
from service.kernel.pushes import GridScreenPush, Push, deliver
from service.kernel.scheduler import PlannedStep
from service.kernel.scope import ScopeLevel, resource_name
from service.policy import rules
from service.policy.ports import StatsRow, UnitOfWork
from service.policy.rules import Notice, NoticeContent, NoticeKind, NoticeState


@dataclass(frozen=True)
class Outcome:
    """The notice after a change and whose inboxes it wrote to (to wake streams)."""

    notice: Notice
    notified: tuple[str, ...]


def _subject(notice_id: str) -> str:
    return f"notices/{notice_id}"


def _plan_attestation(
    uow: UnitOfWork, notice: Notice, offsets: Sequence[timedelta], now: datetime
) -> None:
    due = notice.content.acknowledge_due_time
    if due is None:
        return
    uow.due_steps.schedule(
        [
            PlannedStep(rules.ATTESTATION, _subject(notice.notice_id), step, at)
            for step, at in rules.attestation_plan(due, offsets)
        ],
        now,
    )


def publish(
    uow: UnitOfWork,
    *,
    caller: Caller,
    content: NoticeContent,
    audience: Audience,
    now: datetime,
    via_broker: bool,
    reminder_offsets: Sequence[timedelta] = rules.DEFAULT_REMINDER_OFFSETS,
) -> Outcome:
    rules.check_publish(content, audience, now)
    reach = caller.reach(Permission.POLICY_PUBLISH)
    if reach.empty:
        raise PermissionDenied("you may not publish notices")
    recipients = resolve(uow.directory, reach, audience)
    if not recipients:
        raise FailedPrecondition("the audience reaches no one", reason="EMPTY_AUDIENCE")
    notice_id = new_id(now)
    codes = [*audience.scope_nodes, *(r.scope_node for r in recipients if r.scope_node)]
    notice = Notice(
        notice_id=notice_id,
        content=content,
        audience=audience,
        # Every recipient is counted under a node, so there is always one code.
        anchor=scope.anchor(codes),
        state=NoticeState.PUBLISHED,
        publisher=caller.user_id,
        recipient_count=len(recipients),
        revision=0,
        create_time=now,
        update_time=now,
    )
    uow.notices.insert(notice)
    uow.notices.add_revision(notice, "published", "", caller.user_id)
    subject = _subject(notice_id)
    deliver(
        uow,
        [
            Push(
                user_id=recipient.user_id,
                kind=PushKind.NOTICE,
                subject=subject,
                title=content.title,
                summary=content.summary,
                notice_id=notice_id,
                scope_node=recipient.scope_node,
                acknowledgement_required=content.acknowledge_due_time is not None,
                acknowledge_due_time=content.acknowledge_due_time,
            )
            for recipient in recipients
        ],
        now,
        via_broker=via_broker,
        screens=[
            GridScreenPush(code, PushKind.NOTICE, subject, content.title, content.summary)
            for code in audience.scope_nodes
            if scope.ScopeCode(code).is_grid
        ],
    )
    _plan_attestation(uow, notice, reminder_offsets, now)
    return Outcome(notice, tuple(r.user_id for r in recipients))


def _editable(uow: UnitOfWork, caller: Caller, notice_id: str, name: str, etag: str) -> Notice:
    """The notice, locked, if the caller may change it now."""
    notice = uow.notices.get(notice_id, lock=True)
    reach = caller.reach(Permission.POLICY_PUBLISH)
    if notice is None or not (
        reach.covers_node(notice.anchor) or (notice.publisher == caller.user_id and not reach.empty)
    ):
        raise PermissionDenied.outside_scope(name)
    if notice.state is NoticeState.WITHDRAWN:
        raise FailedPrecondition(f"{name} was withdrawn", reason="NOTICE_WITHDRAWN")
    if etag and etag != notice.etag:
        raise Aborted(f"{name} changed since it was read; read it again", reason="STALE_ETAG")
    return notice


def _tell_recipients(
    uow: UnitOfWork,
    notice: Notice,
    kind: PushKind,
    title: str,
    summary: str,
    now: datetime,
    via_broker: bool,
) -> tuple[str, ...]:
    recipients = uow.notices.recipients(notice.notice_id)
    deliver(
        uow,
        [
            Push(
                user_id=recipient.user_id,
                kind=kind,
                subject=_subject(notice.notice_id),
                title=title,
                summary=summary,
                notice_id=notice.notice_id,
                scope_node=recipient.scope_node,
            )
            for recipient in recipients
        ],
        now,
        via_broker=via_broker,
    )
    return tuple(r.user_id for r in recipients)


def amend(
    uow: UnitOfWork,
    *,
    caller: Caller,
    notice_id: str,
    name: str,
    etag: str,
    changes: NoticeContent,
    fields: Sequence[str],
    reason: str,
    now: datetime,
    via_broker: bool,
    reminder_offsets: Sequence[timedelta] = rules.DEFAULT_REMINDER_OFFSETS,
) -> Outcome:
    """Replaces the ``fields`` of the notice's content with those of ``changes``."""
    rules.check_reason(reason)
    notice = _editable(uow, caller, notice_id, name, etag)
    content = replace(notice.content, **{field: getattr(changes, field) for field in fields})
    deadline_moved = content.acknowledge_due_time != notice.content.acknowledge_due_time
    violations = [
        violation
        for violation in rules.content_violations(content, now, "notice")
        if violation.field != "notice.acknowledge_due_time" or deadline_moved
    ]
    if violations:
        raise InvalidArgument(violations)
    amended = replace(notice, content=content, revision=notice.revision + 1, update_time=now)
    uow.notices.update(amended)
    uow.notices.add_revision(amended, "amended", reason, caller.user_id)
    uow.inbox.refresh_notice_items(
        notice_id,
        title=content.title,
        summary=content.summary,
        acknowledge_due_time=content.acknowledge_due_time,
    )
    if deadline_moved:
        # A moved deadline starts the reminders afresh.
        uow.due_steps.cancel(_subject(notice_id), rules.ATTESTATION, now)
        _plan_attestation(uow, amended, reminder_offsets, now)
    notified = _tell_recipients(
        uow, amended, PushKind.NOTICE_AMENDED, content.title, reason, now, via_broker
    )
    return Outcome(amended, notified)


def withdraw(
    uow: UnitOfWork,
    *,
    caller: Caller,
    notice_id: str,
    name: str,
    etag: str,
    reason: str,
    now: datetime,
    via_broker: bool,
) -> Outcome:
    rules.check_reason(reason)
    notice = _editable(uow, caller, notice_id, name, etag)
    withdrawn = replace(
        notice, state=NoticeState.WITHDRAWN, revision=notice.revision + 1, update_time=now
    )
    uow.notices.update(withdrawn)
    uow.notices.add_revision(withdrawn, "withdrawn", reason, caller.user_id)
    uow.inbox.hide_notice(notice_id)
    uow.due_steps.cancel(_subject(notice_id), rules.ATTESTATION, now)
    notified = _tell_recipients(
        uow,
        withdrawn,
        PushKind.NOTICE_WITHDRAWN,
        notice.content.title,
        reason,
        now,
        via_broker,
    )
    return Outcome(withdrawn, notified)


def _readers_reach(caller: Caller) -> Reach:
    """Where notices are the caller's business: where they read, or publish."""
    return Reach(
        caller.reach(Permission.REGISTRY_READ).nodes | caller.reach(Permission.POLICY_PUBLISH).nodes
    )


def get_notice(uow: UnitOfWork, *, caller: Caller, notice_id: str, name: str) -> Notice:
    """Anchored inside or above where the caller reads (as list_notices shows),
    or published by or to them."""
    notice = uow.notices.get(notice_id)
    if notice is None or not (
        _readers_reach(caller).overlaps(notice.anchor)
        or notice.publisher == caller.user_id
        or uow.notices.is_recipient(notice_id, caller.user_id)
    ):
        raise PermissionDenied.outside_scope(name)
    return notice


def list_notices(
    uow: UnitOfWork,
    *,
    caller: Caller,
    parent: str | None,
    kind: NoticeKind | None,
    show_withdrawn: bool,
    before: str | None,
    limit: int,
) -> list[Notice]:
    """Newest first. Like every list: PERMISSION_DENIED when the parent lies
    outside the caller's reach, or the caller reaches nothing."""
    reach = _readers_reach(caller)
    if parent is not None:
        reach = reach.within(parent)
    if reach.empty:
        raise PermissionDenied.outside_scope(resource_name(parent) if parent else "the notices")
    return uow.notices.list_visible(
        user_id=caller.user_id,
        reach=reach,
        parent=parent,
        kind=kind,
        show_withdrawn=show_withdrawn,
        before=before,
        limit=limit,
    )


@dataclass(frozen=True)
class Stats:
    total: StatsRow
    rows: list[StatsRow]


def notice_stats(
    uow: UnitOfWork,
    *,
    caller: Caller,
    notice_id: str,
    name: str,
    level: ScopeLevel | None,
) -> Stats:
    """Recipients, delivered, read and acknowledged, rolled up to one level,
    over the recipients counted inside where the caller supervises."""
    # Supervisors' figures: those who publish, and those who follow the work.
    reach = Reach(
        caller.reach(Permission.POLICY_PUBLISH).nodes | caller.reach(Permission.ACTIVITY_READ).nodes
    )
    notice = uow.notices.get(notice_id)
    if notice is None or not reach.overlaps(notice.anchor):
        raise PermissionDenied.outside_scope(name)
    rows = uow.notices.stats(notice_id, reach, scope.roll_up_length(level, reach.nodes))
    covered = (
        [notice.anchor]
        if reach.covers_node(notice.anchor)
        else [node for node in reach.nodes if scope.covers(notice.anchor, node)]
    )
    total = StatsRow(
        scope_node=scope.anchor(covered),
        recipients=sum(r.recipients for r in rows),
        delivered=sum(r.delivered for r in rows),
        read=sum(r.read for r in rows),
        acknowledged=sum(r.acknowledged for r in rows),
    )
    return Stats(total, [row for row in rows if row.scope_node])
