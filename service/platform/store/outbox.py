"""The outbox: messages written in the transaction that caused them, published
afterwards by the relay (adapters/relay/), marked sent once the broker
has confirmed them.

A message may be published twice (a relay that dies between the broker's
confirm and ``mark_sent``); it keeps its message id, so consumers drop the
repeat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from service.kernel.pushes import Outgoing
from service.platform.store import bulk
from service.platform.store.database import as_utc, plans_without
from service.platform.store.tables import INBOX_ITEM, OUTBOX

__all__ = ["Outgoing", "Pending", "append", "mark_sent", "pending", "unsent_count"]


_COLUMNS = (
    "message_id",
    "exchange",
    "routing_key",
    "message_type",
    "body",
    "inbox_item_id",
    "create_time",
)


@dataclass(frozen=True)
class Pending:
    seq: int
    message_id: str
    exchange: str
    routing_key: str
    message_type: str
    body: bytes
    create_time: datetime


def append(connection: sa.Connection, messages: Sequence[Outgoing], now: datetime) -> None:
    """Adds messages to the outbox inside the caller's transaction."""
    bulk.insert_rows(
        connection,
        "outbox",
        _COLUMNS,
        [
            (
                m.message_id,
                m.exchange,
                m.routing_key,
                m.message_type,
                m.body,
                m.inbox_item_id,
                now,
            )
            for m in messages
        ],
    )


def pending(connection: sa.Connection, *, after_seq: int = 0, limit: int) -> list[Pending]:
    """Unsent messages after ``after_seq``, oldest first."""
    # After a large fan-out the statistics lag (autovacuum has not analysed
    # the burst yet) and the planner fetches every unsent row in a bitmap scan
    # to sort them for a LIMIT of a few hundred: 100 ms a read with 80,000
    # waiting, against a few ms walking the partial index in order.
    with plans_without(connection, "bitmapscan"):
        rows = connection.execute(
            sa.select(
                OUTBOX.c.seq,
                OUTBOX.c.message_id,
                OUTBOX.c.exchange,
                OUTBOX.c.routing_key,
                OUTBOX.c.message_type,
                OUTBOX.c.body,
                OUTBOX.c.create_time,
            )
            .where(OUTBOX.c.sent_time.is_(None), OUTBOX.c.seq > after_seq)
            .order_by(OUTBOX.c.seq)
            .limit(limit)
        ).all()
    return [Pending(*row[:-1], as_utc(row[-1])) for row in rows]


def mark_sent(connection: sa.Connection, seqs: Sequence[int], now: datetime) -> None:
    """Marks messages sent (the broker confirmed them) and the inbox items they
    carry delivered; marking twice keeps the first time."""
    if connection.dialect.name == "postgresql":
        # One statement and one parameter for the whole batch: the generic
        # form below costs PostgreSQL a statement of its own per batch size.
        # The rows by primary key: after a fan-out the planner would scan every
        # unsent row to join them with the batch (5 ms of a 15 ms mark).
        with plans_without(connection, "seqscan", "bitmapscan"):
            connection.exec_driver_sql(
                "WITH sent AS (UPDATE outbox SET sent_time = %(now)s "
                "WHERE outbox.seq = ANY(%(seqs)s::bigint[]) AND outbox.sent_time IS NULL "
                "RETURNING outbox.inbox_item_id) "
                "UPDATE inbox_item SET delivered_time = %(now)s FROM sent "
                "WHERE inbox_item.item_id = sent.inbox_item_id "
                "AND inbox_item.delivered_time IS NULL",
                {"now": now, "seqs": list(seqs)},
            )
        return
    for start in range(0, len(seqs), 900):
        chunk = list(seqs[start : start + 900])
        connection.execute(
            sa.update(INBOX_ITEM)
            .where(
                INBOX_ITEM.c.item_id.in_(
                    sa.select(OUTBOX.c.inbox_item_id).where(
                        OUTBOX.c.seq.in_(chunk), OUTBOX.c.inbox_item_id.is_not(None)
                    )
                ),
                INBOX_ITEM.c.delivered_time.is_(None),
            )
            .values(delivered_time=now)
        )
        connection.execute(
            sa.update(OUTBOX)
            .where(OUTBOX.c.seq.in_(chunk), OUTBOX.c.sent_time.is_(None))
            .values(sent_time=now)
        )


def unsent_count(connection: sa.Connection) -> int:
    count: int = connection.execute(
        sa.select(sa.func.count()).select_from(OUTBOX).where(OUTBOX.c.sent_time.is_(None))
    ).scalar_one()
    return count
