"""The terminal inbox in the database.

Items are appended under one lock (an advisory transaction lock on PostgreSQL;
SQLite's write lock serialises writers anyway), so that an item's ``seq`` is
taken only after every earlier appending transaction has committed. Seq order is
then commit order, and a stream that resumes after seq N can never skip an item
that committed late with a smaller seq.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from service.app.ports import NewItem
from service.domain.notices import NoticeContent
from service.store import bulk
from service.store.tables import InboxItemRow

INBOX_ITEM = InboxItemRow.__table__  # type: ignore[attr-defined]

# pg_advisory_xact_lock key of inbox appends ("inbox" in ASCII).
_APPEND_LOCK = 0x696E626F78

_COLUMNS = (
    "item_id",
    "user_id",
    "kind",
    "subject",
    "notice_id",
    "scope_node",
    "title",
    "summary",
    "acknowledgement_required",
    "acknowledge_due_time",
    "hidden",
    "create_time",
    "acknowledge_comment",
)


@dataclass(frozen=True)
class ItemView:
    seq: int
    item_id: str
    user_id: str
    kind: str
    subject: str
    notice_id: str | None
    title: str
    summary: str
    acknowledgement_required: bool
    acknowledge_due_time: datetime | None
    create_time: datetime
    read_time: datetime | None
    acknowledge_time: datetime | None
    acknowledge_comment: str


_VIEW_COLUMNS = [getattr(INBOX_ITEM.c, name) for name in ItemView.__dataclass_fields__]


def _views(rows: Any) -> list[ItemView]:
    return [ItemView(*row) for row in rows]


def lock_appends(connection: sa.Connection) -> None:
    """Held until the transaction ends; see the module docstring."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_APPEND_LOCK)))


def append(connection: sa.Connection, items: Sequence[NewItem], now: datetime) -> None:
    lock_appends(connection)
    bulk.insert_rows(
        connection,
        "inbox_item",
        _COLUMNS,
        [
            (
                item.item_id,
                item.user_id,
                item.kind,
                item.subject,
                item.notice_id,
                item.scope_node,
                item.title,
                item.summary,
                item.acknowledgement_required,
                item.acknowledge_due_time,
                False,
                now,
                "",
            )
            for item in items
        ],
    )


def newest_first(
    connection: sa.Connection,
    user_id: str,
    *,
    unread_only: bool,
    before_seq: int | None,
    limit: int,
) -> list[ItemView]:
    query = sa.select(*_VIEW_COLUMNS).where(
        INBOX_ITEM.c.user_id == user_id, INBOX_ITEM.c.hidden.is_(False)
    )
    if unread_only:
        query = query.where(INBOX_ITEM.c.read_time.is_(None))
    if before_seq is not None:
        query = query.where(INBOX_ITEM.c.seq < before_seq)
    return _views(connection.execute(query.order_by(INBOX_ITEM.c.seq.desc()).limit(limit)))


def oldest_first_after(
    connection: sa.Connection, user_id: str, after_seq: int, limit: int
) -> list[ItemView]:
    return _views(
        connection.execute(
            sa.select(*_VIEW_COLUMNS)
            .where(
                INBOX_ITEM.c.user_id == user_id,
                INBOX_ITEM.c.seq > after_seq,
                INBOX_ITEM.c.hidden.is_(False),
            )
            .order_by(INBOX_ITEM.c.seq)
            .limit(limit)
        )
    )


def unread_count(connection: sa.Connection, user_id: str) -> int:
    count: int = connection.execute(
        sa.select(sa.func.count())
        .select_from(INBOX_ITEM)
        .where(
            INBOX_ITEM.c.user_id == user_id,
            INBOX_ITEM.c.hidden.is_(False),
            INBOX_ITEM.c.read_time.is_(None),
        )
    ).scalar_one()
    return count


def latest_seq(connection: sa.Connection, user_id: str) -> int:
    seq: int | None = connection.execute(
        sa.select(sa.func.max(INBOX_ITEM.c.seq)).where(INBOX_ITEM.c.user_id == user_id)
    ).scalar_one()
    return seq or 0


def get(connection: sa.Connection, user_id: str, item_id: str) -> ItemView | None:
    found = _views(
        connection.execute(
            sa.select(*_VIEW_COLUMNS).where(
                INBOX_ITEM.c.user_id == user_id, INBOX_ITEM.c.item_id == item_id
            )
        )
    )
    return found[0] if found else None


def mark_read(
    connection: sa.Connection, user_id: str, item_ids: Sequence[str], now: datetime
) -> None:
    """The first read time is kept."""
    connection.execute(
        sa.update(INBOX_ITEM)
        .where(
            INBOX_ITEM.c.user_id == user_id,
            INBOX_ITEM.c.item_id.in_(list(item_ids)),
            INBOX_ITEM.c.read_time.is_(None),
        )
        .values(read_time=now)
    )


def mark_all_read(connection: sa.Connection, user_id: str, now: datetime) -> int:
    marked = connection.execute(
        sa.update(INBOX_ITEM)
        .where(
            INBOX_ITEM.c.user_id == user_id,
            INBOX_ITEM.c.read_time.is_(None),
            INBOX_ITEM.c.hidden.is_(False),
        )
        .values(read_time=now)
    )
    return marked.rowcount or 0


def acknowledge(
    connection: sa.Connection, user_id: str, item_id: str, comment: str, now: datetime
) -> None:
    """Acknowledges (and so reads) an item; the first acknowledgement is kept."""
    connection.execute(
        sa.update(INBOX_ITEM)
        .where(
            INBOX_ITEM.c.user_id == user_id,
            INBOX_ITEM.c.item_id == item_id,
            INBOX_ITEM.c.acknowledge_time.is_(None),
        )
        .values(
            acknowledge_time=now,
            acknowledge_comment=comment,
            read_time=sa.func.coalesce(INBOX_ITEM.c.read_time, now),
        )
    )


def notice_item_of(connection: sa.Connection, user_id: str, notice_id: str) -> ItemView | None:
    """The item that brought the notice itself to the user."""
    found = _views(
        connection.execute(
            sa.select(*_VIEW_COLUMNS).where(
                INBOX_ITEM.c.user_id == user_id,
                INBOX_ITEM.c.notice_id == notice_id,
                INBOX_ITEM.c.kind == "notice",
            )
        )
    )
    return found[0] if found else None


def hide_notice(connection: sa.Connection, notice_id: str) -> None:
    """A withdrawn notice leaves inbox lists (its withdrawal item stays)."""
    connection.execute(
        sa.update(INBOX_ITEM)
        .where(INBOX_ITEM.c.notice_id == notice_id, INBOX_ITEM.c.kind != "notice_withdrawn")
        .values(hidden=True)
    )


def refresh_notice_items(connection: sa.Connection, notice_id: str, content: NoticeContent) -> None:
    """The items that brought an amended notice show what it says now."""
    connection.execute(
        sa.update(INBOX_ITEM)
        .where(INBOX_ITEM.c.notice_id == notice_id, INBOX_ITEM.c.kind == "notice")
        .values(
            title=content.title,
            summary=content.summary,
            acknowledgement_required=content.acknowledge_due_time is not None,
            acknowledge_due_time=content.acknowledge_due_time,
        )
    )
