"""What the relay's parts share: its settings, its statistics, its metrics and
the errors it waits out."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from pika.exceptions import AMQPChannelError, AMQPConnectionError
from prometheus_client import Counter, Gauge

DATABASE_ERRORS = (sa.exc.OperationalError, sa.exc.InterfaceError)
BROKER_ERRORS = (AMQPConnectionError, AMQPChannelError)

PUBLISHED = Counter("officer_outbox_published_total", "Outbox messages published.")
MARKED_SENT = Counter(
    "officer_outbox_marked_sent_total", "Outbox messages confirmed by the broker and marked sent."
)
NACKED = Counter("officer_outbox_nacked_total", "Outbox messages the broker refused (resent).")
RECONNECTS = Counter("officer_outbox_reconnects_total", "Broker reconnections of the relay.")
LEADING = Gauge("officer_outbox_relay_leading", "1 while this process's relay publishes.")


@dataclass(frozen=True)
class RelaySettings:
    # Messages published and not yet confirmed, at most.
    window: int = 1000
    # Rows read from the outbox in one query, at most.
    fetch_batch: int = 1000
    # Confirmed rows marked sent in one transaction, at most; fewer after
    # mark_linger_seconds.
    mark_batch: int = 500
    mark_linger_seconds: float = 0.02
    # Without wake(), new rows (and rows that committed late) wait this long.
    poll_seconds: float = 1.0
    # How often a relay that is not the leader tries to become it.
    standby_retry_seconds: float = 5.0
    # How often the leader checks that it still holds its lock.
    leader_check_seconds: float = 5.0
    # On stop(), how long outstanding confirms are awaited: rows confirmed but
    # not marked would be published again by the next leader.
    drain_seconds: float = 5.0
    # How long one outage is waited out before run() gives up with the error.
    broker_outage_seconds: float = 300.0
    database_outage_seconds: float = 300.0
    # A broker under a memory or disk alarm blocks publishers: reconnect after this.
    blocked_connection_timeout: float = 60.0


@dataclass
class RelayStats:
    published: int = 0
    confirmed: int = 0
    nacked: int = 0
    marked_sent: int = 0
    # Broker connections that reached confirm mode, and reconnections after a failure.
    connections: int = 0
    reconnects: int = 0
    database_retries: int = 0
    leader_terms: int = 0
    leading: bool = False
    # Another relay leads; this one tries again every standby_retry_seconds.
    standing_by: bool = False
