"""The one scheduler: time-driven work as a table of due steps (DESIGN.md §4).

A capability plans steps (a reminder, an escalation, a deadline) when the state
that calls for them is written, in the same transaction. A loop in every replica
makes the steps whose time has come: each in a transaction of its own that
claims the step (a row lock taken with SKIP LOCKED on PostgreSQL; SQLite's single
writer), lets the capability's handler make it and marks it done, so that any
number of replicas make each step exactly once and a restart loses none.

Steps of one subject and kind form a series (a notice's reminders and its
escalation). When several of a series are due at once (the scheduler was down,
or the subject was created late in its plan), only the latest is made and the
earlier ones are marked superseded: after an outage, one reminder, not a flood.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

import structlog

from service.kernel.ports import Transactions

log = structlog.get_logger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class PlannedStep:
    kind: str  # which handler makes it, e.g. "policy.attestation"
    subject: str  # what it is about, e.g. "notices/01J…"
    step: str  # e.g. "reminder:86400", "escalation"
    due_time: datetime


@dataclass(frozen=True)
class DueStep:
    step_id: str
    kind: str
    subject: str
    step: str
    due_time: datetime


class DueSteps(Protocol):
    def schedule(self, steps: Sequence[PlannedStep], now: datetime) -> None: ...
    def cancel(self, subject: str, kind: str, now: datetime) -> None:
        """Pending steps of the series will not be made (they are kept, cancelled)."""
        ...

    def claim_next(self, now: datetime, kinds: Sequence[str]) -> list[DueStep]:
        """Locks the series of the step due first (of ``kinds``) that no other
        transaction holds, and returns its pending steps due by ``now``, oldest
        first; [] when none is due."""
        ...

    def finish(self, due: Sequence[DueStep], *, made: DueStep, now: datetime, made_by: str) -> None:
        """``made`` is done; the others of ``due`` are superseded."""
        ...

    def pending(self, now: datetime, kinds: Sequence[str]) -> list[DueStep]:
        """Every pending step due by ``now``, oldest first (no locks)."""
        ...


class SchedulerUnitOfWork(Protocol):
    @property
    def due_steps(self) -> DueSteps: ...


# A handler makes one step in the caller's unit of work and returns the users
# whose inboxes it wrote to (to wake their streams once committed).
Handler = Callable[[Any, DueStep, datetime], tuple[str, ...]]


def latest(due: Sequence[T], time_of: Callable[[T], datetime]) -> T | None:
    """Of a series' steps whose time has come, the one to make: the latest
    (the earlier ones are superseded by it)."""
    return max(due, key=time_of, default=None)


def owed(pending: Sequence[DueStep]) -> list[DueStep]:
    """The step each series owes now, given its due pending steps."""
    series: dict[tuple[str, str], list[DueStep]] = {}
    for step in pending:
        series.setdefault((step.subject, step.kind), []).append(step)
    found = [latest(steps, lambda s: s.due_time) for steps in series.values()]
    return sorted((step for step in found if step is not None), key=lambda s: s.due_time)


@dataclass(frozen=True)
class Made:
    step: DueStep
    superseded: int
    notified: tuple[str, ...]


def make_next(
    uow: SchedulerUnitOfWork,
    *,
    now: datetime,
    handlers: Mapping[str, Handler],
    made_by: str,
) -> Made | None:
    """Claims the next due series and makes the step it owes; None when no step is due."""
    due = uow.due_steps.claim_next(now, sorted(handlers))
    step = latest(due, lambda s: s.due_time)
    if step is None:
        return None
    notified = handlers[step.kind](uow, step, now)
    uow.due_steps.finish(due, made=step, now=now, made_by=made_by)
    return Made(step, len(due) - 1, notified)


def owed_now(
    uow: SchedulerUnitOfWork, *, now: datetime, kinds: Sequence[str]
) -> list[tuple[str, str]]:
    """(subject, step) of every step the scheduler would make at ``now``."""
    return [(step.subject, step.step) for step in owed(uow.due_steps.pending(now, kinds))]


async def run_once(
    transactions: Transactions[Any],
    *,
    now: datetime,
    handlers: Mapping[str, Handler],
    made_by: str,
    committed: Callable[[tuple[str, ...]], None],
    limit: int = 1000,
) -> int:
    """Makes the steps due at ``now``, each in its own transaction. Returns how many."""
    count = 0
    while count < limit:
        made = await transactions.write(
            functools.partial(make_next, now=now, handlers=handlers, made_by=made_by)
        )
        if made is None:
            break
        count += 1
        log.info(
            "due step made",
            kind=made.step.kind,
            subject=made.step.subject,
            step=made.step.step,
            superseded=made.superseded,
            pushes=len(made.notified),
        )
        if made.notified:
            committed(made.notified)
    return count


async def run_forever(
    transactions: Transactions[Any],
    *,
    interval_seconds: float,
    handlers: Mapping[str, Handler],
    made_by: str,
    committed: Callable[[tuple[str, ...]], None],
    clock: Callable[[], datetime],
) -> None:
    """The loop ``serve`` runs: one round every ``interval_seconds``."""
    while True:
        try:
            await run_once(
                transactions,
                now=clock(),
                handlers=handlers,
                made_by=made_by,
                committed=committed,
            )
        except asyncio.CancelledError:
            raise
        except Exception:
            # The next round retries; a database outage must not end the loop.
            log.warning("due steps not made; retrying next round", exc_info=True)
        await asyncio.sleep(interval_seconds)
