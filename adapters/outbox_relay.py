"""Publishes the outbox to RabbitMQ, with pipelined publisher confirms.

A use case writes its state change and its outbox rows in one transaction
(service/store/outbox.py); this relay publishes those rows and marks them sent
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

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, Protocol

import pika
import sqlalchemy as sa
import structlog
from pika.adapters.select_connection import IOLoop
from pika.exceptions import AMQPChannelError, AMQPConnectionError
from prometheus_client import Counter, Gauge
from sqlalchemy.engine import Engine
from tenacity import RetryCallState, Retrying, retry_if_exception_type, wait_exponential

from adapters.topology import connection_parameters
from contracts import topology
from service.store import database, outbox

log = structlog.get_logger(__name__)

DATABASE_ERRORS = (sa.exc.OperationalError, sa.exc.InterfaceError)
BROKER_ERRORS = (AMQPConnectionError, AMQPChannelError)

# The PostgreSQL advisory lock key the leader holds ("officer" "relay"), scoped
# to the database like every advisory lock.
RELAY_LOCK_KEY = 0x6F66_6669_6365_72

PUBLISHED = Counter("officer_outbox_published_total", "Outbox messages published.")
MARKED_SENT = Counter(
    "officer_outbox_marked_sent_total", "Outbox messages confirmed by the broker and marked sent."
)
NACKED = Counter("officer_outbox_nacked_total", "Outbox messages the broker refused (resent).")
RECONNECTS = Counter("officer_outbox_reconnects_total", "Broker reconnections of the relay.")
LEADING = Gauge("officer_outbox_relay_leading", "1 while this process's relay publishes.")

_P = ParamSpec("_P")


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


# --- leadership ---------------------------------------------------------------


class Leadership(Protocol):
    """Who may publish: at most one holder across processes and replicas."""

    def try_acquire(self) -> bool:
        """Takes the leadership if it is free; never waits for it."""
        ...

    def confirm_held(self) -> None:
        """Raises a database error if the leadership may have been lost."""
        ...

    def release(self) -> None:
        """Gives the leadership up; does nothing if it is not held."""
        ...


class PostgresLeadership:
    """A session-level advisory lock on a connection of its own: the server
    frees it when that connection ends, including when the process dies."""

    def __init__(self, engine: Engine, key: int = RELAY_LOCK_KEY) -> None:
        self._engine = engine
        self._key = key
        self._connection: sa.Connection | None = None
        self._held = False

    def try_acquire(self) -> bool:
        if self._held:
            return True
        try:
            if self._connection is None:
                self._connection = self._engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT"
                )
            query = sa.text("SELECT pg_try_advisory_lock(:key)")
            self._held = bool(self._connection.execute(query, {"key": self._key}).scalar_one())
        except DATABASE_ERRORS:
            self._drop_connection()
            raise
        return self._held

    def confirm_held(self) -> None:
        if self._connection is None:
            raise sa.exc.InterfaceError("SELECT 1", None, Exception("no leadership connection"))
        try:
            self._connection.execute(sa.text("SELECT 1"))
        except DATABASE_ERRORS:
            self._drop_connection()
            raise

    def release(self) -> None:
        self._drop_connection()

    def _drop_connection(self) -> None:
        # Closing the session frees the lock whatever state it is in; returned
        # to the pool instead, it could hand a held lock to unrelated work.
        connection, self._connection, self._held = self._connection, None, False
        if connection is not None:
            if not connection.invalidated:  # a lost connection is invalidated already
                connection.invalidate()
            connection.close()


class FileLeadership:
    """``flock`` on a file next to the SQLite database: the kernel frees it
    when the process dies. Each instance opens the file itself, so two relays
    of one process exclude each other as well."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._descriptor: int | None = None

    def try_acquire(self) -> bool:
        if self._descriptor is not None:
            return True
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return False
        self._descriptor = descriptor
        return True

    def confirm_held(self) -> None:
        """A held flock cannot be taken away."""

    def release(self) -> None:
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is not None:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
            os.close(descriptor)


_IN_MEMORY_LEADER = threading.Lock()


class ProcessLeadership:
    """For an in-memory database, which no other process can see."""

    def __init__(self, lock: threading.Lock = _IN_MEMORY_LEADER) -> None:
        self._lock = lock
        self._held = False

    def try_acquire(self) -> bool:
        if not self._held:
            self._held = self._lock.acquire(blocking=False)
        return self._held

    def confirm_held(self) -> None:
        """A held lock cannot be taken away."""

    def release(self) -> None:
        if self._held:
            self._held = False
            self._lock.release()


def leadership_for(engine: Engine) -> Leadership:
    if engine.dialect.name == "postgresql":
        return PostgresLeadership(engine)
    if engine.dialect.name != "sqlite":
        raise ValueError(f"no relay leadership for {engine.dialect.name}")
    path = engine.url.database
    if not path or path == ":memory:":
        return ProcessLeadership()
    return FileLeadership(Path(f"{path}.relay.lock"))


# --- the relay ------------------------------------------------------------------


class OutboxRelay:
    def __init__(
        self,
        amqp_url: str,
        engine: Engine,
        *,
        settings: RelaySettings | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        leadership: Leadership | None = None,
    ) -> None:
        self._url = amqp_url
        self._engine = engine
        self._settings = settings or RelaySettings()
        self._clock = clock
        self._leadership = leadership or leadership_for(engine)
        self._stopping = threading.Event()
        # Guards _session, which wake() and stop() reach from other threads.
        self._lock = threading.Lock()
        self._session: _Session | None = None
        self._last_broker_progress = time.monotonic()
        self._last_database_progress = time.monotonic()
        self.stats = RelayStats()

    def stop(self) -> None:
        """Asks the relay to wait for its outstanding confirms (``drain_seconds``
        at most), mark them sent, give up the leadership and return from
        ``run()``; safe from any thread."""
        self._stopping.set()
        with self._lock:
            session = self._session
        if session is not None:
            session.stop_threadsafe()

    def wake(self) -> None:
        """Says that new outbox rows have committed: publish them now rather
        than at the next poll. Safe from any thread, cheap, and a no-op while
        this relay is not the leader."""
        with self._lock:
            session = self._session
        if session is not None:
            session.wake_threadsafe()

    def run(self) -> None:
        """Publishes until ``stop()``, standing by while another relay leads."""
        self._last_database_progress = time.monotonic()
        self._keep_trying(
            self._stand_by_then_lead,
            errors=DATABASE_ERRORS,
            last_progress=lambda: self._last_database_progress,
            outage_limit=self._settings.database_outage_seconds,
            before_sleep=self._log_database_retry,
        )

    def _stand_by_then_lead(self) -> None:
        if not self._await_leadership():
            return
        self.stats.leader_terms += 1
        self.stats.leading = True
        LEADING.set(1)
        log.info("outbox relay leading", term=self.stats.leader_terms)
        try:
            self._publish_while_leading()
        finally:
            self.stats.leading = False
            LEADING.set(0)
            self._leadership.release()

    def _await_leadership(self) -> bool:
        """True once this relay leads; False if stopped first."""
        announced = False
        while not self._stopping.is_set():
            acquired = self._leadership.try_acquire()
            self._database_progress()
            if acquired:
                self.stats.standing_by = False
                return True
            self.stats.standing_by = True
            if not announced:
                log.info(
                    "outbox relay standing by",
                    retry_seconds=self._settings.standby_retry_seconds,
                )
                announced = True
            self._stopping.wait(self._settings.standby_retry_seconds)
        self.stats.standing_by = False
        return False

    def _publish_while_leading(self) -> None:
        self._last_broker_progress = time.monotonic()
        self._keep_trying(
            self._run_session,
            errors=BROKER_ERRORS,
            last_progress=lambda: self._last_broker_progress,
            outage_limit=self._settings.broker_outage_seconds,
            before_sleep=self._log_reconnect,
        )

    def _run_session(self) -> None:
        session = _Session(self)
        with self._lock:
            # Checked under the lock: a stop() from now on reaches the session.
            if self._stopping.is_set():
                session.abandon()
                return
            self._session = session
        try:
            session.run()
        finally:
            with self._lock:
                self._session = None

    def _keep_trying(
        self,
        action: Callable[[], None],
        *,
        errors: tuple[type[Exception], ...],
        last_progress: Callable[[], float],
        outage_limit: float,
        before_sleep: Callable[[RetryCallState], None],
    ) -> None:
        """Runs ``action`` again after ``errors``, with backoff, until it returns,
        ``stop()`` is called (then returns) or ``outage_limit`` seconds pass
        without progress (then raises the last error)."""

        def give_up(_state: RetryCallState) -> bool:
            too_long = time.monotonic() - last_progress() > outage_limit
            return self._stopping.is_set() or too_long

        retrying = Retrying(
            retry=retry_if_exception_type(errors),
            wait=wait_exponential(multiplier=0.2, max=10),
            stop=give_up,
            # Waiting out an outage ends at once when stop() is called.
            sleep=self._sleep_unless_stopped,
            before_sleep=before_sleep,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    action()
        except errors:
            if not self._stopping.is_set():
                raise

    def _sleep_unless_stopped(self, seconds: float) -> None:
        self._stopping.wait(seconds)

    def _log_reconnect(self, state: RetryCallState) -> None:
        self.stats.reconnects += 1
        RECONNECTS.inc()
        log.warning(
            "outbox relay reconnecting", attempt=state.attempt_number, error=_error_of(state)
        )

    def _log_database_retry(self, state: RetryCallState) -> None:
        self.stats.database_retries += 1
        log.warning(
            "outbox relay lost the database; retrying",
            attempt=state.attempt_number,
            error=_error_of(state),
        )

    def _broker_progress(self) -> None:
        self._last_broker_progress = time.monotonic()

    def _database_progress(self) -> None:
        self._last_database_progress = time.monotonic()


def _error_of(state: RetryCallState) -> str:
    error = state.outcome.exception() if state.outcome else None
    # Some of pika's connection errors have no text of their own.
    return (str(error) or repr(error)) if error else ""


# --- one broker connection ------------------------------------------------------


class _Window:
    """Published rows awaiting the broker's confirm, by delivery tag. A confirm
    channel numbers publishes 1, 2, 3...; a ``multiple`` confirm settles every
    tag up to its own."""

    def __init__(self) -> None:
        self._rows: OrderedDict[int, outbox.Pending] = OrderedDict()
        self._last_tag = 0

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, row: outbox.Pending) -> None:
        self._last_tag += 1
        self._rows[self._last_tag] = row

    def settle(self, tag: int, *, multiple: bool) -> list[outbox.Pending]:
        if not multiple:
            row = self._rows.pop(tag, None)
            return [] if row is None else [row]
        settled = []
        last = tag or self._last_tag  # multiple with tag 0: everything outstanding
        # Tags were added in increasing order, so the oldest come first.
        while self._rows and next(iter(self._rows)) <= last:
            settled.append(self._rows.popitem(last=False)[1])
        return settled


def _guarded(
    callback: Callable[Concatenate[_Session, _P], None],
) -> Callable[Concatenate[_Session, _P], None]:
    """An error in an ioloop callback ends the session with that error, instead
    of escaping through pika and leaving the connection half-open."""

    def guarded(session: _Session, /, *args: _P.args, **kwargs: _P.kwargs) -> None:
        try:
            callback(session, *args, **kwargs)
        except Exception as exc:
            session.fail(exc)

    return guarded


_OFFICER_EXCHANGES = tuple(e for e in topology.EXCHANGES if e.owner == "officer")


class _Session:
    """One broker connection's life, on its own ioloop in the relay's thread.
    ``run()`` returns after a stop, or raises what ended the connection."""

    def __init__(self, relay: OutboxRelay) -> None:
        self._relay = relay
        self._settings = relay._settings
        self._stats = relay.stats
        self._window = _Window()
        # Rows published and not yet marked sent: the outbox still lists them.
        self._claimed: set[int] = set()
        self._republish: deque[outbox.Pending] = deque()
        self._confirmed: list[int] = []
        # Marks handed to the marker thread, oldest first.
        self._marker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox-marker")
        self._marking: deque[Future[list[int]]] = deque()
        self._cursor = 0
        self._caught_up = False
        self._ready = False
        self._draining = False
        self._closing = False
        self._failure: BaseException | None = None
        self._channel: Any = None
        self._timers: dict[str, Any] = {}
        self._wake_lock = threading.Lock()
        self._wake_queued = False
        # Made first, so that other threads can hand it callbacks at once.
        self._ioloop = IOLoop()
        self._connection: Any = None

    # Entry points --------------------------------------------------------------

    def run(self) -> None:
        parameters = connection_parameters(self._relay._url)
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
            self._marker.shutdown(wait=True)
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
        self._relay._broker_progress()
        log.info("outbox relay connected", window=self._settings.window)
        if self._draining:
            self._finish()
            return
        self._every("poll", self._settings.poll_seconds, self._on_poll)
        self._every("leader", self._settings.leader_check_seconds, self._on_leader_check)
        self._fill()

    # Publishing ------------------------------------------------------------------

    @_guarded
    def _on_wake(self) -> None:
        with self._wake_lock:
            self._wake_queued = False
        self._caught_up = False
        self._fill()

    def _on_poll(self) -> None:
        # From the start again: rows that committed behind the cursor.
        self._cursor = 0
        self._caught_up = False
        self._fill()

    def _on_leader_check(self) -> None:
        self._relay._leadership.confirm_held()
        self._relay._database_progress()

    def _fill(self) -> None:
        """Publishes until the window is full or the outbox has nothing more."""
        if not self._ready or self._draining or self._closing:
            return
        room = self._settings.window - len(self._window)
        while room > 0 and self._republish:
            self._publish(self._republish.popleft())
            room -= 1
        while room > 0 and not self._caught_up:
            limit = min(room, self._settings.fetch_batch)
            rows = self._read(limit)
            for row in rows:
                self._cursor = row.seq
                if row.seq not in self._claimed:
                    self._publish(row)
                    room -= 1
            self._caught_up = len(rows) < limit

    def _read(self, limit: int) -> list[outbox.Pending]:
        with self._relay._engine.connect().execution_options(
            **{database.READ_ONLY_OPTION: True}
        ) as connection:
            rows = outbox.pending(connection, after_seq=self._cursor, limit=limit)
        self._relay._database_progress()
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
            self._relay._broker_progress()
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
            self._timers["marks"] = self._ioloop.call_later(
                self._settings.mark_linger_seconds, self._on_mark_linger
            )

    @_guarded
    def _on_mark_linger(self) -> None:
        self._timers.pop("marks", None)
        self._mark_sent()

    def _mark_sent(self) -> None:
        """Hands the confirmed rows to the marker thread, so that the database
        round trip overlaps the next publishes instead of stalling the ioloop
        (the driver waits for the database without the GIL)."""
        self._cancel_timer("marks")
        if not self._confirmed:
            return
        seqs, self._confirmed = self._confirmed, []
        marking = self._marker.submit(self._mark_in_thread, seqs)
        # Runs once the future is done (so that _collect_marks sees it done).
        marking.add_done_callback(self._on_marked_threadsafe)
        self._marking.append(marking)

    def _mark_in_thread(self, seqs: list[int]) -> list[int]:
        with self._relay._engine.begin() as connection:
            outbox.mark_sent(connection, seqs, self._relay._clock())
        return seqs

    def _on_marked_threadsafe(self, _marking: Future[list[int]]) -> None:
        if not self._closing:
            self._ioloop.add_callback_threadsafe(self._on_marked)

    @_guarded
    def _on_marked(self) -> None:
        self._collect_marks(wait=False)

    def _collect_marks(self, *, wait: bool) -> None:
        """Applies finished marks in order (all of them, waiting, with ``wait``);
        a mark that failed raises its database error here."""
        while self._marking and (wait or self._marking[0].done()):
            seqs = self._marking.popleft().result()
            self._relay._database_progress()
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
            self._timers["drain"] = self._ioloop.call_later(
                self._settings.drain_seconds, self._on_drain_timeout
            )

    @_guarded
    def _on_drain_timeout(self) -> None:
        self._timers.pop("drain", None)
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
        self._cancel_timers()
        if not isinstance(self._failure, DATABASE_ERRORS):
            # Confirmed before the connection went: not worth publishing again.
            try:
                self._mark_sent()
                self._collect_marks(wait=True)
            except DATABASE_ERRORS as exc:
                log.warning("confirmed outbox rows not marked sent", error=str(exc))
        self._marker.shutdown(wait=True)
        self._ioloop.stop()

    def _close(self) -> None:
        if self._closing:
            return
        self._closing = True
        self._cancel_timers()
        if self._connection.is_closed:
            self._ioloop.stop()
        elif not self._connection.is_closing:
            self._connection.close()

    # Timers ----------------------------------------------------------------------

    def _every(self, name: str, seconds: float, action: Callable[[], None]) -> None:
        @_guarded
        def tick(session: _Session) -> None:
            action()
            if not session._closing:
                session._every(name, seconds, action)

        self._timers[name] = self._ioloop.call_later(seconds, lambda: tick(self))

    def _cancel_timer(self, name: str) -> None:
        timer = self._timers.pop(name, None)
        if timer is not None:
            self._ioloop.remove_timeout(timer)

    def _cancel_timers(self) -> None:
        for name in list(self._timers):
            self._cancel_timer(name)


def _properties(row: outbox.Pending) -> pika.BasicProperties:
    return pika.BasicProperties(
        content_type="application/json",
        delivery_mode=pika.DeliveryMode.Persistent,
        message_id=row.message_id,
        type=row.message_type,
        # When the message was made, so that a republished copy is identical.
        timestamp=int(row.create_time.timestamp()),
    )
