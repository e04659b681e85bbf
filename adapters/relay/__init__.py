"""Publishes the outbox to RabbitMQ, with pipelined publisher confirms.

A use case writes its state change and its outbox rows in one transaction
(service/platform/store/outbox.py); this relay publishes those rows and marks them sent
once the broker has confirmed them.

**One leader.** Every replica runs a relay, but only the one holding the
leadership publishes (on PostgreSQL a session advisory lock, on SQLite a file
lock): two relays would publish every row twice. The others stand by and try
again every few seconds; a leader that dies frees the lock with its process.
A leader whose PostgreSQL session is cut notices within ``leader_check_seconds``;
until then two relays may publish, which costs duplicates, never losses.

**Pipelined confirms.** Up to ``window`` messages are outstanding at once:
waiting for each confirm caps a publisher at ~800 msgs/s here, against ~10,000
pipelined. Confirms (``multiple=True`` or not) settle rows by delivery tag;
acked rows are marked sent in batches, one transaction per batch; nacked rows
are published again.

**Reading the outbox.** Rows are read in ``seq`` order after a cursor, skipping
those this relay already holds (published, or confirmed and not yet marked). A
sequence number is taken before its transaction commits, so a row may become
visible behind the cursor (RELIABILITY.md): every ``poll_seconds`` the sweep
starts again from the beginning, which also picks up rows whose writer did not
call ``wake()``.

**Failures.** A lost broker connection is reopened with bounded exponential
backoff; rows it left unconfirmed are published again (same message id: the
consumers drop the repeat). A database error ends the connection and the
leadership (the lock may have gone with the database connection), and is
retried the same way. Either outage, past its bound, ends ``run()`` with the
error so that the process's supervisor restarts it.

All broker and database work runs on the relay's thread, driven by pika's
ioloop (pika connections belong to one thread); ``wake()`` and ``stop()`` only
hand a callback to that ioloop. Database calls are short, so the ioloop keeps
answering heartbeats.
"""

from adapters.relay.common import RelaySettings, RelayStats
from adapters.relay.leadership import (
    FileLeadership,
    Leadership,
    PostgresLeadership,
    ProcessLeadership,
    leadership_for,
)
from adapters.relay.relay import OutboxRelay

__all__ = [
    "FileLeadership",
    "Leadership",
    "OutboxRelay",
    "PostgresLeadership",
    "ProcessLeadership",
    "RelaySettings",
    "RelayStats",
    "leadership_for",
]
