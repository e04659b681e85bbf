"""The one source of "now": injected wherever time matters, so that tests and
the scheduler can say what time it is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Aware UTC: every time the module stores or compares is."""
    return datetime.now(UTC)
