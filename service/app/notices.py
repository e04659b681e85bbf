"""Policy push use cases: publish, amend, withdraw, and the read-attestation
steps (reminders before the deadline, escalation after it).

Each runs inside the caller's transaction: the notice, its history, an inbox
item per recipient and the outbox messages commit together or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from contracts.messages import PushKind
from service.app.ports import UnitOfWork
from service.app.pushes import GridScreenPush, Push, deliver
from service.domain import notices as rules
from service.domain.access import Caller, Permission
from service.domain.errors import Aborted, FailedPrecondition, InvalidArgument, PermissionDenied
from service.domain.ids import new_id
from service.domain.notices import Audience, Notice, NoticeContent, NoticeState, Recipient
from service.domain.registry import Role


@dataclass(frozen=True)
class Outcome:
    """The notice after a change and whose inboxes it wrote to (to wake streams)."""

    notice: Notice
    notified: tuple[str, ...]


def _resolve(uow: UnitOfWork, caller: Caller, audience: Audience) -> list[Recipient]:
    reach = caller.reach(Permission.POLICY_PUBLISH)
    if reach.empty:
        raise PermissionDenied("you may not publish notices")
    for node in audience.scope_nodes:
        if not uow.audience.node_exists(node) or not reach.covers_node(node):
            raise PermissionDenied.outside_scope(
                f"scopeNodes/{node}" if len(node) < 15 else f"grids/{node}"
            )
    counted: dict[str, str | None] = {}
    officers = uow.audience.officers_beneath(audience.scope_nodes, audience.categories)
    counted.update(officers)
    roles = [role for role in audience.roles if role is not Role.OFFICER]
    if Role.OFFICER in audience.roles:
        # Counted under a targeted node's grid first, when they were targeted by one.
        for user_id, grid in uow.audience.officers_beneath(
            reach.nodes, audience.categories
        ).items():
            counted.setdefault(user_id, grid)
    if roles and not audience.categories:
        for user_id, node in uow.audience.role_holders(roles, reach.nodes).items():
            counted.setdefault(user_id, node)
    if audience.recipients:
        explicit = uow.audience.users_in_reach(audience.recipients, reach.nodes)
        for user_id in audience.recipients:
            if user_id not in explicit:
                raise PermissionDenied.outside_scope(f"users/{user_id}")
        if audience.categories:
            wanted = {category.value for category in audience.categories}
            categories = uow.audience.officer_categories(list(explicit))
            explicit = {u: n for u, n in explicit.items() if categories.get(u) in wanted}
        for user_id, node in explicit.items():
            counted.setdefault(user_id, node)
    return [Recipient(user_id, node) for user_id, node in sorted(counted.items())]


def publish(
    uow: UnitOfWork,
    *,
    caller: Caller,
    content: NoticeContent,
    audience: Audience,
    now: datetime,
    via_broker: bool,
) -> Outcome:
    rules.check_publish(content, audience, now)
    recipients = _resolve(uow, caller, audience)
    if not recipients:
        raise FailedPrecondition("the audience reaches no one", reason="EMPTY_AUDIENCE")
    notice_id = new_id(now)
    codes = [*audience.scope_nodes, *(r.scope_node for r in recipients if r.scope_node)]
    notice = Notice(
        notice_id=notice_id,
        content=content,
        audience=audience,
        # Every recipient is counted under a node, so there is always one code.
        anchor=rules.anchor(codes),
        state=NoticeState.PUBLISHED,
        publisher=caller.user_id,
        recipient_count=len(recipients),
        revision=0,
        create_time=now,
        update_time=now,
    )
    uow.notices.insert(notice)
    uow.notices.add_revision(notice, "published", "", caller.user_id)
    subject = f"notices/{notice_id}"
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
            if len(code) == 15
        ],
    )
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
                subject=f"notices/{notice.notice_id}",
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
    uow.inbox.refresh_notice_items(notice_id, content)
    if deadline_moved:
        uow.notices.forget_steps(notice_id)
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


# -- read attestation --------------------------------------------------------


def make_step(
    uow: UnitOfWork, notice_id: str, step: str, now: datetime, *, via_broker: bool
) -> tuple[str, ...]:
    """Sends one reminder round, or the escalation, once across replicas.
    Returns whose inboxes were written to."""
    if not uow.notices.claim_step(notice_id, step, now):
        return ()
    notice = uow.notices.get(notice_id)
    if notice is None or notice.state is not NoticeState.PUBLISHED:
        return ()
    due = notice.content.acknowledge_due_time
    laggards = uow.notices.laggards(notice_id)
    subject = f"notices/{notice_id}"
    if step != rules.ESCALATION_STEP:
        pushes = [
            Push(
                user_id=laggard.user_id,
                kind=PushKind.NOTICE_REMINDER,
                subject=subject,
                title=f"请在截止时间前完成学习确认：{notice.content.title}",
                summary=notice.content.summary,
                notice_id=notice_id,
                scope_node=laggard.scope_node,
                acknowledgement_required=True,
                acknowledge_due_time=due,
            )
            for laggard in laggards
        ]
    else:
        pushes = _escalations(uow, notice, laggards)
    deliver(uow, pushes, now, via_broker=via_broker)
    return tuple(push.user_id for push in pushes)


def _escalations(uow: UnitOfWork, notice: Notice, laggards: Sequence[Recipient]) -> list[Push]:
    """One push per community head and street liaison above the laggards, with
    how many of theirs did not acknowledge."""
    behind: dict[str, int] = defaultdict(int)
    for laggard in laggards:
        node = laggard.scope_node or ""
        for length in (12, 9):
            if len(node) >= length:
                behind[node[:length]] += 1
    pushes = []
    for node, supervisors in uow.audience.supervisors(behind).items():
        for user_id in supervisors:
            pushes.append(
                Push(
                    user_id=user_id,
                    kind=PushKind.ESCALATION,
                    subject=f"notices/{notice.notice_id}",
                    title=f"学习确认逾期：{notice.content.title}",
                    summary=f"{behind[node]} 名政法网格员未在截止时间前完成学习确认",
                    notice_id=notice.notice_id,
                    scope_node=node,
                )
            )
    return pushes
