"""Policy notices in the database: the notice, its revisions, who it reached
(the inbox items that brought it), and its statistics."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from service.domain.access import Reach
from service.domain.notices import (
    Attachment,
    Audience,
    Notice,
    NoticeContent,
    NoticeKind,
    NoticeState,
    Recipient,
)
from service.domain.registry import OfficerCategory, Role
from service.store.database import as_utc
from service.store.inbox import INBOX_ITEM
from service.store.registry import HOST_USER, ROLE_BINDING
from service.store.registry_reads import ASSIGNMENT
from service.store.scope_filters import in_reach
from service.store.tables import NoticeRevisionRow, NoticeRow, NoticeStepRow

NOTICE = NoticeRow.__table__  # type: ignore[attr-defined]
REVISION = NoticeRevisionRow.__table__  # type: ignore[attr-defined]
STEP = NoticeStepRow.__table__  # type: ignore[attr-defined]


def _audience_json(audience: Audience) -> str:
    return json.dumps(asdict(audience), ensure_ascii=False)


def _audience(text: str) -> Audience:
    data = json.loads(text)
    return Audience(
        scope_nodes=tuple(data["scope_nodes"]),
        roles=tuple(Role(role) for role in data["roles"]),
        recipients=tuple(data["recipients"]),
        categories=tuple(OfficerCategory(c) for c in data["categories"]),
    )


def _attachments_json(attachments: Sequence[Attachment]) -> str:
    return json.dumps([asdict(a) for a in attachments], ensure_ascii=False)


def _content_values(content: NoticeContent) -> dict[str, Any]:
    return {
        "title": content.title,
        "body": content.body,
        "kind": content.kind.value,
        "attachments": _attachments_json(content.attachments),
        "effective_time": content.effective_time,
        "expire_time": content.expire_time,
        "acknowledge_due_time": content.acknowledge_due_time,
    }


def _view(row: Any) -> Notice:
    return Notice(
        notice_id=row.notice_id,
        content=NoticeContent(
            title=row.title,
            body=row.body,
            kind=NoticeKind(row.kind),
            attachments=tuple(Attachment(**a) for a in json.loads(row.attachments)),
            effective_time=row.effective_time,
            expire_time=row.expire_time,
            acknowledge_due_time=row.acknowledge_due_time,
        ),
        audience=_audience(row.audience),
        anchor=row.anchor,
        state=NoticeState(row.state),
        publisher=row.publisher,
        recipient_count=row.recipient_count,
        revision=row.revision,
        create_time=row.create_time,
        update_time=row.update_time,
    )


def insert(connection: sa.Connection, notice: Notice) -> None:
    connection.execute(
        sa.insert(NOTICE).values(
            notice_id=notice.notice_id,
            audience=_audience_json(notice.audience),
            anchor=notice.anchor,
            state=notice.state.value,
            publisher=notice.publisher,
            recipient_count=notice.recipient_count,
            revision=notice.revision,
            create_time=notice.create_time,
            update_time=notice.update_time,
            **_content_values(notice.content),
        )
    )


def update(connection: sa.Connection, notice: Notice) -> None:
    connection.execute(
        sa.update(NOTICE)
        .where(NOTICE.c.notice_id == notice.notice_id)
        .values(
            state=notice.state.value,
            revision=notice.revision,
            update_time=notice.update_time,
            **_content_values(notice.content),
        )
    )


def add_revision(
    connection: sa.Connection, notice: Notice, action: str, reason: str, actor: str
) -> None:
    """Keeps what the notice is after this change, for ever."""
    content = _content_values(notice.content)
    content["attachments"] = json.loads(content["attachments"])
    content["state"] = notice.state.value
    connection.execute(
        sa.insert(REVISION).values(
            notice_id=notice.notice_id,
            revision=notice.revision,
            action=action,
            content=json.dumps(content, ensure_ascii=False, default=str),
            reason=reason,
            actor=actor,
            create_time=notice.update_time,
        )
    )


def get(connection: sa.Connection, notice_id: str, *, lock: bool = False) -> Notice | None:
    query = sa.select(NOTICE).where(NOTICE.c.notice_id == notice_id)
    if lock and connection.dialect.name == "postgresql":
        query = query.with_for_update()
    row = connection.execute(query).first()
    return _view(row) if row else None


def is_recipient(connection: sa.Connection, notice_id: str, user_id: str) -> bool:
    return (
        connection.execute(
            sa.select(INBOX_ITEM.c.seq).where(
                INBOX_ITEM.c.notice_id == notice_id,
                INBOX_ITEM.c.user_id == user_id,
                INBOX_ITEM.c.kind == "notice",
            )
        ).first()
        is not None
    )


def list_visible(
    connection: sa.Connection,
    *,
    user_id: str,
    reach: Reach,
    parent: str | None,
    kind: NoticeKind | None,
    show_withdrawn: bool,
    before: str | None,
    limit: int,
) -> list[Notice]:
    """Newest first: notices anchored inside ``reach`` or above it (a street's
    notice is its communities' business too), published by the caller or
    received by them."""
    received = sa.exists().where(
        INBOX_ITEM.c.notice_id == NOTICE.c.notice_id,
        INBOX_ITEM.c.user_id == user_id,
        INBOX_ITEM.c.kind == "notice",
    )
    query = sa.select(NOTICE).where(
        sa.or_(
            in_reach(NOTICE.c.anchor, reach.nodes),
            NOTICE.c.anchor.in_(sorted(reach.path_codes())),
            NOTICE.c.publisher == user_id,
            received,
        )
    )
    if parent is not None:
        query = query.where(in_reach(NOTICE.c.anchor, [parent]))
    if kind is not None:
        query = query.where(NOTICE.c.kind == kind.value)
    if not show_withdrawn:
        query = query.where(NOTICE.c.state == NoticeState.PUBLISHED.value)
    if before is not None:
        query = query.where(NOTICE.c.notice_id < before)
    rows = connection.execute(query.order_by(NOTICE.c.notice_id.desc()).limit(limit))
    return [_view(row) for row in rows]


# -- audiences ---------------------------------------------------------------


def _live() -> Any:
    return HOST_USER.c.deleted.is_(False)


def officers_beneath(
    connection: sa.Connection, nodes: Iterable[str], categories: Sequence[OfficerCategory]
) -> dict[str, str]:
    """Officer id → the first grid (by code) they serve beneath ``nodes``, by the
    host's binding or the module's assignment."""
    nodes = sorted(set(nodes))
    if not nodes:
        return {}
    narrowed = (
        [HOST_USER.c.officer_category.in_([c.value for c in categories])] if categories else []
    )
    bound = (
        sa.select(ROLE_BINDING.c.user_id, sa.func.min(ROLE_BINDING.c.scope_node))
        .join(HOST_USER, HOST_USER.c.user_id == ROLE_BINDING.c.user_id)
        .where(
            ROLE_BINDING.c.role == Role.OFFICER.value,
            in_reach(ROLE_BINDING.c.scope_node, nodes),
            _live(),
            HOST_USER.c.officer_category.is_not(None),
            *narrowed,
        )
        .group_by(ROLE_BINDING.c.user_id)
    )
    assigned = (
        sa.select(ASSIGNMENT.c.officer_id, sa.func.min(ASSIGNMENT.c.grid_code))
        .join(HOST_USER, HOST_USER.c.user_id == ASSIGNMENT.c.officer_id)
        .where(
            in_reach(ASSIGNMENT.c.grid_code, nodes),
            _live(),
            HOST_USER.c.officer_category.is_not(None),
            *narrowed,
        )
        .group_by(ASSIGNMENT.c.officer_id)
    )
    found: dict[str, str] = {}
    for user_id, grid in [*connection.execute(bound), *connection.execute(assigned)]:
        if user_id not in found or grid < found[user_id]:
            found[user_id] = grid
    return found


def role_holders(
    connection: sa.Connection, roles: Sequence[Role], nodes: Iterable[str]
) -> dict[str, str]:
    """Holder id → the node of their binding, for bindings of ``roles`` beneath ``nodes``."""
    nodes = sorted(set(nodes))
    if not roles or not nodes:
        return {}
    rows = connection.execute(
        sa.select(ROLE_BINDING.c.user_id, sa.func.min(ROLE_BINDING.c.scope_node))
        .join(HOST_USER, HOST_USER.c.user_id == ROLE_BINDING.c.user_id)
        .where(
            ROLE_BINDING.c.role.in_([role.value for role in roles]),
            in_reach(ROLE_BINDING.c.scope_node, nodes),
            _live(),
        )
        .group_by(ROLE_BINDING.c.user_id)
    )
    return dict(rows.all())


def users_in_reach(
    connection: sa.Connection, user_ids: Sequence[str], nodes: Iterable[str]
) -> dict[str, str]:
    """Of ``user_ids``, those bound or assigned beneath ``nodes``, each with the
    first such node (by code)."""
    nodes = sorted(set(nodes))
    found: dict[str, str] = {}
    if not user_ids or not nodes:
        return found
    for start in range(0, len(user_ids), 500):
        chunk = list(user_ids[start : start + 500])
        bound = connection.execute(
            sa.select(ROLE_BINDING.c.user_id, ROLE_BINDING.c.scope_node)
            .join(HOST_USER, HOST_USER.c.user_id == ROLE_BINDING.c.user_id)
            .where(
                ROLE_BINDING.c.user_id.in_(chunk),
                in_reach(ROLE_BINDING.c.scope_node, nodes),
                _live(),
            )
        )
        assigned = connection.execute(
            sa.select(ASSIGNMENT.c.officer_id, ASSIGNMENT.c.grid_code)
            .join(HOST_USER, HOST_USER.c.user_id == ASSIGNMENT.c.officer_id)
            .where(
                ASSIGNMENT.c.officer_id.in_(chunk),
                in_reach(ASSIGNMENT.c.grid_code, nodes),
                _live(),
            )
        )
        for user_id, node in [*bound, *assigned]:
            if user_id not in found or node < found[user_id]:
                found[user_id] = node
    return found


def officer_categories(connection: sa.Connection, user_ids: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for start in range(0, len(user_ids), 500):
        chunk = list(user_ids[start : start + 500])
        found.update(
            connection.execute(
                sa.select(HOST_USER.c.user_id, HOST_USER.c.officer_category).where(
                    HOST_USER.c.user_id.in_(chunk), HOST_USER.c.officer_category.is_not(None)
                )
            ).all()
        )
    return found


def recipients(connection: sa.Connection, notice_id: str) -> list[Recipient]:
    """Everyone the notice reached at publish time."""
    rows = connection.execute(
        sa.select(INBOX_ITEM.c.user_id, INBOX_ITEM.c.scope_node)
        .where(INBOX_ITEM.c.notice_id == notice_id, INBOX_ITEM.c.kind == "notice")
        .order_by(INBOX_ITEM.c.seq)
    )
    return [Recipient(user_id, node) for user_id, node in rows]


def laggards(connection: sa.Connection, notice_id: str) -> list[Recipient]:
    """Recipients who have not acknowledged the notice."""
    rows = connection.execute(
        sa.select(INBOX_ITEM.c.user_id, INBOX_ITEM.c.scope_node)
        .where(
            INBOX_ITEM.c.notice_id == notice_id,
            INBOX_ITEM.c.kind == "notice",
            INBOX_ITEM.c.acknowledge_time.is_(None),
        )
        .order_by(INBOX_ITEM.c.seq)
    )
    return [Recipient(user_id, node) for user_id, node in rows]


# -- statistics --------------------------------------------------------------


@dataclass(frozen=True)
class StatsRow:
    scope_node: str
    recipients: int
    delivered: int
    read: int
    acknowledged: int


def stats(
    connection: sa.Connection, notice_id: str, reach: Reach, level_length: int
) -> list[StatsRow]:
    """Counts per node at one level (by code length: district 6, street 9,
    community 12, grid 15), over recipients counted under a node in ``reach``.
    Recipients counted above that level (a street liaison in a community roll-up)
    are left out of the rows but not of the totals, which the caller sums."""
    node = sa.func.substr(INBOX_ITEM.c.scope_node, 1, level_length)
    rows = connection.execute(
        sa.select(
            sa.case(
                (sa.func.length(INBOX_ITEM.c.scope_node) >= level_length, node), else_=""
            ).label("node"),
            sa.func.count(),
            sa.func.count(sa.func.coalesce(INBOX_ITEM.c.delivered_time, INBOX_ITEM.c.read_time)),
            sa.func.count(INBOX_ITEM.c.read_time),
            sa.func.count(INBOX_ITEM.c.acknowledge_time),
        )
        .where(
            INBOX_ITEM.c.notice_id == notice_id,
            INBOX_ITEM.c.kind == "notice",
            in_reach(INBOX_ITEM.c.scope_node, reach.nodes),
        )
        .group_by(sa.text("1"))
        .order_by(sa.text("1"))
    )
    return [StatsRow(*row) for row in rows]


# -- read attestation --------------------------------------------------------


def awaiting_steps(
    connection: sa.Connection, now: datetime, horizon: datetime
) -> list[tuple[str, datetime, list[str]]]:
    """Published notices whose acknowledgement deadline is before ``horizon`` and
    that were not escalated yet, with the steps already made."""
    escalated = sa.exists().where(
        STEP.c.notice_id == NOTICE.c.notice_id, STEP.c.step == "escalation"
    )
    rows = connection.execute(
        sa.select(NOTICE.c.notice_id, NOTICE.c.acknowledge_due_time).where(
            NOTICE.c.state == NoticeState.PUBLISHED.value,
            NOTICE.c.acknowledge_due_time.is_not(None),
            NOTICE.c.acknowledge_due_time <= horizon,
            ~escalated,
        )
    ).all()
    done: dict[str, list[str]] = {notice_id: [] for notice_id, _ in rows}
    if rows:
        for notice_id, step in connection.execute(
            sa.select(STEP.c.notice_id, STEP.c.step).where(STEP.c.notice_id.in_(list(done)))
        ):
            done[notice_id].append(step)
    return [(notice_id, as_utc(due), done[notice_id]) for notice_id, due in rows]


def claim_step(connection: sa.Connection, notice_id: str, step: str, now: datetime) -> bool:
    """Records that a step is being made; False when another replica made it."""
    inserted = connection.execute(
        sa.text(
            "INSERT INTO notice_step (notice_id, step, create_time) VALUES (:n, :s, :t) "
            "ON CONFLICT DO NOTHING"
        ),
        {"n": notice_id, "s": step, "t": now},
    )
    return bool(inserted.rowcount)


def supervisors(connection: sa.Connection, nodes: Iterable[str]) -> dict[str, list[str]]:
    """Community heads and street liaisons bound to each of ``nodes`` (community
    and street codes): node → user ids."""
    nodes = sorted(set(nodes))
    found: dict[str, list[str]] = {node: [] for node in nodes}
    for start in range(0, len(nodes), 500):
        chunk = nodes[start : start + 500]
        for node, user_id in connection.execute(
            sa.select(ROLE_BINDING.c.scope_node, ROLE_BINDING.c.user_id)
            .join(HOST_USER, HOST_USER.c.user_id == ROLE_BINDING.c.user_id)
            .where(
                ROLE_BINDING.c.role.in_([Role.COMMUNITY_HEAD.value, Role.STREET_LIAISON.value]),
                ROLE_BINDING.c.scope_node.in_(chunk),
                _live(),
            )
            .order_by(ROLE_BINDING.c.user_id)
        ):
            found[node].append(user_id)
    return found


def forget_steps(connection: sa.Connection, notice_id: str) -> None:
    """A moved deadline starts the reminders afresh."""
    connection.execute(sa.delete(STEP).where(STEP.c.notice_id == notice_id))
