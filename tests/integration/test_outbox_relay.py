"""The outbox relay on a real broker and a real database: every row published
with its message id and marked sent, one leader at a time, and nothing lost when
the relay is SIGKILLed or the broker restarts.

Each test reads what was published from a queue of its own, bound to
``officer.push`` under a routing-key prefix of its own, so that it sees nothing
of other tests. Fault tests end with the rabbitmq/jepsen counts: lost,
duplicated, recovered, unexpected.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pika
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from adapters.relay import OutboxRelay, RelaySettings, RelayStats
from adapters.topology import connection_parameters, declare_on_broker
from contracts import topology
from service.kernel.pushes import Outgoing
from service.platform.bootstrap import start_outbox_relay
from service.platform.settings import Settings
from service.platform.store import database, outbox, schema
from service.platform.store.tables import INBOX_ITEM, OUTBOX
from tests.private_broker import PrivateBroker, running_broker

ROOT = Path(__file__).resolve().parents[2]
PUSH_TYPE = "terminal.push.v1"


def wait_for(condition: Callable[[], bool], failure: Callable[[], str], timeout: float) -> None:
    """Polls ``condition`` until it holds; fails with ``failure()`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout} s: {failure()}")
        time.sleep(0.005)


@dataclass(frozen=True)
class Received:
    properties: pika.BasicProperties
    body: bytes


class PushQueue:
    """A queue of the test's own on ``officer.push``, bound to a routing-key prefix
    of its own. Exclusive (gone with the test's connection) unless ``durable``,
    for a broker that restarts: a classic queue, since a single-node quorum queue
    of RabbitMQ 3.10 found no leader after a SIGKILL here (its publishes were
    nacked 65 s later, one by one)."""

    def __init__(self, amqp_url: str, *, durable: bool = False) -> None:
        declare_on_broker(amqp_url)
        self.url = amqp_url
        self.prefix = f"relay-test.{uuid.uuid4().hex[:12]}"
        self._connection = pika.BlockingConnection(connection_parameters(amqp_url))
        channel = self._connection.channel()
        if durable:
            self.name = self.prefix
            channel.queue_declare(self.name, durable=True)
        else:
            declared = channel.queue_declare("", exclusive=True, auto_delete=True)
            self.name = declared.method.queue
        channel.queue_bind(self.name, topology.PUSH.name, routing_key=f"{self.prefix}.#")

    def outgoing(self, count: int, *, first: int = 0) -> list[Outgoing]:
        return [
            Outgoing(
                message_id=f"{self.prefix}-{number:06d}",
                exchange=topology.PUSH.name,
                routing_key=f"{self.prefix}.{number}",
                message_type=PUSH_TYPE,
                body=json.dumps({"n": number, "pad": "x" * 500}).encode(),
            )
            for number in range(first, first + count)
        ]

    def drain(self) -> list[Received]:
        """Everything in the queue now. Call it once the relay has marked the rows
        sent: a confirm means the message is in the queue."""
        if not self._connection.is_open:  # the broker restarted: only durable queues remain
            self._connection = pika.BlockingConnection(connection_parameters(self.url))
        channel = self._connection.channel()
        received = []
        for method, properties, body in channel.consume(
            self.name, auto_ack=True, inactivity_timeout=1.0
        ):
            if method is None:  # a quiet second: the queue is empty
                break
            received.append(Received(properties, body))
        channel.cancel()
        channel.close()
        return received

    def close(self) -> None:
        if self._connection.is_open:
            self._connection.close()


@pytest.fixture
def push_queue(amqp_url: str) -> Iterator[PushQueue]:
    queue = PushQueue(amqp_url)
    yield queue
    queue.close()


def append(engine: Engine, messages: list[Outgoing]) -> None:
    with engine.begin() as connection:
        outbox.append(connection, messages, datetime.now(UTC))


def unsent(engine: Engine) -> int:
    with engine.connect() as connection:
        return outbox.unsent_count(connection)


def unsent_ids(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(OUTBOX.c.message_id).where(OUTBOX.c.sent_time.is_(None))
        )
        return {row.message_id for row in rows}


@dataclass(frozen=True)
class Tally:
    """What rabbitmq/jepsen reports, by message id."""

    expected: int
    received: int
    lost: int  # expected and never received
    duplicated: int  # copies beyond the first
    recovered: int  # at risk when the fault came, received all the same
    unexpected: int  # not expected, or not what was written under that id

    def report(self, name: str) -> str:
        line = (
            f"JEPSEN {name}: expected={self.expected} received={self.received} "
            f"lost={self.lost} duplicated={self.duplicated} recovered={self.recovered} "
            f"unexpected={self.unexpected}"
        )
        print(line)
        return line


def tally(
    expected: Mapping[str, bytes], received: list[Received], at_risk: Collection[str] = ()
) -> Tally:
    copies = Counter(message.properties.message_id for message in received)
    wrong = sum(
        1 for message in received if expected.get(message.properties.message_id) != message.body
    )
    return Tally(
        expected=len(expected),
        received=len(received),
        lost=sum(1 for message_id in expected if message_id not in copies),
        duplicated=sum(count - 1 for count in copies.values()),
        recovered=sum(1 for message_id in at_risk if message_id in copies),
        unexpected=wrong,
    )


def bodies(messages: list[Outgoing]) -> dict[str, bytes]:
    return {message.message_id: message.body for message in messages}


class RunningRelay:
    """A relay on a thread of the test, with what it raised."""

    def __init__(self, amqp_url: str, engine: Engine, settings: RelaySettings) -> None:
        self.relay = OutboxRelay(amqp_url, engine, settings=settings)
        self.errors: list[BaseException] = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @property
    def stats(self) -> RelayStats:
        return self.relay.stats

    def _run(self) -> None:
        try:
            self.relay.run()
        except BaseException as exc:
            self.errors.append(exc)

    def wait_until(
        self, condition: Callable[[RelayStats], bool], what: str, timeout: float
    ) -> None:
        def holds() -> bool:
            assert not self.errors, self.errors
            return condition(self.stats)

        wait_for(holds, lambda: f"{what}; relay {self.stats}", timeout)

    def stop(self) -> None:
        self.relay.stop()
        self.thread.join(timeout=30)
        assert not self.thread.is_alive(), "the relay did not stop"
        assert not self.errors, self.errors


@pytest.fixture
def relays(migrated_engine: Engine, amqp_url: str) -> Iterator[Callable[..., RunningRelay]]:
    """Starts relays on the test's database; stops whatever is still running."""
    started: list[RunningRelay] = []

    def start(settings: RelaySettings | None = None, *, url: str = amqp_url) -> RunningRelay:
        running = RunningRelay(url, migrated_engine, settings or RelaySettings())
        started.append(running)
        return running

    yield start
    for running in started:
        running.relay.stop()
        running.thread.join(timeout=30)


def _insert_inbox_items(engine: Engine, item_ids: list[str]) -> None:
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(
            sa.insert(INBOX_ITEM),
            [
                {
                    "item_id": item_id,
                    "user_id": f"u{number:06d}",
                    "kind": "NOTICE",
                    "subject": "notices/n1",
                    "title": "A notice",
                    "summary": "",
                    "acknowledgement_required": False,
                    "hidden": False,
                    "create_time": now,
                    "acknowledge_comment": "",
                }
                for number, item_id in enumerate(item_ids)
            ],
        )


def _count(engine: Engine, table: sa.Table, where: sa.ColumnElement[bool]) -> int:
    with engine.connect() as connection:
        count: int = connection.execute(
            sa.select(sa.func.count()).select_from(table).where(where)
        ).scalar_one()
        return count


def test_every_row_is_published_once_with_its_message_id_and_marked_sent(
    migrated_engine: Engine, push_queue: PushQueue, relays: Callable[..., RunningRelay]
) -> None:
    messages = push_queue.outgoing(2_000)
    # Half of them deliver an inbox item, to be marked delivered with the row.
    item_ids = [f"it{uuid.uuid4().hex[:24]}" for _ in range(1_000)]
    _insert_inbox_items(migrated_engine, item_ids)
    linked = [
        dataclasses.replace(message, inbox_item_id=item_id)
        for message, item_id in zip(messages, item_ids, strict=False)
    ]
    append(migrated_engine, linked + messages[len(item_ids) :])

    running = relays()
    running.wait_until(lambda stats: stats.marked_sent == 2_000, "not all marked sent", 60)
    assert unsent(migrated_engine) == 0
    undelivered = INBOX_ITEM.c.delivered_time.is_(None)
    assert _count(migrated_engine, INBOX_ITEM, undelivered) == 0
    received = push_queue.drain()
    running.stop()

    result = tally(bodies(messages), received)
    result.report("no fault")
    assert (result.lost, result.duplicated, result.unexpected) == (0, 0, 0)
    assert running.stats.published == running.stats.confirmed == 2_000
    with migrated_engine.connect() as connection:
        made = {
            row.message_id: row.create_time
            for row in connection.execute(sa.select(OUTBOX.c.message_id, OUTBOX.c.create_time))
        }
    for message in received:
        properties = message.properties
        assert properties.delivery_mode == 2
        assert properties.content_type == "application/json"
        assert properties.type == PUSH_TYPE
        made_at = made[properties.message_id]
        assert properties.timestamp == int(
            made_at.replace(tzinfo=made_at.tzinfo or UTC).timestamp()
        )


def test_rows_appended_later_are_published_when_the_relay_is_woken(
    migrated_engine: Engine, push_queue: PushQueue, relays: Callable[..., RunningRelay]
) -> None:
    # No poll within the test's patience: only wake() can publish the rows.
    running = relays(RelaySettings(poll_seconds=3_600))
    running.wait_until(lambda stats: stats.connections == 1, "the relay never connected", 30)
    sent: list[Outgoing] = []
    for round_number in range(3):
        batch = push_queue.outgoing(100, first=len(sent))
        append(migrated_engine, batch)
        running.relay.wake()
        sent += batch
        total = len(sent)
        running.wait_until(
            lambda stats: stats.marked_sent == total,  # noqa: B023 (waited for at once)
            f"round {round_number}: rows appended after start not published after wake() "
            "(the poll is an hour away)",
            30,
        )
    result = tally(bodies(sent), push_queue.drain())
    assert (result.lost, result.duplicated, result.unexpected) == (0, 0, 0)
    running.stop()


def test_a_window_smaller_than_a_read_publishes_each_row_once_across_polls(
    migrated_engine: Engine, push_queue: PushQueue, relays: Callable[..., RunningRelay]
) -> None:
    # A read brings more rows than the window has room for (the rest wait for
    # the next fill), and the polls keep sending the cursor back through rows
    # published and not yet marked sent: none may be published twice or left.
    messages = push_queue.outgoing(300)
    append(migrated_engine, messages)
    running = relays(RelaySettings(window=7, poll_seconds=0.05, mark_linger_seconds=0.2))
    running.wait_until(lambda stats: stats.marked_sent == 300, "not all marked sent", 60)
    result = tally(bodies(messages), push_queue.drain())
    assert (result.lost, result.duplicated, result.unexpected) == (0, 0, 0)
    assert running.stats.published == 300
    running.stop()


def test_one_relay_leads_and_the_other_takes_over_when_it_stops(
    migrated_engine: Engine, push_queue: PushQueue, relays: Callable[..., RunningRelay]
) -> None:
    messages = push_queue.outgoing(20_000)
    append(migrated_engine, messages)
    settings = RelaySettings(standby_retry_seconds=0.1)
    first = relays(settings)
    first.wait_until(lambda stats: stats.leading, "the first relay never led", 30)
    second = relays(settings)
    second.wait_until(lambda stats: stats.standing_by, "the second relay never stood by", 30)
    first.wait_until(lambda stats: stats.marked_sent >= 1_000, "the leader published nothing", 60)
    assert second.stats.published == 0, "both relays published at once"

    first.stop()
    # Stopped, the leader waited for its confirms and marked them sent: nothing
    # of its is left for the next leader to publish again.
    assert first.stats.published == first.stats.marked_sent
    remaining = unsent(migrated_engine)
    assert remaining > 0, "the leader finished before it was stopped: nothing was tested"
    second.wait_until(lambda stats: stats.leader_terms == 1, "the second relay never led", 30)
    wait_for(
        lambda: unsent(migrated_engine) == 0,
        lambda: f"{unsent(migrated_engine)} rows unsent; second relay {second.stats}",
        120,
    )
    received = push_queue.drain()
    second.stop()

    result = tally(bodies(messages), received)
    result.report("leader handover")
    assert (result.lost, result.duplicated, result.unexpected) == (0, 0, 0)
    assert second.stats.published == remaining
    assert first.stats.published + second.stats.published == len(messages)


class RelayProcess:
    """``python -m tests.integration.run_relay``, logging to a file (no pipe to
    fill up and block it)."""

    def __init__(self, database_url: str, amqp_url: str, log: Path) -> None:
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.integration.run_relay", database_url, amqp_url],
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-2_000:]

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def test_a_relay_killed_mid_fan_out_and_restarted_delivers_everything(
    database_url: str,
    migrated_engine: Engine,
    amqp_url: str,
    push_queue: PushQueue,
    tmp_path: Path,
) -> None:
    messages = push_queue.outgoing(20_000)
    append(migrated_engine, messages)

    sent = OUTBOX.c.sent_time.is_not(None)
    killed = RelayProcess(database_url, amqp_url, tmp_path / "killed.log")
    try:
        wait_for(
            lambda: _count(migrated_engine, OUTBOX, sent) >= 2_000,
            lambda: f"the relay process marked nothing; its log: {killed.tail()}",
            60,
        )
    finally:
        killed.kill()
    at_risk = unsent_ids(migrated_engine)
    assert at_risk, "the relay finished before it was killed: nothing was tested"

    restarted = RelayProcess(database_url, amqp_url, tmp_path / "restarted.log")
    try:
        wait_for(
            lambda: unsent(migrated_engine) == 0,
            lambda: f"{unsent(migrated_engine)} rows unsent; log: {restarted.tail()}",
            120,
        )
        restarted.process.terminate()
        assert restarted.process.wait(timeout=30) == 0, restarted.tail()
    finally:
        restarted.kill()
    assert '"event": "outbox relay leading"' in restarted.tail()

    result = tally(bodies(messages), push_queue.drain(), at_risk)
    result.report(f"relay SIGKILL ({migrated_engine.dialect.name})")
    assert result.lost == 0
    assert result.unexpected == 0  # a duplicate is the same message under the same id
    assert result.recovered == len(at_risk)


@pytest.fixture
def private_broker(tmp_path: Path) -> Iterator[PrivateBroker]:
    with running_broker(tmp_path / "broker") as node:
        yield node


def test_a_broker_restarted_mid_fan_out_loses_nothing(
    migrated_engine: Engine, private_broker: PrivateBroker, relays: Callable[..., RunningRelay]
) -> None:
    queue = PushQueue(private_broker.url, durable=True)
    queue.close()  # it is durable; the broker's restart would end the connection anyway
    messages = queue.outgoing(20_000)
    append(migrated_engine, messages)

    running = relays(RelaySettings(broker_outage_seconds=120), url=private_broker.url)
    running.wait_until(lambda stats: stats.marked_sent >= 3_000, "nothing marked sent", 60)
    private_broker.kill()
    at_risk = unsent_ids(migrated_engine)
    private_broker.start()
    wait_for(
        lambda: unsent(migrated_engine) == 0,
        lambda: f"{unsent(migrated_engine)} rows unsent; relay {running.stats}",
        180,
    )
    assert at_risk, "the relay finished before the broker died: nothing was tested"
    assert running.stats.reconnects >= 1
    received = queue.drain()
    running.stop()
    queue.close()

    result = tally(bodies(messages), received, at_risk)
    result.report(f"broker SIGKILL ({migrated_engine.dialect.name})")
    assert result.lost == 0
    assert result.unexpected == 0
    assert result.recovered == len(at_risk)


def test_a_row_committed_behind_the_cursor_is_still_published(
    postgres_url: str, amqp_url: str, push_queue: PushQueue
) -> None:
    """A sequence number is taken before its transaction commits: a row can
    appear behind rows already published (RELIABILITY.md, the outbox traps)."""
    engine = database.create_engine(postgres_url, pool_size=4)
    schema.migrate(engine)
    late, early = push_queue.outgoing(2)
    relay = RunningRelay(amqp_url, engine, RelaySettings(poll_seconds=0.2))
    try:
        with engine.begin() as slow:
            outbox.append(slow, [late], datetime.now(UTC))  # takes the lower seq
            append(engine, [early])  # commits first, with the higher seq
            relay.relay.wake()
            relay.wait_until(lambda stats: stats.marked_sent == 1, "the early row not sent", 30)
        relay.wait_until(lambda stats: stats.marked_sent == 2, "the late row never sent", 30)
        result = tally(bodies([late, early]), push_queue.drain())
        assert (result.lost, result.duplicated, result.unexpected) == (0, 0, 0)
        relay.stop()
    finally:
        relay.relay.stop()
        engine.dispose()


def test_the_composition_root_runs_a_relay_until_stopped(
    database_url: str, migrated_engine: Engine, amqp_url: str, push_queue: PushQueue
) -> None:
    embedded = start_outbox_relay(Settings(database_url=database_url), migrated_engine)
    embedded.wake()  # without a broker there is nothing to wake, and nothing fails
    embedded.stop()

    relay = start_outbox_relay(
        Settings(database_url=database_url, amqp_url=amqp_url), migrated_engine
    )
    try:
        messages = push_queue.outgoing(10)
        append(migrated_engine, messages)
        relay.wake()
        wait_for(
            lambda: unsent(migrated_engine) == 0,
            lambda: f"{unsent(migrated_engine)} rows unsent",
            30,
        )
    finally:
        relay.stop()
    result = tally(bodies(messages), push_queue.drain())
    assert (result.lost, result.duplicated, result.unexpected) == (0, 0, 0)
