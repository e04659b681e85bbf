"""The terminal inbox in the database.

Items are appended under one lock (an advisory transaction lock on PostgreSQL;
SQLite's write lock serialises writers anyway), so that an item's ``seq`` is
taken only after every earlier appending transaction has committed. Seq order is
then commit order, and a stream that resumes after seq N can never skip an item
that committed late with a smaller seq.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from service.inbox.ports import ItemView
from service.kernel.pushes import PushedItem
from service.platform.store import bulk
from service.platform.store.database import as_utc
from service.platform.store.tables import INBOX_ITEM

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


_VIEW_COLUMNS = [getattr(INBOX_ITEM.c, name) for name in ItemView.__dataclass_fields__]


def _views(rows: Any) -> list[ItemView]:
    return [_view(row) for row in rows]


def _view(row: Any) -> ItemView:
    item = ItemView(*row)
    return replace(
        item,
        acknowledge_due_time=_aware(item.acknowledge_due_time),
        create_time=as_utc(item.create_time),
        read_time=_aware(item.read_time),
        acknowledge_time=_aware(item.acknowledge_time),
    )


def _aware(moment: datetime | None) -> datetime | None:
    return as_utc(moment) if moment is not None else None


def lock_appends(connection: sa.Connection) -> None:
    """Held until the transaction ends; see the module docstring."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_APPEND_LOCK)))


def append(connection: sa.Connection, items: Sequence[PushedItem], now: datetime) -> None:
    lock_appends(connection)
    bulk.insert_rows(
        connection,
        "inbox_item",
        _COLUMNS,
        [
            (
                item_id,
                push.user_id,
                push.kind.value,
                push.subject,
                push.notice_id,
                push.scope_node,
                push.title,
                push.summary,
                push.acknowledgement_required,
                push.acknowledge_due_time,
                False,
                now,
                "",
            )
            for item_id, push in items
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


def refresh_notice_items(
    connection: sa.Connection,
    notice_id: str,
    *,
    title: str,
    summary: str,
    acknowledge_due_time: datetime | None,
) -> None:
    """The items that brought an amended notice show what it says now."""
    connection.execute(
        sa.update(INBOX_ITEM)
        .where(INBOX_ITEM.c.notice_id == notice_id, INBOX_ITEM.c.kind == "notice")
        .values(
            title=title,
            summary=summary,
            acknowledgement_required=acknowledge_due_time is not None,
            acknowledge_due_time=acknowledge_due_time,
        )
    )


class SqlInbox:
    """The inbox items of every user, inside the caller's transaction."""

    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def append(self, items: Sequence[PushedItem], now: datetime) -> None:
        append(self._c, items, now)

    def refresh_notice_items(
        self, notice_id: str, *, title: str, summary: str, acknowledge_due_time: datetime | None
    ) -> None:
        refresh_notice_items(
            self._c,
            notice_id,
            title=title,
            summary=summary,
            acknowledge_due_time=acknowledge_due_time,
        )

    def hide_notice(self, notice_id: str) -> None:
        hide_notice(self._c, notice_id)

    def newest_first(
        self, user_id: str, *, unread_only: bool, before_seq: int | None, limit: int
    ) -> list[ItemView]:
        return newest_first(
            self._c, user_id, unread_only=unread_only, before_seq=before_seq, limit=limit
        )

    def oldest_first_after(self, user_id: str, after_seq: int, limit: int) -> list[ItemView]:
        return oldest_first_after(self._c, user_id, after_seq, limit)

    def unread_count(self, user_id: str) -> int:
        return unread_count(self._c, user_id)

    def get(self, user_id: str, item_id: str) -> ItemView | None:
        return get(self._c, user_id, item_id)

    def notice_item_of(self, user_id: str, notice_id: str) -> ItemView | None:
        return notice_item_of(self._c, user_id, notice_id)

    def mark_read(self, user_id: str, item_ids: Sequence[str], now: datetime) -> None:
        mark_read(self._c, user_id, item_ids, now)

    def mark_all_read(self, user_id: str, now: datetime) -> int:
        return mark_all_read(self._c, user_id, now)

    def acknowledge(self, user_id: str, item_id: str, comment: str, now: datetime) -> None:
        acknowledge(self._c, user_id, item_id, comment, now)
