"""A supervision sweep over 10,000 open suggestions of the full synthetic city
whose sign-for deadline has just passed: the scheduler urges (催办) each one's
department, from the sweep's start until every push and every domain event it
made is confirmed by the broker and marked sent, on SQLite and on PostgreSQL;
beside the fastest raw pika publish of the same messages (same bodies and
routing keys, persistent, publisher confirms pipelined) in the same run.

    AMQP_URL=amqp://guest:guest@127.0.0.1:5672/%2F \\
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test \\
    python -m tests.bench.bench_suggestion_supervision [--suggestions 10000] [--rounds 1]

The suggestions, one department per district (one handler each) and their due
steps are loaded in bulk, as dispatch would have left them.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import threading
import time
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from adapters.relay import OutboxRelay
from adapters.topology import declare_on_broker
from service.kernel import scheduler
from service.kernel.ids import new_ids
from service.platform.scheduling import due_step_handlers, task_timing
from service.platform.settings import Settings
from service.platform.store import bulk, database, schema
from service.platform.transactions import SqlTransactions
from service.suggestions import rules
from tests.bench.bench_policy_push import (
    AMQP_URL,
    _city_bodies,
    _database,
    _gateway_queue,
    _load,
    _outbox_messages,
    _raw_publish,
    check_all_sent,
)

_SUGGESTION_COLUMNS = (
    "suggestion_id",
    "submitter",
    "grid",
    "category",
    "urgency",
    "title",
    "body",
    "attachments",
    "state",
    "department",
    "create_time",
    "update_time",
    "dispatch_time",
    "sign_due_time",
    "close_due_time",
    "answer",
    "rating_comment",
    "return_count",
    "reopened",
    "extended_days",
)


def _load_suggestions(engine: Engine, count: int, dispatched: datetime) -> datetime:
    """``count`` dispatched suggestions of the city's officers, each district's
    with its department; returns their sign-for deadline."""
    rng = random.Random(2026)
    sign_due = dispatched + timedelta(days=1)
    close_due = dispatched + timedelta(days=7)
    with engine.connect() as connection:
        served = connection.execute(
            sa.text(
                "SELECT user_id, scope_node FROM role_binding WHERE role = 'officer' ORDER BY 1, 2"
            )
        ).all()
    handler_of: dict[str, str] = {}
    for user, grid in served:
        handler_of.setdefault(grid[:6], user)
    rows = []
    steps = []
    ids = new_ids(dispatched, count)
    step_ids = iter(new_ids(dispatched, 4 * count))
    for suggestion_id in ids:
        submitter, grid = served[rng.randrange(len(served))]
        rows.append(
            (
                suggestion_id,
                submitter,
                grid,
                "legal",
                "normal",
                "建议在社区设立法律援助工作站",
                "辖区老年人多，法律咨询需求大，建议每周固定时间坐班。",
                "[]",
                "dispatched",
                f"bench-{grid[:6]}",
                dispatched,
                dispatched,
                dispatched,
                sign_due,
                close_due,
                "",
                "",
                0,
                False,
                0,
            )
        )
        subject = f"suggestions/{suggestion_id}"
        for kind, step, due in (
            (rules.URGE, "sign", sign_due),
            (rules.URGE, "close", close_due),
            (rules.SUPERVISE, "sign", sign_due + timedelta(days=7)),
            (rules.SUPERVISE, "close", close_due + timedelta(days=7)),
        ):
            steps.append((next(step_ids), kind, subject, step, due, dispatched))
    with engine.begin() as connection:
        bulk.insert_rows(
            connection,
            "department",
            (
                "department_id",
                "display_name",
                "scope_node",
                "sign_working_days",
                "urgent_sign_working_hours",
                "close_working_days",
                "urgent_close_working_days",
                "create_time",
                "update_time",
            ),
            [
                (f"bench-{district}", "区司法局", district, 0, 0, 0, 0, dispatched, dispatched)
                for district in sorted(handler_of)
            ],
        )
        bulk.insert_rows(
            connection,
            "department_handler",
            ("department_id", "user_id"),
            [(f"bench-{district}", user) for district, user in sorted(handler_of.items())],
        )
        for start in range(0, count, 5000):
            bulk.insert_rows(
                connection, "suggestion", _SUGGESTION_COLUMNS, rows[start : start + 5000]
            )
        for start in range(0, len(steps), 5000):
            bulk.insert_rows(
                connection,
                "due_step",
                ("step_id", "kind", "subject", "step", "due_time", "create_time"),
                steps[start : start + 5000],
            )
    return sign_due


async def _sweep(engine: Engine, at: datetime, owed: int, messages: int) -> tuple[float, float]:
    """Seconds from the sweep's start until it committed, and until every
    message it made is confirmed and marked sent."""
    relay = OutboxRelay(AMQP_URL, engine)
    relay_thread = threading.Thread(target=relay.run, daemon=True)
    relay_thread.start()
    while not relay.stats.leading:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    settings = Settings(amqp_url=AMQP_URL)
    handlers = due_step_handlers(via_broker=True, task_timing=task_timing(settings))
    try:
        started = time.perf_counter()
        made = await scheduler.run_once(
            SqlTransactions(engine),
            now=at,
            handlers=handlers,
            made_by="bench",
            committed=lambda _users: relay.wake(),
        )
        committed = time.perf_counter() - started
        if made != owed:
            raise RuntimeError(f"the sweep made {made} steps, not {owed}")
        while relay.stats.marked_sent < messages:  # noqa: ASYNC110
            await asyncio.sleep(0.005)
        elapsed = time.perf_counter() - started
    finally:
        relay.stop()
        relay_thread.join(30)
    return committed, elapsed


def _run(kind: str, count: int) -> tuple[float, float, int]:
    """(our urges/s, raw msg/s, messages) for one sweep."""
    with _database(kind) as url:
        engine = database.create_engine(url, pool_size=8)
        schema.migrate(engine)
        _load(engine, _city_bodies(1))
        dispatched = datetime.now(UTC) - timedelta(days=2)
        sign_due = _load_suggestions(engine, count, dispatched)
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(sa.text("VACUUM ANALYZE"))
        _gateway_queue()
        # Each urge pushes to its department's one handler and tells the host.
        messages = 2 * count
        committed, elapsed = asyncio.run(
            _sweep(engine, sign_due + timedelta(minutes=1), count, messages)
        )
        check_all_sent(engine, "urges")
        rows = _outbox_messages(engine)
        engine.dispose()
    if len(rows) != messages:
        raise RuntimeError(f"{len(rows)} messages in the outbox, not {messages}")
    _gateway_queue()
    raw = _raw_publish(rows)
    _gateway_queue()
    print(
        f"  {kind}: {count} urges ({messages} messages) made and committed in "
        f"{committed:.2f} s, all confirmed and marked sent after {elapsed:.2f} s"
    )
    return count / elapsed, raw / 2, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suggestions", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=1, help="best of this many runs")
    args = parser.parse_args()
    declare_on_broker(AMQP_URL)
    lines = []
    for kind in ("sqlite", "postgresql"):
        runs = [_run(kind, args.suggestions) for _ in range(args.rounds)]
        ours, raw, count = max(runs, key=lambda run: run[0] / run[1])
        print(f"{kind}: {count} urges, {ours:8.0f}/s; raw pika {raw:8.0f} urges' messages/s")
        lines.append(
            f"BENCH name=suggestion_supervision_sweep_{kind} value={ours:.0f} unit=urges/s "
            f"baseline={raw:.0f} ratio={ours / raw:.2f}"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
