"""The relay session's timeouts on its ioloop, by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class NamedTimers:
    """At most one timeout of each name. A timeout that fires is forgotten
    before its callback runs, so that the callback may set it again."""

    def __init__(self, ioloop: Any) -> None:
        self._ioloop = ioloop
        self._timers: dict[str, Any] = {}

    def __contains__(self, name: str) -> bool:
        return name in self._timers

    def once(self, name: str, seconds: float, callback: Callable[[], None]) -> None:
        def fire() -> None:
            self._timers.pop(name, None)
            callback()

        self._timers[name] = self._ioloop.call_later(seconds, fire)

    def every(
        self, name: str, seconds: float, action: Callable[[], None], *, until: Callable[[], bool]
    ) -> None:
        """``action`` every ``seconds``, until ``until()`` says so after one."""

        def tick() -> None:
            action()
            if not until():
                self.every(name, seconds, action, until=until)

        self.once(name, seconds, tick)

    def cancel(self, name: str) -> None:
        timer = self._timers.pop(name, None)
        if timer is not None:
            self._ioloop.remove_timeout(timer)

    def cancel_all(self) -> None:
        for name in list(self._timers):
            self.cancel(name)
