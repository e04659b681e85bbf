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

import sqlalchemy as sa

from contracts.messages import PushKind
from service.app.pushes import GridScreenPush, Push, deliver
from service.domain import notices as rules
from service.domain.access import Caller, Permission
from service.domain.errors import Aborted, FailedPrecondition, InvalidArgument, PermissionDenied
from service.domain.ids import new_id
from service.domain.notices import Audience, NoticeContent, NoticeState, Recipient
from service.domain.registry import Role
from service.store import inbox, notices, registry_reads
from service.store.notices import NoticeView


def denied(what: str) -> PermissionDenied:
    return PermissionDenied(f"{what} is outside your scope or does not exist")


@dataclass(frozen=True)
class Outcome:
    """The notice after a change and whose inboxes it wrote to (to wake streams)."""

    notice: NoticeView
    notified: tuple[str, ...]


def _resolve(connection: sa.Connection, caller: Caller, audience: Audience) -> list[Recipient]:
    reach = caller.reach(Permission.POLICY_PUBLISH)
    if reach.empty:
        raise PermissionDenied("you may not publish notices")
    for node in audience.scope_nodes:
        if registry_reads.get_node(connection, node) is None or not reach.covers_node(node):
            raise denied(f"scopeNodes/{node}" if len(node) < 15 else f"grids/{node}")
    counted: dict[str, str | None] = {}
    officers = notices.officers_beneath(connection, audience.scope_nodes, audience.categories)
    counted.update(officers)
    roles = [role for role in audience.roles if role is not Role.OFFICER]
    if Role.OFFICER in audience.roles:
        counted.update(notices.officers_beneath(connection, reach.nodes, audience.categories))
    if roles and not audience.categories:
        for user_id, node in notices.role_holders(connection, roles, reach.nodes).items():
            counted.setdefault(user_id, node)
    if audience.recipients:
        explicit = notices.users_in_reach(connection, audience.recipients, reach.nodes)
        for user_id in audience.recipients:
            if user_id not in explicit:
                raise denied(f"users/{user_id}")
        if audience.categories:
            wanted = {category.value for category in audience.categories}
            categories = notices.officer_categories(connection, list(explicit))
            explicit = {u: n for u, n in explicit.items() if categories.get(u) in wanted}
        for user_id, node in explicit.items():
            counted.setdefault(user_id, node)
    return [Recipient(user_id, node) for user_id, node in sorted(counted.items())]


def publish(
    connection: sa.Connection,
    *,
    caller: Caller,
    content: NoticeContent,
    audience: Audience,
    now: datetime,
    via_broker: bool,
) -> Outcome:
    rules.check_publish(content, audience, now)
    recipients = _resolve(connection, caller, audience)
    if not recipients:
        raise FailedPrecondition("the audience reaches no one", reason="EMPTY_AUDIENCE")
    notice_id = new_id(now)
    codes = [*audience.scope_nodes, *(r.scope_node for r in recipients if r.scope_node)]
    notice = NoticeView(
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
    notices.insert(connection, notice)
    notices.add_revision(connection, notice, "published", "", caller.user_id)
    subject = f"notices/{notice_id}"
    deliver(
        connection,
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


def _editable(
    connection: sa.Connection, caller: Caller, notice_id: str, name: str, etag: str
) -> NoticeView:
    """The notice, locked, if the caller may change it now."""
    notice = notices.get(connection, notice_id, lock=True)
    reach = caller.reach(Permission.POLICY_PUBLISH)
    if notice is None or not (
        reach.covers_node(notice.anchor) or (notice.publisher == caller.user_id and not reach.empty)
    ):
        raise denied(name)
    if notice.state is NoticeState.WITHDRAWN:
        raise FailedPrecondition(f"{name} was withdrawn", reason="NOTICE_WITHDRAWN")
    if etag and etag != notice.etag:
        raise Aborted(f"{name} changed since it was read; read it again", reason="STALE_ETAG")
    return notice


def _tell_recipients(
    connection: sa.Connection,
    notice: NoticeView,
    kind: PushKind,
    title: str,
    summary: str,
    now: datetime,
    via_broker: bool,
) -> tuple[str, ...]:
    recipients = notices.recipients(connection, notice.notice_id)
    deliver(
        connection,
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
    connection: sa.Connection,
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
    notice = _editable(connection, caller, notice_id, name, etag)
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
    notices.update(connection, amended)
    notices.add_revision(connection, amended, "amended", reason, caller.user_id)
    inbox.refresh_notice_items(connection, notice_id, content)
    if deadline_moved:
        notices.forget_steps(connection, notice_id)
    notified = _tell_recipients(
        connection, amended, PushKind.NOTICE_AMENDED, content.title, reason, now, via_broker
    )
    return Outcome(amended, notified)


def withdraw(
    connection: sa.Connection,
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
    notice = _editable(connection, caller, notice_id, name, etag)
    withdrawn = replace(
        notice, state=NoticeState.WITHDRAWN, revision=notice.revision + 1, update_time=now
    )
    notices.update(connection, withdrawn)
    notices.add_revision(connection, withdrawn, "withdrawn", reason, caller.user_id)
    inbox.hide_notice(connection, notice_id)
    notified = _tell_recipients(
        connection,
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
    connection: sa.Connection, notice_id: str, step: str, now: datetime, *, via_broker: bool
) -> tuple[str, ...]:
    """Sends one reminder round, or the escalation, once across replicas.
    Returns whose inboxes were written to."""
    if not notices.claim_step(connection, notice_id, step, now):
        return ()
    notice = notices.get(connection, notice_id)
    if notice is None or notice.state is not NoticeState.PUBLISHED:
        return ()
    due = notice.content.acknowledge_due_time
    laggards = notices.laggards(connection, notice_id)
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
        pushes = _escalations(connection, notice, laggards)
    deliver(connection, pushes, now, via_broker=via_broker)
    return tuple(push.user_id for push in pushes)


def _escalations(
    connection: sa.Connection, notice: NoticeView, laggards: Sequence[Recipient]
) -> list[Push]:
    """One push per community head and street liaison above the laggards, with
    how many of theirs did not acknowledge."""
    behind: dict[str, int] = defaultdict(int)
    for laggard in laggards:
        node = laggard.scope_node or ""
        for length in (12, 9):
            if len(node) >= length:
                behind[node[:length]] += 1
    pushes = []
    for node, supervisors in notices.supervisors(connection, behind).items():
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
