"""One replica's scheduler sweep as a process of its own, for the test that
kills it half-way: makes every step due at the given time, a few series to a
transaction, says "committed" after each batch and lingers inside each one
before it commits (where a SIGKILL lands).

    python -m tests.integration.sweep_process DATABASE_URL AT_ISO BATCH
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from service.kernel import scheduler
from service.kernel.scheduler import Batched, DueStep
from service.platform.scheduling import due_step_handlers
from service.platform.store import database
from service.platform.transactions import SqlTransactions


def _lingering(batched: Batched) -> Batched:
    def make_all(uow: Any, steps: Sequence[DueStep], now: datetime) -> Mapping[str, Any]:
        made = batched.make_all(uow, steps, now)
        time.sleep(0.2)  # written, not yet committed
        return made

    return Batched(make_all)


def main() -> None:
    url, at, batch = sys.argv[1], datetime.fromisoformat(sys.argv[2]), int(sys.argv[3])
    engine = database.create_engine(url, pool_size=2)
    handlers = {
        kind: _lingering(handler) if isinstance(handler, Batched) else handler
        for kind, handler in due_step_handlers(via_broker=True).items()
    }

    def committed(_users: tuple[str, ...]) -> None:
        print("committed", flush=True)

    made = asyncio.run(
        scheduler.run_once(
            SqlTransactions(engine),
            now=at,
            handlers=handlers,
            made_by=f"sweep-{sys.argv[3]}",
            committed=committed,
            batch=batch,
        )
    )
    print(f"done {made}", flush=True)


if __name__ == "__main__":
    main()
