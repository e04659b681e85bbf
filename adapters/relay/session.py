"""One broker connection of the relay: publishing with pipelined confirms, on
its own ioloop in the relay's thread (pika connections belong to one thread).
``run()`` returns after a stop, or raises what ended the connection."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Concatenate, ParamSpec

import pika
import structlog
from pika.adapters.select_connection import IOLoop
from pika.exceptions import AMQPConnectionError
from sqlalchemy.engine import Engine

from adapters.broker_session import Outage
from adapters.relay.common import (
    DATABASE_ERRORS,
    MARKED_SENT,
    NACKED,
    PUBLISHED,
    RelaySettings,
    RelayStats,
)
from adapters.relay.leadership import Leadership
from adapters.relay.marker import Marker
from adapters.relay.timers import NamedTimers
from adapters.relay.window import ConfirmWindow
from adapters.topology import connection_parameters
from contracts import topology
from service.platform.store import database, outbox

log = structlog.get_logger(__name__)

_P = ParamSpec("_P")


@dataclass(frozen=True)
class SessionParts:
    """What a session works with, handed over by the relay."""

    url: str
    engine: Engine
    settings: RelaySettings
    stats: RelayStats
    clock: Callable[[], datetime]
    leadership: Leadership
    broker: Outage
    database: Outage


def _guarded(
    callback: Callable[Concatenate[Session, _P], None],
) -> Callable[Concatenate[Session, _P], None]:
    """An error in an ioloop callback ends the session with that error, instead
    of escaping through pika and leaving the connection half-open."""

    def guarded(session: Session, /, *args: _P.args, **kwargs: _P.kwargs) -> None:
        try:
            callback(session, *args, **kwargs)
        except Exception as exc:
            session.fail(exc)

    return guarded


# Rows read from the outbox in one query, at least (RelaySettings.fetch_batch at most).
_LEAST_READ = 100

_OFFICER_EXCHANGES = tuple(e for e in topology.EXCHANGES if e.owner == "officer")


class Session:
    """One broker connection's life, on its own ioloop in the relay's thread.
    ``run()`` returns after a stop, or raises what ended the connection."""

    def __init__(self, parts: SessionParts) -> None:
        self._parts = parts
        self._settings = parts.settings
        self._stats = parts.stats
        self._window = ConfirmWindow()
        # Rows published and not yet marked sent: the outbox still lists them.
        self._claimed: set[int] = set()
        self._republish: deque[outbox.Pending] = deque()
        self._confirmed: list[int] = []
        self._marker = Marker(parts.engine, parts.clock, self._on_marked_threadsafe)
        self._cursor = 0
        self._caught_up = False
        self._ready = False
        self._draining = False
        self._closing = False
        self._failure: BaseException | None = None
        self._channel: Any = None
        self._wake_lock = threading.Lock()
        self._wake_queued = False
        # Made first, so that other threads can hand it callbacks at once.
        self._ioloop = IOLoop()
        self._timers = NamedTimers(self._ioloop)
        self._connection: Any = None

    # Entry points --------------------------------------------------------------

    def run(self) -> None:
        parameters = connection_parameters(self._parts.url)
        parameters.blocked_connection_timeout = self._settings.blocked_connection_timeout
        self._connection = pika.SelectConnection(
            parameters,
            on_open_callback=self._on_connection_open,
            on_open_error_callback=self._on_connection_open_error,
            on_close_callback=self._on_connection_closed,
            custom_ioloop=self._ioloop,
        )
        try:
            self._ioloop.start()
        finally:
            self._marker.shutdown()
            self._ioloop.close()
        if self._failure is not None:
            raise self._failure

    def abandon(self) -> None:
        """Never run: nothing to close but the ioloop."""
        self._ioloop.close()

    def wake_threadsafe(self) -> None:
        with self._wake_lock:
            if self._wake_queued:
                return
            self._wake_queued = True
        self._ioloop.add_callback_threadsafe(self._on_wake)

    def stop_threadsafe(self) -> None:
        self._ioloop.add_callback_threadsafe(self._begin_drain)

    def fail(self, error: BaseException) -> None:
        if self._failure is None:
            self._failure = error
        self._close()

    # Opening: connection, channel, exchanges, confirm mode -----------------------

    def _on_connection_open(self, connection: pika.SelectConnection) -> None:
        connection.channel(on_open_callback=self._on_channel_open)

    def _on_connection_open_error(self, _connection: Any, error: BaseException | str) -> None:
        if not self._closing and self._failure is None:
            self._failure = (
                error if isinstance(error, BaseException) else AMQPConnectionError(error)
            )
        self._closing = True
        self._ioloop.stop()

    @_guarded
    def _on_channel_open(self, channel: Any) -> None:
        self._channel = channel
        channel.add_on_close_callback(self._on_channel_closed)
        # A broker that lost its definitions would otherwise close the channel
        # on the first publish; the declarations are idempotent.
        self._declare_exchanges(list(_OFFICER_EXCHANGES))

    @_guarded
    def _declare_exchanges(self, remaining: list[topology.Exchange]) -> None:
        if not remaining:
            self._channel.confirm_delivery(self._on_confirm, callback=self._on_confirm_mode)
            return
        first, rest = remaining[0], remaining[1:]
        self._channel.exchange_declare(
            first.name,
            first.type,
            durable=True,
            callback=lambda _frame: self._declare_exchanges(rest),
        )

    @_guarded
    def _on_confirm_mode(self, _frame: Any) -> None:
        self._ready = True
        self._stats.connections += 1
        self._parts.broker.progress()
        log.info("outbox relay connected", window=self._settings.window)
        if self._draining:
            self._finish()
            return
        settings = self._settings
        self._timers.every("poll", settings.poll_seconds, self._on_poll, until=self._is_closing)
        self._timers.every(
            "leader", settings.leader_check_seconds, self._on_leader_check, until=self._is_closing
        )
        self._fill()

    # Publishing ------------------------------------------------------------------

    @_guarded
    def _on_wake(self) -> None:
        with self._wake_lock:
            self._wake_queued = False
        self._caught_up = False
        self._fill()

    @_guarded
    def _on_poll(self) -> None:
        # From the start again: rows that committed behind the cursor.
        self._cursor = 0
        self._caught_up = False
        self._fill()

    @_guarded
    def _on_leader_check(self) -> None:
        self._parts.leadership.confirm_held()
        self._parts.database.progress()

    def _fill(self) -> None:
        """Publishes until the window is full or the outbox has nothing more."""
        if not self._ready or self._draining or self._closing:
            return
        room = self._settings.window - len(self._window)
        while room > 0 and self._republish:
            self._publish(self._republish.popleft())
            room -= 1
        while room > 0 and not self._caught_up:
            # Not just ``room`` rows: after a poll the cursor starts again from
            # the beginning, through rows published and not yet marked sent,
            # and reading those a few at a time cost 250 queries a sweep.
            limit = min(max(room, _LEAST_READ), self._settings.fetch_batch)
            rows = self._read(limit)
            for row in rows:
                if room == 0:
                    break  # the rest is read again by the next fill
                self._cursor = row.seq
                if row.seq not in self._claimed:
                    self._publish(row)
                    room -= 1
            else:
                self._caught_up = len(rows) < limit

    def _read(self, limit: int) -> list[outbox.Pending]:
        with self._parts.engine.connect().execution_options(
            **{database.READ_ONLY_OPTION: True}
        ) as connection:
            rows = outbox.pending(connection, after_seq=self._cursor, limit=limit)
        self._parts.database.progress()
        return rows

    def _publish(self, row: outbox.Pending) -> None:
        self._channel.basic_publish(
            row.exchange, row.routing_key, bytes(row.body), _properties(row), mandatory=False
        )
        self._window.add(row)
        self._claimed.add(row.seq)
        self._stats.published += 1
        PUBLISHED.inc()

    # Confirms --------------------------------------------------------------------

    @_guarded
    def _on_confirm(self, frame: Any) -> None:
        method = frame.method
        settled = self._window.settle(method.delivery_tag, multiple=method.multiple)
        if isinstance(method, pika.spec.Basic.Ack):
            self._confirmed.extend(row.seq for row in settled)
            self._stats.confirmed += len(settled)
            self._parts.broker.progress()
            self._schedule_marks()
        else:
            self._republish.extend(settled)
            self._stats.nacked += len(settled)
            NACKED.inc(len(settled))
            log.warning("outbox messages nacked; publishing them again", count=len(settled))
        if self._draining:
            if not self._window:
                self._finish()
            return
        # Refill by halves: a query per confirm would cost more than the publishes.
        # Nacked rows wait for the next fill, so that a broker refusing them is
        # not answered with a storm of republishes.
        low_water = self._settings.window - max(1, self._settings.window // 2)
        if not self._caught_up and len(self._window) <= low_water:
            self._fill()

    def _schedule_marks(self) -> None:
        if len(self._confirmed) >= self._settings.mark_batch:
            self._mark_sent()
        elif self._confirmed and "marks" not in self._timers:
            self._timers.once("marks", self._settings.mark_linger_seconds, self._on_mark_linger)

    @_guarded
    def _on_mark_linger(self) -> None:
        self._mark_sent()

    def _mark_sent(self) -> None:
        """Hands the confirmed rows to the marker thread, so that the database
        round trip overlaps the next publishes instead of stalling the ioloop
        (the driver waits for the database without the GIL)."""
        self._timers.cancel("marks")
        if not self._confirmed:
            return
        seqs, self._confirmed = self._confirmed, []
        self._marker.submit(seqs)

    def _on_marked_threadsafe(self) -> None:
        if not self._closing:
            self._ioloop.add_callback_threadsafe(self._on_marked)

    @_guarded
    def _on_marked(self) -> None:
        self._collect_marks(wait=False)

    def _collect_marks(self, *, wait: bool) -> None:
        """Applies finished marks in order (all of them, waiting, with ``wait``);
        a mark that failed raises its database error here."""
        for seqs in self._marker.collect(wait=wait):
            self._parts.database.progress()
            self._claimed.difference_update(seqs)
            self._stats.marked_sent += len(seqs)
            MARKED_SENT.inc(len(seqs))

    # Ending ----------------------------------------------------------------------

    @_guarded
    def _begin_drain(self) -> None:
        if self._draining or self._closing:
            return
        self._draining = True
        if not self._ready:
            self._close()
        elif not self._window:
            self._finish()
        else:
            self._timers.once("drain", self._settings.drain_seconds, self._on_drain_timeout)

    @_guarded
    def _on_drain_timeout(self) -> None:
        log.warning("outbox relay stopping with confirms outstanding", count=len(self._window))
        self._finish()

    def _finish(self) -> None:
        self._mark_sent()
        self._collect_marks(wait=True)
        self._close()

    def _on_channel_closed(self, _channel: Any, reason: BaseException) -> None:
        if not self._closing:
            self.fail(reason)

    def _on_connection_closed(self, _connection: Any, reason: BaseException) -> None:
        if not self._closing and self._failure is None:
            self._failure = reason
        self._closing = True
        self._timers.cancel_all()
        if not isinstance(self._failure, DATABASE_ERRORS):
            # Confirmed before the connection went: not worth publishing again.
            try:
                self._mark_sent()
                self._collect_marks(wait=True)
            except DATABASE_ERRORS as exc:
                log.warning("confirmed outbox rows not marked sent", error=str(exc))
        self._marker.shutdown()
        self._ioloop.stop()

    def _is_closing(self) -> bool:
        return self._closing

    def _close(self) -> None:
        if self._closing:
            return
        self._closing = True
        self._timers.cancel_all()
        if self._connection.is_closed:
            self._ioloop.stop()
        elif not self._connection.is_closing:
            self._connection.close()


def _properties(row: outbox.Pending) -> pika.BasicProperties:
    return pika.BasicProperties(
        content_type="application/json",
        delivery_mode=pika.DeliveryMode.Persistent,
        message_id=row.message_id,
        type=row.message_type,
        # When the message was made, so that a republished copy is identical.
        timestamp=int(row.create_time.timestamp()),
    )
