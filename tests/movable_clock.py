"""A clock the tests can move."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class MovableClock:
    """The server's clock: real time, moved on by hand where a test needs time
    to pass (instead of sleeping)."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, delta: timedelta) -> None:
        self.offset += delta
