"""The one bounded retry loop of the bus adapters (the relay and the registry
consumer): run a session again after a failure, with exponential backoff, until
it returns, a stop is asked for, or an outage has lasted longer than its bound
since the last progress; then the last error is raised, so that the process
stops and its supervisor restarts it rather than it hanging on for ever.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from tenacity import RetryCallState, Retrying, retry_if_exception_type, wait_exponential

# Backoff between attempts: 0.2 s doubling up to 10 s.
_WAIT = wait_exponential(multiplier=0.2, max=10)


class Outage:
    """How long one kind of outage (broker, database) may last without progress."""

    def __init__(self, limit_seconds: float) -> None:
        self.limit_seconds = limit_seconds
        self._last_progress = time.monotonic()

    def progress(self) -> None:
        """Something worked: a connection opened, a batch applied, a row read."""
        self._last_progress = time.monotonic()

    def too_long(self) -> bool:
        return time.monotonic() - self._last_progress > self.limit_seconds


def error_text(state: RetryCallState) -> str:
    error = state.outcome.exception() if state.outcome else None
    # Some of pika's connection errors have no text of their own.
    return (str(error) or repr(error)) if error else ""


def keep_trying(
    action: Callable[[], None],
    *,
    errors: tuple[type[BaseException], ...],
    outage: Outage,
    on_retry: Callable[[RetryCallState], None],
    stopping: threading.Event | None = None,
    sleep: Callable[[float], None] | None = None,
) -> None:
    """Runs ``action`` again after ``errors`` until it returns, ``stopping`` is
    set (then returns) or ``outage`` lasts too long (then raises the last error).
    Waiting between attempts ends at once when ``stopping`` is set; ``sleep``
    replaces the wait where something must keep running meanwhile (a pika
    connection's heartbeats)."""
    stop_event = stopping or threading.Event()

    def wait_unless_stopped(seconds: float) -> None:
        stop_event.wait(seconds)

    def give_up(_state: RetryCallState) -> bool:
        return stop_event.is_set() or outage.too_long()

    retrying = Retrying(
        retry=retry_if_exception_type(errors),
        wait=_WAIT,
        stop=give_up,
        sleep=sleep or wait_unless_stopped,
        before_sleep=on_retry,
        reraise=True,
    )
    try:
        for attempt in retrying:
            with attempt:
                action()
    except errors:
        if not stop_event.is_set():
            raise
