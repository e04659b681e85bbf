"""One notice to every officer of the full synthetic city (16,000 recipients),
from the PublishNotice call until every inbox row is committed and every push
is confirmed by the broker and marked sent, on SQLite and on PostgreSQL; beside
the fastest raw pika publish of the same messages (same bodies, same exchange,
same routing keys, persistent, publisher confirms pipelined with a window of
1,000) in the same run. Then the province size (160,000 recipients: every
officer of the city ten times over) on PostgreSQL, with the peak memory of the
serving process (server and relay, in a process of its own; its baseline is the
same process's peak for the city).

    AMQP_URL=amqp://guest:guest@127.0.0.1:5672/%2F \\
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test \\
    python -m tests.bench.bench_policy_push [--rounds 2] [--skip-province]

The pushes land in a scratch queue bound to officer.push with user.# (as a push
gateway's would), purged between runs; scratch databases are created and dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import grpc
import pika
import sqlalchemy as sa
from officer.v1 import policy_service_pb2, policy_service_pb2_grpc
from pika.adapters.select_connection import SelectConnection
from sqlalchemy.engine import Engine

from adapters.registry_messages import to_records
from adapters.relay import OutboxRelay
from adapters.topology import connection_parameters, declare_on_broker
from contracts import consumed, topology
from service.devtools.synthetic_city import CITY_CODE, city_messages
from service.platform.identity import issue_token
from service.platform.mirror import MirrorWriter
from service.platform.server import start_server
from service.platform.settings import Settings
from service.platform.store import database, schema
from service.registry.rules import RegistryBatch
from tests.bench.scratch import scratch_postgres

AMQP_URL = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
ROOT = Path(__file__).resolve().parents[2]
GATEWAY_QUEUE = "bench.push-gateway"
WINDOW = 1000


def _city_bodies(copies: int) -> list[bytes]:
    """The full city; with ``copies`` > 1 every officer appears that many times
    (ids suffixed), serving the same grids: a province-sized fan-out."""
    bodies = []
    for body in city_messages("full"):
        document = json.loads(body)
        if document["schema"] == "user.upserted.v1" and document.get("officer") and copies > 1:
            for copy in range(copies):
                clone = dict(document, user_id=f"{document['user_id']}-{copy}")
                clone["message_id"] = f"{document['message_id']}-{copy}"
                bodies.append(json.dumps(clone, ensure_ascii=False).encode())
        else:
            bodies.append(body)
    return bodies


def _load(engine: Engine, bodies: list[bytes]) -> int:
    writer = MirrorWriter(engine)
    now = datetime.now(UTC)
    for start in range(0, len(bodies), 2000):
        batch = RegistryBatch()
        for body in bodies[start : start + 2000]:
            batch.extend(to_records(consumed.decode_consumed(body)))
        writer.apply(batch, now)
    with engine.connect() as connection:
        officers: int = connection.execute(
            sa.text("SELECT count(DISTINCT user_id) FROM role_binding WHERE role = 'officer'")
        ).scalar_one()
    return officers


def _gateway_queue() -> None:
    connection = pika.BlockingConnection(connection_parameters(AMQP_URL))
    channel = connection.channel()
    channel.queue_declare(GATEWAY_QUEUE, durable=True, arguments={"x-queue-type": "classic"})
    channel.queue_bind(GATEWAY_QUEUE, topology.PUSH.name, "user.#")
    channel.queue_purge(GATEWAY_QUEUE)
    connection.close()


async def _publish_and_wait(engine: Engine, database_url: str) -> tuple[float, float, int]:
    """Seconds from the call until it returned (everything committed) and until
    the outbox is all confirmed and marked sent; and the recipients."""
    settings = Settings(listen="127.0.0.1:0", database_url=database_url, amqp_url=AMQP_URL)
    relay = OutboxRelay(AMQP_URL, engine)
    relay_thread = threading.Thread(target=relay.run, daemon=True)
    relay_thread.start()
    # The relay's counters live on its thread: poll them (leading before timing).
    while not relay.stats.leading:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    server = await start_server(settings, engine, outbox_wake=relay.wake)
    token = issue_token(settings, "admin-city")
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            policy = policy_service_pb2_grpc.PolicyServiceStub(channel)  # type: ignore[no-untyped-call]
            request = policy_service_pb2.PublishNoticeRequest(
                notice=policy_service_pb2.Notice(
                    title="关于做好五一期间矛盾纠纷排查化解工作的通知",
                    body="请各政法网格员于4月30日前完成所在网格矛盾纠纷排查。",
                    kind=policy_service_pb2.NOTICE_KIND_NOTICE,
                    audience=policy_service_pb2.Audience(scope_nodes=[f"scopeNodes/{CITY_CODE}"]),
                )
            )
            started = time.perf_counter()
            response = await policy.PublishNotice(
                request, timeout=600, metadata=(("authorization", f"Bearer {token}"),)
            )
            recipients = response.notice.recipient_count
            committed = time.perf_counter() - started
            while relay.stats.marked_sent < recipients:  # noqa: ASYNC110
                await asyncio.sleep(0.005)
            elapsed = time.perf_counter() - started
    finally:
        await server.stop(1)
        relay.stop()
        relay_thread.join(30)
    check_all_sent(engine, "pushes")
    return committed, elapsed, recipients


def check_all_sent(engine: Engine, what: str) -> None:
    """A figure counts only when the relay left nothing behind."""
    with engine.connect() as connection:
        unsent = connection.execute(
            sa.text("SELECT count(*) FROM outbox WHERE sent_time IS NULL")
        ).scalar_one()
    if unsent:
        raise RuntimeError(f"{unsent} {what} left unsent")


def _outbox_messages(engine: Engine) -> list[tuple[str, str, bytes]]:
    with engine.connect() as connection:
        return [
            (routing_key, message_id, bytes(body))
            for routing_key, message_id, body in connection.execute(
                sa.text("SELECT routing_key, message_id, body FROM outbox ORDER BY seq")
            )
        ]


def _raw_publish(rows: list[tuple[str, str, bytes]]) -> float:
    """pika's asynchronous connection, confirms pipelined: the fastest raw path.
    A row whose routing key names a domain event goes to the events exchange."""
    state = {"sent": 0, "confirmed": 0}
    unconfirmed: set[int] = set()
    started = [0.0]

    def on_open(connection: SelectConnection) -> None:
        connection.channel(on_open_callback=on_channel)

    def on_channel(channel: pika.channel.Channel) -> None:
        channel.confirm_delivery(lambda frame: on_confirm(channel, frame))
        started[0] = time.perf_counter()
        publish_more(channel)

    def publish_more(channel: pika.channel.Channel) -> None:
        while state["sent"] < len(rows) and len(unconfirmed) < WINDOW:
            routing_key, message_id, body = rows[state["sent"]]
            event = not routing_key.startswith(("user.", "grid."))
            channel.basic_publish(
                topology.EVENTS.name if event else topology.PUSH.name,
                routing_key,
                body,
                pika.BasicProperties(
                    message_id=message_id,
                    type="domain.event.v1" if event else "terminal.push.v1",
                    content_type="application/json",
                    delivery_mode=2,
                ),
            )
            state["sent"] += 1
            unconfirmed.add(state["sent"])

    def on_confirm(channel: pika.channel.Channel, frame: pika.frame.Method) -> None:
        # Confirms may come out of order (an unroutable message is confirmed at
        # once, a routed one once its queue has it): settle by tag, not by count.
        tag = frame.method.delivery_tag
        settled = {t for t in unconfirmed if t <= tag} if frame.method.multiple else {tag}
        unconfirmed.difference_update(settled)
        state["confirmed"] += len(settled)
        if state["confirmed"] >= len(rows):
            started.append(time.perf_counter())
            channel.connection.close()
        else:
            publish_more(channel)

    def on_close(closed: SelectConnection, _reason: Exception) -> None:
        closed.ioloop.stop()

    connection = SelectConnection(
        connection_parameters(AMQP_URL), on_open_callback=on_open, on_close_callback=on_close
    )
    connection.ioloop.start()
    if len(started) < 2:
        raise RuntimeError("the raw publisher's connection closed early")
    return len(rows) / (started[1] - started[0])


@contextmanager
def _database(kind: str) -> Iterator[str]:
    if kind == "postgresql":
        with scratch_postgres(DATABASE_URL) as url:
            yield url
    else:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.sqlite3"


def _measure(url: str) -> None:
    """In a fresh process: serve, relay, publish, and report on stdout the time,
    the recipients and the process's peak memory (what a replica needs)."""
    engine = database.create_engine(url, pool_size=8)
    committed, elapsed, recipients = asyncio.run(_publish_and_wait(engine, url))
    engine.dispose()
    print(
        json.dumps(
            {
                "committed": committed,
                "elapsed": elapsed,
                "recipients": recipients,
                "peak_mib": _peak_mib(),
            }
        )
    )


def _peak_mib() -> float:
    """The process's high-water resident set. Not ru_maxrss: Linux carries that
    over from the parent through fork and exec, so a child of a big parent would
    report the parent's size."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _run(kind: str, bodies: list[bytes]) -> tuple[float, float, int, float]:
    """(our recipients/s, raw msg/s, recipients, peak MiB) for one fan-out."""
    with _database(kind) as url:
        engine = database.create_engine(url, pool_size=8)
        schema.migrate(engine)
        _load(engine, bodies)
        _gateway_queue()
        measured = subprocess.run(
            [sys.executable, "-m", "tests.bench.bench_policy_push", "--measure", url],
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        result = json.loads(measured.stdout.strip().splitlines()[-1])
        rows = _outbox_messages(engine)
        engine.dispose()
    _gateway_queue()
    raw = _raw_publish(rows)
    _gateway_queue()
    recipients = int(result["recipients"])
    print(
        f"  {kind}: {recipients} recipients committed in {result['committed']:.2f} s, "
        f"all confirmed and marked sent after {result['elapsed']:.2f} s"
    )
    return recipients / result["elapsed"], raw, recipients, result["peak_mib"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="best of this many runs")
    parser.add_argument("--skip-province", action="store_true")
    parser.add_argument("--measure", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _measure(args.measure)
        return
    declare_on_broker(AMQP_URL)
    city = _city_bodies(1)
    lines = []
    for kind in ("sqlite", "postgresql"):
        runs = [_run(kind, city) for _ in range(args.rounds)]
        ours, raw, recipients, peak = max(runs, key=lambda run: run[0] / run[1])
        print(
            f"{kind}: {recipients} recipients, {ours:8.0f}/s; raw pika {raw:8.0f} msg/s; "
            f"peak RSS of the serving process {peak:.0f} MiB"
        )
        lines.append(
            f"BENCH name=policy_push_city_{kind} value={ours:.0f} unit=recipients/s "
            f"baseline={raw:.0f} ratio={ours / raw:.2f}"
        )
    if not args.skip_province:
        ours, raw, recipients, peak = _run("postgresql", _city_bodies(10))
        _, _, _, city_peak = _run("postgresql", city)
        print(
            f"province on postgresql: {recipients} recipients, {ours:8.0f}/s; raw {raw:8.0f} "
            f"msg/s; peak RSS of the serving process {peak:.0f} MiB (city: {city_peak:.0f} MiB)"
        )
        lines.append(
            f"BENCH name=policy_push_province_postgresql value={ours:.0f} unit=recipients/s "
            f"baseline={raw:.0f} ratio={ours / raw:.2f}"
        )
        lines.append(
            f"BENCH name=policy_push_province_peak_rss value={peak:.0f} unit=MiB "
            f"baseline={city_peak:.0f} ratio={peak / city_peak:.2f}"
        )
    for line in lines:
        print(line)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
