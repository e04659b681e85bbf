"""Read attestation (学习确认) over time: which reminder or escalation is owed
now, and the loop that makes them.

Each step is claimed in the transaction that makes it (notice_step), so that
several replicas running the loop make it once.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

import structlog

from service.app.notices import make_step
from service.app.ports import Transactions, UnitOfWork
from service.domain import notices as rules

log = structlog.get_logger(__name__)


def owed_steps(
    uow: UnitOfWork, now: datetime, offsets: Sequence[timedelta]
) -> list[tuple[str, str]]:
    """(notice id, step) for every reminder or escalation whose time has come."""
    horizon = now + max(offsets, default=timedelta(0))
    return [
        (notice_id, step)
        for notice_id, due, done in uow.notices.awaiting_steps(now, horizon)
        for step in rules.due_steps(due, offsets, now, done)
    ]


async def run_once(
    transactions: Transactions,
    *,
    now: datetime,
    offsets: Sequence[timedelta],
    via_broker: bool,
    committed: Callable[[tuple[str, ...]], None],
) -> int:
    """Makes every owed step, each in its own transaction. Returns how many."""
    owed = await transactions.read(lambda uow: owed_steps(uow, now, offsets))
    for notice_id, step in owed:
        users = await transactions.write(
            functools.partial(
                make_step, notice_id=notice_id, step=step, now=now, via_broker=via_broker
            )
        )
        log.info("notice step made", notice=notice_id, step=step, pushes=len(users))
        if users:
            committed(users)
    return len(owed)


async def run_forever(
    transactions: Transactions,
    *,
    interval_seconds: float,
    offsets: Sequence[timedelta],
    via_broker: bool,
    committed: Callable[[tuple[str, ...]], None],
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> None:
    while True:
        try:
            await run_once(
                transactions,
                now=clock(),
                offsets=offsets,
                via_broker=via_broker,
                committed=committed,
            )
        except asyncio.CancelledError:
            raise
        except Exception:
            # The next round retries; a database outage must not end the loop.
            log.warning("notice steps not made; retrying next round", exc_info=True)
        await asyncio.sleep(interval_seconds)
