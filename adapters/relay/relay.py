"""The outbox relay: one leader across replicas publishes the outbox; the others
stand by. See the package's docstring for the whole story."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

import structlog
from sqlalchemy.engine import Engine
from tenacity import RetryCallState

from adapters.broker_session import Outage, error_text, keep_trying
from adapters.relay.common import (
    BROKER_ERRORS,
    DATABASE_ERRORS,
    LEADING,
    RECONNECTS,
    RelaySettings,
    RelayStats,
)
from adapters.relay.leadership import Leadership, leadership_for
from adapters.relay.session import Session, SessionParts

log = structlog.get_logger(__name__)


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
        self._session: Session | None = None
        self.broker = Outage(self._settings.broker_outage_seconds)
        self.database = Outage(self._settings.database_outage_seconds)
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
        self.database.progress()
        keep_trying(
            self._stand_by_then_lead,
            errors=DATABASE_ERRORS,
            outage=self.database,
            on_retry=self._log_database_retry,
            stopping=self._stopping,
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
            self.database.progress()
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
        self.broker.progress()
        keep_trying(
            self._run_session,
            errors=BROKER_ERRORS,
            outage=self.broker,
            on_retry=self._log_reconnect,
            stopping=self._stopping,
        )

    def _run_session(self) -> None:
        session = Session(
            SessionParts(
                url=self._url,
                engine=self._engine,
                settings=self._settings,
                stats=self.stats,
                clock=self._clock,
                leadership=self._leadership,
                broker=self.broker,
                database=self.database,
            )
        )
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

    def _log_reconnect(self, state: RetryCallState) -> None:
        self.stats.reconnects += 1
        RECONNECTS.inc()
        log.warning(
            "outbox relay reconnecting", attempt=state.attempt_number, error=error_text(state)
        )

    def _log_database_retry(self, state: RetryCallState) -> None:
        self.stats.database_retries += 1
        log.warning(
            "outbox relay lost the database; retrying",
            attempt=state.attempt_number,
            error=error_text(state),
        )
