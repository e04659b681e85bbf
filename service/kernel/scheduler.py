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
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

import structlog

from service.kernel.ports import Transactions

log = structlog.get_logger(__name__)

# Series made in one transaction: the commit (and on SQLite its sync) is paid
# once for them all, while a transaction stays short enough not to hold back
# the requests waiting for the write lock.
BATCH = 500

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

    def claim_due(self, now: datetime, kinds: Sequence[str], limit: int) -> list[list[DueStep]]:
        """Locks up to ``limit`` series (of ``kinds``) whose first pending step
        is due by ``now`` and that no other transaction holds, due first, at
        most one series of a subject; returns each one's pending steps due by
        ``now``, oldest first; [] when none is due."""
        ...

    def finish(
        self, claims: Sequence[tuple[Sequence[DueStep], DueStep]], *, now: datetime, made_by: str
    ) -> None:
        """For each (due steps of a series, the one made): that one is done,
        the others superseded."""
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


@dataclass(frozen=True)
class Batched:
    """A handler that makes many steps of its kind with a few statements (a
    morning's reminders to a city are 16,000): given the steps, in subject
    order, it returns whose inboxes each one wrote to, by step id."""

    make_all: Callable[[Any, Sequence[DueStep], datetime], Mapping[str, tuple[str, ...]]]

    def __call__(self, uow: Any, step: DueStep, now: datetime) -> tuple[str, ...]:
        return self.make_all(uow, [step], now).get(step.step_id, ())


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


def make_due(
    uow: SchedulerUnitOfWork,
    *,
    now: datetime,
    handlers: Mapping[str, Handler],
    made_by: str,
    limit: int = BATCH,
) -> list[Made]:
    """Claims up to ``limit`` due series and makes the step each owes, all in
    the caller's one transaction: a batch commits whole or not at all. Steps
    are made in subject order, so that the rows handlers lock are locked in
    one order by every replica (no deadlock between them); a run of steps of
    one kind goes to its ``Batched`` handler at once."""
    claims = []
    for due in uow.due_steps.claim_due(now, sorted(handlers), limit):
        step = latest(due, lambda s: s.due_time)
        if step is not None:
            claims.append((due, step))
    claims.sort(key=lambda claim: claim[1].subject)
    notified: dict[str, tuple[str, ...]] = {}
    start = 0
    while start < len(claims):
        kind = claims[start][1].kind
        handler = handlers[kind]
        end = start + 1
        if isinstance(handler, Batched):
            while end < len(claims) and claims[end][1].kind == kind:
                end += 1
            notified.update(handler.make_all(uow, [step for _, step in claims[start:end]], now))
        else:
            step = claims[start][1]
            notified[step.step_id] = handler(uow, step, now)
        start = end
    uow.due_steps.finish(claims, now=now, made_by=made_by)
    return [Made(step, len(due) - 1, notified.get(step.step_id, ())) for due, step in claims]


def make_next(
    uow: SchedulerUnitOfWork,
    *,
    now: datetime,
    handlers: Mapping[str, Handler],
    made_by: str,
) -> Made | None:
    """Makes the step the next due series owes; None when no step is due."""
    made = make_due(uow, now=now, handlers=handlers, made_by=made_by, limit=1)
    return made[0] if made else None


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
    batch: int = BATCH,
) -> int:
    """Makes every step due at ``now``, ``batch`` series to a transaction.
    Returns how many were made."""
    count = 0
    while True:
        made = await transactions.write(
            functools.partial(make_due, now=now, handlers=handlers, made_by=made_by, limit=batch)
        )
        if not made:
            return count
        count += len(made)
        kinds = Counter(m.step.kind for m in made)
        log.info(
            "due steps made",
            steps=len(made),
            kinds=dict(kinds),
            superseded=sum(m.superseded for m in made),
            pushes=sum(len(m.notified) for m in made),
        )
        notified = tuple(user for m in made for user in m.notified)
        if notified:
            committed(notified)


async def run_forever(
    transactions: Transactions[Any],
    *,
    interval_seconds: float,
    handlers: Mapping[str, Handler],
    made_by: str,
    committed: Callable[[tuple[str, ...]], None],
    clock: Callable[[], datetime],
    after_round: Callable[[], None] = lambda: None,
) -> None:
    """The loop ``serve`` runs: one round every ``interval_seconds``;
    ``after_round`` is told when each has ended, made or failed."""
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
        after_round()
        await asyncio.sleep(interval_seconds)
