"""Which calls the server takes on: a bound on calls in flight, a bound on one
caller's open streams, and none at all while it drains after SIGTERM.

Health checks and reflection are never refused: a liveness probe must see a
busy server as alive, and a draining one as NOT_SERVING, not as unreachable.
Refusals are errors like any other (RESOURCE_EXHAUSTED or UNAVAILABLE with an
ErrorInfo), so the interceptor logs and counts them.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass

from service.kernel.errors import ResourceExhausted, Unavailable


@dataclass
class Ticket:
    """A call taken on; ``release`` once it ends (any number of times)."""

    admission: Admission
    user_id: str | None
    stream: bool
    released: bool = False

    def release(self) -> None:
        if not self.released:
            self.released = True
            self.admission._release(self)


class Admission:
    def __init__(self, *, max_calls: int, max_streams_per_caller: int) -> None:
        self.max_calls = max_calls
        self.max_streams_per_caller = max_streams_per_caller
        self.in_flight = 0
        self._streams: Counter[str] = Counter()
        self._draining = False
        self._idle = asyncio.Event()
        self._idle.set()

    def admit(self, *, user_id: str | None, stream: bool) -> Ticket:
        """Takes a call on, or refuses it."""
        if self._draining:
            raise Unavailable(
                "the server is shutting down; retry on another replica", reason="SHUTTING_DOWN"
            )
        if self.in_flight >= self.max_calls:
            raise ResourceExhausted(
                f"the server is handling {self.max_calls} calls; retry shortly",
                reason="TOO_MANY_CALLS",
            )
        if stream and user_id is not None:
            if self._streams[user_id] >= self.max_streams_per_caller:
                raise ResourceExhausted(
                    f"at most {self.max_streams_per_caller} open streams per caller",
                    reason="TOO_MANY_STREAMS",
                )
            self._streams[user_id] += 1
        self.in_flight += 1
        self._idle.clear()
        return Ticket(self, user_id, stream)

    def _release(self, ticket: Ticket) -> None:
        self.in_flight -= 1
        if ticket.stream and ticket.user_id is not None:
            self._streams[ticket.user_id] -= 1
            if not self._streams[ticket.user_id]:
                del self._streams[ticket.user_id]
        if not self.in_flight:
            self._idle.set()

    @property
    def draining(self) -> bool:
        return self._draining

    def drain(self) -> None:
        """From now on every call but health and reflection is refused."""
        self._draining = True

    async def drained(self) -> None:
        """Returns once no call is in flight."""
        await self._idle.wait()
