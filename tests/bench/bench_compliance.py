"""The full synthetic city (16,000 officers) with half a year of activity
(about 250,000 reports, loaded in bulk), on SQLite and on PostgreSQL:

- the city's half-year report (六.4) made as the city admin: figures, HTML with
  charts, PDF and xlsx (goal ≤ 30 s);
- the monthly reminder sweep (六.1): the scheduler's step on the 20th, from its
  start until every reminder to an officer below the floor is committed,
  confirmed by the broker and marked sent; beside the fastest raw pika publish
  of the same messages in the same run (goal ≥ 0.5 of it).

    AMQP_URL=amqp://guest:guest@127.0.0.1:5672/%2F \\
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test \\
    python -m tests.bench.bench_compliance
"""

from __future__ import annotations

import argparse
import asyncio
import threading
import time
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from adapters.relay import OutboxRelay
from adapters.topology import declare_on_broker
from service.compliance.figures import Parent, Settings
from service.compliance.rules import Month
from service.compliance.use_cases import plan_reminder
from service.devtools.host_sim import load_city
from service.kernel import scheduler
from service.platform.scheduling import due_step_handlers
from service.platform.store import database, schema
from service.platform.transactions import SqlTransactions
from service.reports import render, use_cases
from service.reports.rules import HalfYear
from tests.activity_load import SHANGHAI, load_reports
from tests.bench.bench_policy_push import (
    AMQP_URL,
    _database,
    _gateway_queue,
    _outbox_messages,
    _raw_publish,
    check_all_sent,
)

HALF = HalfYear(2026, 2)
REPORTS = 250_000
SETTINGS = Settings(zone=SHANGHAI)
# The half-year's last instant: six months of work behind it.
END = HALF.months[-1].end(SHANGHAI)


def _report(engine: Engine) -> tuple[float, dict[str, float], dict[str, int]]:
    started = time.perf_counter()
    figures = SqlTransactions(engine).run_now(
        lambda uow: use_cases.half_year(
            uow,
            caller=uow.callers.load("admin-city"),
            parent=Parent(node="320100"),
            half=HALF,
            settings=SETTINGS,
            now=datetime.now(UTC),
        ),
        read_only=True,
    )
    steps = {"figures": time.perf_counter() - started}
    document = render.html(figures, SHANGHAI)
    steps["html"] = time.perf_counter() - started - sum(steps.values())
    pdf = render.pdf(document)
    steps["pdf"] = time.perf_counter() - started - sum(steps.values())
    book = render.xlsx(figures)
    steps["xlsx"] = time.perf_counter() - started - sum(steps.values())
    sizes = {"html": len(document.encode()), "pdf": len(pdf), "xlsx": len(book)}
    return time.perf_counter() - started, steps, sizes


async def _sweep(engine: Engine, at: datetime) -> tuple[float, int]:
    """Seconds from the sweep's start until every reminder is marked sent."""
    relay = OutboxRelay(AMQP_URL, engine)
    relay_thread = threading.Thread(target=relay.run, daemon=True)
    relay_thread.start()
    while not relay.stats.leading:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    transactions = SqlTransactions(engine)
    handlers = due_step_handlers(via_broker=True, compliance=SETTINGS)
    try:
        started = time.perf_counter()
        made = await scheduler.run_once(
            transactions,
            now=at,
            handlers=handlers,
            made_by="bench",
            committed=lambda _u: relay.wake(),
        )
        if made != 1:
            raise RuntimeError(f"the sweep made {made} steps, not the month's one")
        with engine.connect() as connection:
            owed = connection.execute(
                sa.text("SELECT count(*) FROM outbox WHERE sent_time IS NULL")
            ).scalar_one()
        while relay.stats.marked_sent < owed:  # noqa: ASYNC110
            await asyncio.sleep(0.005)
        elapsed = time.perf_counter() - started
    finally:
        relay.stop()
        relay_thread.join(30)
    return elapsed, int(owed)


def _run(kind: str) -> tuple[float, float, float, int]:
    """(report seconds, our reminders/s, raw msg/s, reminders)."""
    with _database(kind) as url:
        engine = database.create_engine(url, pool_size=8)
        schema.migrate(engine)
        load_city(engine, size="full", seed=2020)
        load_reports(engine, REPORTS, end=END, days=183, uneven=True)
        seconds, steps, sizes = _report(engine)
        print(
            f"  {kind}: city report in {seconds:.1f} s ("
            + ", ".join(f"{k} {v:.1f} s" for k, v in steps.items())
            + "); "
            + ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in sizes.items())
        )
        with engine.begin() as connection:
            connection.execute(sa.text("UPDATE outbox SET sent_time = create_time"))
        november = Month(2026, 11)
        SqlTransactions(engine).run_now(
            lambda uow: plan_reminder(uow, november.start(SHANGHAI), SETTINGS)
        )
        _gateway_queue()
        elapsed, count = asyncio.run(_sweep(engine, november.reminder_time(SHANGHAI)))
        check_all_sent(engine, "reminders")
        rows = _outbox_messages(engine)[-count:]
        engine.dispose()
    _gateway_queue()
    raw = _raw_publish(rows)
    _gateway_queue()
    print(f"  {kind}: {count} reminders made, confirmed and marked sent in {elapsed:.2f} s")
    return seconds, count / elapsed, raw, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    declare_on_broker(AMQP_URL)
    lines = []
    for kind in ("sqlite", "postgresql"):
        seconds, ours, raw, count = _run(kind)
        print(
            f"{kind}: report {seconds:.1f} s; {count} reminders {ours:8.0f}/s, "
            f"raw pika {raw:8.0f} msg/s"
        )
        lines.append(
            f"BENCH name=half_year_report_city_seconds_{kind} value={seconds:.1f} unit=s goal=30"
        )
        lines.append(
            f"BENCH name=compliance_sweep_{kind} value={ours:.0f} unit=reminders/s "
            f"baseline={raw:.0f} ratio={ours / raw:.2f}"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
