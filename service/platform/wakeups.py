"""Wakes what waits for pushes once they commit: the inbox streams of their
users, and the outbox relay.

``InboxSignal`` wakes the inbox streams of users whose inbox just got items.

Writes happen on database threads, streams wait on the event loop: ``notify``
may be called from any thread. It only speeds streams up; a stream also
re-reads on its own every few seconds, which is how items written by another
replica (or the scheduler of another process) reach it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


class InboxSignal:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._waiting: dict[str, set[asyncio.Event]] = {}

    @contextmanager
    def subscription(self, user_id: str) -> Iterator[asyncio.Event]:
        """An event set whenever ``user_id``'s inbox gets items; loop thread only."""
        event = asyncio.Event()
        self._waiting.setdefault(user_id, set()).add(event)
        try:
            yield event
        finally:
            waiting = self._waiting.get(user_id)
            if waiting is not None:
                waiting.discard(event)
                if not waiting:
                    del self._waiting[user_id]

    def notify(self, user_ids: Iterable[str]) -> None:
        users = frozenset(user_ids)
        if users:
            self._loop.call_soon_threadsafe(self._wake, users)

    def _wake(self, users: frozenset[str]) -> None:
        # A fan-out names thousands of users; far fewer hold a stream open.
        for user_id in [u for u in self._waiting if u in users]:
            for event in self._waiting[user_id]:
                event.set()


@dataclass(frozen=True)
class PushDeps:
    """How pushes leave: through the broker (outbox + relay) or only the inbox."""

    signal: InboxSignal
    via_broker: bool
    outbox_wake: Callable[[], None]

    def committed(self, users: tuple[str, ...]) -> None:
        """After a commit that pushed to ``users``."""
        if self.via_broker:
            self.outbox_wake()
        self.signal.notify(users)
