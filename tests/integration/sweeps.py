"""The scheduler's sweep as one replica, or two at once, would make it at a
given moment: for tests of time-driven work with an injected clock."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.engine import Engine

from service.kernel import scheduler
from service.platform.scheduling import due_step_handlers, task_timing
from service.platform.settings import Settings
from service.platform.transactions import SqlTransactions


def sweep(
    engine: Engine, at: datetime, handlers: Mapping[str, scheduler.Handler] | None = None
) -> list[scheduler.Made]:
    """What one replica's scheduler makes at ``at`` (by default with the
    server's handlers, in the city's zone, so that notes show its local time)."""
    transactions = SqlTransactions(engine)
    if handlers is None:
        handlers = due_step_handlers(via_broker=False, task_timing=task_timing(Settings()))
    made: list[scheduler.Made] = []
    while True:
        step = transactions.run_now(
            lambda uow: scheduler.make_next(uow, now=at, handlers=handlers, made_by="test")
        )
        if step is None:
            return made
        made.append(step)


def two_replicas(
    engine: Engine, at: datetime, handlers: Mapping[str, scheduler.Handler] | None = None
) -> list[scheduler.Made]:
    """What two replicas sweeping at once make at ``at``, together."""
    made: list[scheduler.Made] = []
    start = threading.Barrier(2)

    def replica() -> None:
        start.wait()
        made.extend(sweep(engine, at, handlers))

    threads = [threading.Thread(target=replica) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return made
