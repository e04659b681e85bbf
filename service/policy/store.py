"""Policy notices in the database: the notice, its revisions, who it reached
(the inbox items that brought it), and its statistics."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from service.kernel.access import Reach
from service.kernel.attachments import Attachment
from service.kernel.audience import Audience, Recipient
from service.kernel.roles import OfficerCategory, Role
from service.platform.store.database import as_utc
from service.platform.store.scope_filters import in_reach
from service.platform.store.tables import (
    INBOX_ITEM,
    NOTICE,
    REVISION,
)
from service.policy.ports import StatsRow
from service.policy.rules import Notice, NoticeContent, NoticeKind, NoticeState


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


def _aware(moment: datetime | None) -> datetime | None:
    return as_utc(moment) if moment is not None else None


def _view(row: Any) -> Notice:
    return Notice(
        notice_id=row.notice_id,
        content=NoticeContent(
            title=row.title,
            body=row.body,
            kind=NoticeKind(row.kind),
            attachments=tuple(Attachment(**a) for a in json.loads(row.attachments)),
            effective_time=_aware(row.effective_time),
            expire_time=_aware(row.expire_time),
            acknowledge_due_time=_aware(row.acknowledge_due_time),
        ),
        audience=_audience(row.audience),
        anchor=row.anchor,
        state=NoticeState(row.state),
        publisher=row.publisher,
        recipient_count=row.recipient_count,
        revision=row.revision,
        create_time=as_utc(row.create_time),
        update_time=as_utc(row.update_time),
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


class SqlNotices:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def get(self, notice_id: str, *, lock: bool = False) -> Notice | None:
        return get(self._c, notice_id, lock=lock)

    def insert(self, notice: Notice) -> None:
        insert(self._c, notice)

    def update(self, notice: Notice) -> None:
        update(self._c, notice)

    def add_revision(self, notice: Notice, action: str, reason: str, actor: str) -> None:
        add_revision(self._c, notice, action, reason, actor)

    def recipients(self, notice_id: str) -> list[Recipient]:
        return recipients(self._c, notice_id)

    def laggards(self, notice_id: str) -> list[Recipient]:
        return laggards(self._c, notice_id)

    def is_recipient(self, notice_id: str, user_id: str) -> bool:
        return is_recipient(self._c, notice_id, user_id)

    def list_visible(self, **query: Any) -> list[Notice]:
        return list_visible(self._c, **query)

    def stats(self, notice_id: str, reach: Reach, level_length: int) -> list[StatsRow]:
        return stats(self._c, notice_id, reach, level_length)
