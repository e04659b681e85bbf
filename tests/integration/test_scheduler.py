"""The one scheduler (kernel/scheduler.py) on both databases: replicas racing for
due steps make each exactly once; a series whose steps fell due while nobody ran
makes its latest once; the migration carries the old notice_step records."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import Engine

from service.kernel import scheduler
from service.kernel.pushes import Outgoing
from service.kernel.scheduler import DueStep, PlannedStep
from service.platform.store import schema
from service.platform.store.tables import DUE_STEP, OUTBOX
from service.platform.transactions import SqlTransactions

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
KIND = "test.count"


def _record(uow: Any, step: DueStep, now: datetime) -> tuple[str, ...]:
    """A handler whose effect commits with the step: one outbox row per step made."""
    uow.outbox.append([Outgoing(f"made-{step.step_id}", "x", step.subject, step.step, b"{}")], now)
    return (step.subject,)


HANDLERS = {KIND: _record}


def _schedule(engine: Engine, steps: list[PlannedStep]) -> None:
    SqlTransactions(engine).run_now(lambda uow: uow.due_steps.schedule(steps, NOW))


def _replica(engine: Engine, name: str, made: list[str], start: threading.Barrier) -> None:
    transactions = SqlTransactions(engine)
    start.wait()
    while True:
        step = transactions.run_now(
            lambda uow: scheduler.make_next(uow, now=NOW, handlers=HANDLERS, made_by=name)
        )
        if step is None:
            return
        made.append(step.step.subject)


def test_replicas_racing_for_due_steps_make_each_exactly_once(migrated_engine: Engine) -> None:
    subjects = [f"things/{n:03d}" for n in range(60)]
    _schedule(
        migrated_engine,
        [PlannedStep(KIND, subject, "once", NOW - timedelta(minutes=1)) for subject in subjects],
    )
    made: list[str] = []
    replicas = 4
    start = threading.Barrier(replicas)
    threads = [
        threading.Thread(target=_replica, args=(migrated_engine, f"replica-{n}", made, start))
        for n in range(replicas)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    with migrated_engine.connect() as connection:
        effects = Counter(connection.execute(sa.select(OUTBOX.c.routing_key)).scalars())
        outcomes = Counter(connection.execute(sa.select(DUE_STEP.c.outcome)).scalars())
    assert effects == dict.fromkeys(subjects, 1)
    assert sorted(made) == subjects
    assert outcomes == {"made": len(subjects)}


def _cancels_its_sibling(uow: Any, step: DueStep, now: datetime) -> tuple[str, ...]:
    """As a task's deadline does to its escalation: cancel the subject's other
    series and plan it afresh."""
    uow.due_steps.cancel(step.subject, "test.sibling", now)
    uow.due_steps.schedule([PlannedStep("test.sibling", step.subject, "afresh", now)], now)
    return _record(uow, step, now)


def _sweep_in_batches(engine: Engine, sweepers: int) -> tuple[Counter[Any], Counter[Any], int]:
    """450 subjects, each with a step whose handler cancels its sibling series
    and plans it afresh, and the sibling's stale step due a minute later;
    ``sweepers`` replicas sweep them at once, 40 series to a batch. Returns the
    effects (subject, step), the outcomes (step, outcome) and how many were made."""
    handlers = {KIND: _cancels_its_sibling, "test.sibling": _record}
    subjects = [f"things/{n:04d}" for n in range(450)]
    _schedule(
        engine,
        [PlannedStep(KIND, subject, "once", NOW - timedelta(minutes=2)) for subject in subjects]
        + [
            PlannedStep("test.sibling", subject, "stale", NOW - timedelta(minutes=1))
            for subject in subjects
        ],
    )
    counts: list[int] = []
    start = threading.Barrier(sweepers)

    def sweep(name: str) -> None:
        start.wait()
        made = scheduler.run_once(
            SqlTransactions(engine),
            now=NOW,
            handlers=handlers,
            made_by=name,
            committed=lambda _: None,
            batch=40,
        )
        counts.append(asyncio.run(made))

    threads = [threading.Thread(target=sweep, args=(f"r{n}",)) for n in range(sweepers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    with engine.connect() as connection:
        effects = Counter(
            connection.execute(sa.select(OUTBOX.c.routing_key, OUTBOX.c.message_type)).all()
        )
        outcomes = Counter(connection.execute(sa.select(DUE_STEP.c.step, DUE_STEP.c.outcome)).all())
    return effects, outcomes, sum(counts)


def test_a_batch_makes_one_series_per_subject_so_a_sibling_is_read_afresh(
    migrated_engine: Engine,
) -> None:
    effects, outcomes, made = _sweep_in_batches(migrated_engine, sweepers=1)
    # In one replica the earlier step is made first and the stale sibling never.
    assert set(effects.values()) == {1}
    assert {step for _, step in effects} == {"once", "afresh"}
    assert outcomes == {("once", "made"): 450, ("stale", "cancelled"): 450, ("afresh", "made"): 450}
    assert made == 900


def test_replicas_sweeping_in_batches_make_each_step_at_most_once_and_leave_none(
    migrated_engine: Engine,
) -> None:
    effects, outcomes, made = _sweep_in_batches(migrated_engine, sweepers=3)
    # Replicas may take a subject's two series in either order (a stale step
    # made before its sibling cancelled it), but never one step twice.
    assert set(effects.values()) == {1}
    assert outcomes[("once", "made")] == 450
    assert outcomes[("afresh", "made")] == 450
    assert outcomes[("stale", "made")] + outcomes[("stale", "cancelled")] == 450
    assert sum(outcomes.values()) == 1350  # none left pending
    assert made == len(effects) == 900 + outcomes[("stale", "made")]


def test_a_series_that_fell_due_while_nobody_ran_makes_its_latest_step_once(
    migrated_engine: Engine,
) -> None:
    hours = [3, 2, 1]
    _schedule(
        migrated_engine,
        [
            PlannedStep(KIND, "things/late", f"reminder-{h}h", NOW - timedelta(hours=h))
            for h in hours
        ]
        + [PlannedStep(KIND, "things/late", "later", NOW + timedelta(hours=1))],
    )
    transactions = SqlTransactions(migrated_engine)
    first = transactions.run_now(
        lambda uow: scheduler.make_next(uow, now=NOW, handlers=HANDLERS, made_by="one")
    )
    again = transactions.run_now(
        lambda uow: scheduler.make_next(uow, now=NOW, handlers=HANDLERS, made_by="two")
    )
    assert first is not None
    assert (first.step.step, first.superseded) == ("reminder-1h", 2)
    assert again is None
    with migrated_engine.connect() as connection:
        rows = dict(connection.execute(sa.select(DUE_STEP.c.step, DUE_STEP.c.outcome)).all())
    assert rows == {
        "reminder-3h": "superseded",
        "reminder-2h": "superseded",
        "reminder-1h": "made",
        "later": None,
    }


def test_the_migration_carries_notice_steps_onto_the_scheduler(engine: Engine) -> None:
    due = datetime.now(UTC) + timedelta(hours=1)
    with engine.begin() as connection:
        command.upgrade(schema._config(connection), "0006")
        for notice_id in ("N1", "N2"):
            connection.execute(
                sa.text(
                    "INSERT INTO notice (notice_id, title, body, kind, attachments, audience, "
                    "acknowledge_due_time, anchor, state, publisher, recipient_count, revision, "
                    "create_time, update_time) VALUES (:id, 't', 'b', 'notice', '[]', '{}', "
                    ":due, '320102', 'published', 'u', 1, 0, :now, :now)"
                ).bindparams(
                    sa.bindparam("due", type_=sa.DateTime(timezone=True)),
                    sa.bindparam("now", type_=sa.DateTime(timezone=True)),
                ),
                {"id": notice_id, "due": due, "now": NOW},
            )
        # N1 was reminded 2 h before (the 24 h reminder fell in a window that passed).
        connection.execute(
            sa.text(
                "INSERT INTO notice_step (notice_id, step, create_time) "
                "VALUES ('N1', 'reminder:7200', :now)"
            ).bindparams(sa.bindparam("now", type_=sa.DateTime(timezone=True))),
            {"now": NOW},
        )
    schema.migrate(engine)
    with engine.connect() as connection:
        rows = {
            (subject, step): outcome
            for subject, step, outcome in connection.execute(
                sa.select(DUE_STEP.c.subject, DUE_STEP.c.step, DUE_STEP.c.outcome)
            )
        }
    assert rows == {
        ("notices/N1", "reminder:86400"): "superseded",
        ("notices/N1", "reminder:7200"): "made",
        ("notices/N1", "escalation"): None,
        ("notices/N2", "reminder:86400"): None,
        ("notices/N2", "reminder:7200"): None,
        ("notices/N2", "escalation"): None,
    }
