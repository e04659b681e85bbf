"""A scheduler sweep that owes a key-task reminder to each of the 16,000 officers
of the full synthetic city (one P2 task each, unacknowledged an hour on), from
the sweep's start until every reminder is committed, confirmed by the broker and
marked sent, on SQLite and on PostgreSQL; beside the fastest raw pika publish of
the same messages (same bodies, exchange and routing keys, persistent, publisher
confirms pipelined with a window of 1,000) in the same run.

    AMQP_URL=amqp://guest:guest@127.0.0.1:5672/%2F \\
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test \\
    python -m tests.bench.bench_task_reminders [--rounds 2]

The tasks are made through CreateTask (one call to the whole city); their
alerts are marked sent before the sweep, so that only the reminders travel.
Escalation is set far off and quiet hours off, so the sweep owes reminders alone.
"""

from __future__ import annotations

import argparse
import asyncio
import threading
import time
from datetime import UTC, datetime, timedelta

import grpc
import sqlalchemy as sa
from google.protobuf import timestamp_pb2
from officer.v1 import task_service_pb2, task_service_pb2_grpc
from sqlalchemy.engine import Engine

from adapters.relay import OutboxRelay
from adapters.topology import declare_on_broker
from service.devtools.synthetic_city import CITY_CODE
from service.kernel import scheduler
from service.platform.identity import issue_token
from service.platform.scheduling import due_step_handlers, task_timing
from service.platform.server import start_server
from service.platform.settings import Settings
from service.platform.store import database, schema
from service.platform.transactions import SqlTransactions
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

FAR = 7 * 24 * 60  # minutes: no escalation during the bench


def _settings(url: str) -> Settings:
    return Settings(
        listen="127.0.0.1:0",
        database_url=url,
        amqp_url=AMQP_URL,
        notice_step_interval_seconds=3600,  # the bench makes the sweep itself
        task_ack_timeout_minutes={"p1": FAR, "p2": FAR, "p3": FAR, "p4": FAR},
        task_quiet_hours="",
        task_working_days_only=False,
    )


async def _create_for_the_city(engine: Engine, settings: Settings) -> tuple[datetime, int]:
    """One P2 task to every officer of the city; (when, how many)."""
    server = await start_server(settings, engine)
    token = issue_token(settings, "admin-city")
    due = timestamp_pb2.Timestamp()
    created = datetime.now(UTC)
    due.FromDatetime(created + timedelta(days=3))
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            tasks = task_service_pb2_grpc.TaskServiceStub(channel)  # type: ignore[no-untyped-call]
            response = await tasks.CreateTask(
                task_service_pb2.CreateTaskRequest(
                    task=task_service_pb2.Task(
                        title="节前矛盾纠纷排查",
                        description="请于三日内完成所在网格矛盾纠纷排查并反馈。",
                        kind=task_service_pb2.TASK_KIND_DISPUTE_HOT_SPOT,
                        priority=task_service_pb2.TASK_PRIORITY_P2,
                        due_time=due,
                    ),
                    targets=task_service_pb2.TaskTargets(scope_nodes=[f"scopeNodes/{CITY_CODE}"]),
                ),
                timeout=600,
                metadata=(("authorization", f"Bearer {token}"),),
            )
    finally:
        await server.stop(1)
    with engine.begin() as connection:
        # The alerts went out long ago: only the sweep's reminders travel now.
        connection.execute(sa.text("UPDATE outbox SET sent_time = create_time"))
    return created, int(response.task_count)


async def _sweep(
    engine: Engine, settings: Settings, at: datetime, owed: int
) -> tuple[float, float]:
    """Seconds from the sweep's start until it committed, and until every
    reminder is confirmed and marked sent."""
    relay = OutboxRelay(AMQP_URL, engine)
    relay_thread = threading.Thread(target=relay.run, daemon=True)
    relay_thread.start()
    while not relay.stats.leading:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    transactions = SqlTransactions(engine)
    handlers = due_step_handlers(via_broker=True, task_timing=task_timing(settings))
    try:
        started = time.perf_counter()
        made = await scheduler.run_once(
            transactions,
            now=at,
            handlers=handlers,
            made_by="bench",
            committed=lambda _users: relay.wake(),
        )
        committed = time.perf_counter() - started
        if made != owed:
            raise RuntimeError(f"the sweep made {made} steps, not {owed}")
        while relay.stats.marked_sent < owed:  # noqa: ASYNC110
            await asyncio.sleep(0.005)
        elapsed = time.perf_counter() - started
    finally:
        relay.stop()
        relay_thread.join(30)
    return committed, elapsed


def _run(kind: str) -> tuple[float, float, int]:
    """(our reminders/s, raw msg/s, reminders) for one sweep."""
    with _database(kind) as url:
        engine = database.create_engine(url, pool_size=8)
        schema.migrate(engine)
        _load(engine, _city_bodies(1))
        settings = _settings(url)
        created, count = asyncio.run(_create_for_the_city(engine, settings))
        _gateway_queue()
        at = created + timedelta(hours=1, seconds=1)
        committed, elapsed = asyncio.run(_sweep(engine, settings, at, count))
        check_all_sent(engine, "reminders")
        rows = _outbox_messages(engine)[-count:]
        engine.dispose()
    _gateway_queue()
    raw = _raw_publish(rows)
    _gateway_queue()
    print(
        f"  {kind}: {count} reminders made and committed in {committed:.2f} s, "
        f"all confirmed and marked sent after {elapsed:.2f} s"
    )
    return count / elapsed, raw, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="best of this many runs")
    args = parser.parse_args()
    declare_on_broker(AMQP_URL)
    lines = []
    for kind in ("sqlite", "postgresql"):
        runs = [_run(kind) for _ in range(args.rounds)]
        ours, raw, count = max(runs, key=lambda run: run[0] / run[1])
        print(f"{kind}: {count} reminders, {ours:8.0f}/s; raw pika {raw:8.0f} msg/s")
        lines.append(
            f"BENCH name=task_reminder_sweep_{kind} value={ours:.0f} unit=reminders/s "
            f"baseline={raw:.0f} ratio={ours / raw:.2f}"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
