"""Marks confirmed outbox rows sent, on a thread of its own, so that the
database round trip overlaps the next publishes instead of stalling the relay's
ioloop (the driver waits for the database without holding the GIL)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime

from sqlalchemy.engine import Engine

from service.platform.store import outbox


class Marker:
    """Marks in the order handed over; ``collect`` hands back what was marked."""

    def __init__(
        self, engine: Engine, clock: Callable[[], datetime], on_done: Callable[[], None]
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._on_done = on_done
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox-marker")
        self._marking: deque[Future[list[int]]] = deque()

    def submit(self, seqs: list[int]) -> None:
        marking = self._executor.submit(self._mark, seqs)
        # Runs once the future is done (so that collect() sees it done).
        marking.add_done_callback(lambda _marking: self._on_done())
        self._marking.append(marking)

    def collect(self, *, wait: bool) -> list[list[int]]:
        """The batches marked, in order: the finished ones (all, waiting, with
        ``wait``). A mark that failed raises its database error here."""
        done = []
        while self._marking and (wait or self._marking[0].done()):
            done.append(self._marking.popleft().result())
        return done

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)

    def _mark(self, seqs: list[int]) -> list[int]:
        with self._engine.begin() as connection:
            outbox.mark_sent(connection, seqs, self._clock())
        return seqs
