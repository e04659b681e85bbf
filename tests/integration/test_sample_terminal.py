"""`officer-module dev terminal` as a terminal team would run it: a process on a
real RabbitMQ, fed pushes built from the golden sample (contracts/TERMINALS.md).

Each test uses its own user id (and so its own routing key) and the terminal's
own server-named queue: nothing here touches a shared queue."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pika
import pytest
from pika.adapters.blocking_connection import BlockingChannel
from pika.exceptions import ChannelClosedByBroker

from adapters.topology import connection_parameters
from contracts import golden, messages, topology
from service.kernel.pushes import Push, deliver
from service.platform.store import database
from service.platform.store.unit_of_work import SqlUnitOfWork
from tests.integration.service_process import ServiceProcess, serve

ROOT = Path(__file__).resolve().parents[2]
GRID = "320102002003001"


class Terminal:
    """A running `officer-module dev terminal`, its stdout and stderr read on
    threads as they come (a full pipe would block the process)."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "dev", "terminal", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.out: list[str] = []
        self.err: list[str] = []
        self._readers = [
            threading.Thread(target=self._read, args=(self.process.stdout, self.out), daemon=True),
            threading.Thread(target=self._read, args=(self.process.stderr, self.err), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _read(stream: Any, into: list[str]) -> None:
        for line in stream:
            into.append(line.rstrip("\n"))

    def records(self) -> list[dict[str, Any]]:
        """stdout as JSON objects (--format json prints nothing else there)."""
        return [json.loads(line) for line in list(self.out)]

    def logs(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in list(self.err) if line.startswith("{")]

    def wait_listening(self, timeout: float = 30) -> dict[str, Any]:
        """The "listening" line: printed once the queue is bound, so what is
        published from then on reaches it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.out:
                first = json.loads(self.out[0])
                assert first["event"] == "listening", first
                return dict(first)
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"no listening line; stdout {self.out}, stderr {self.err}")

    def finish(self, timeout: float = 30) -> int:
        code = self.process.wait(timeout=timeout)
        for reader in self._readers:
            reader.join(timeout=timeout)
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.kill()


@pytest.fixture
def publisher(amqp_url: str) -> Iterator[BlockingChannel]:
    """A channel with publisher confirms; the terminal declares officer.push itself."""
    connection = pika.BlockingConnection(connection_parameters(amqp_url))
    channel = connection.channel()
    channel.confirm_delivery()
    yield channel
    connection.close()


def _user() -> str:
    return f"u-test-{uuid.uuid4().hex[:10]}"


def _terminal_push(user_id: str, item_id: str, title: str) -> tuple[str, bytes]:
    """A terminal.push.v1 for one user, from the golden sample; its message id."""
    document = json.loads(golden.sample_bytes("terminal.push.v1"))
    document |= {
        "message_id": f"push-{item_id}",
        "recipient": user_id,
        "inbox_item": f"users/{user_id}/inboxItems/{item_id}",
        "cursor": item_id,
        "title": title,
    }
    messages.TerminalPush.model_validate(document)  # what the module would send
    return document["message_id"], json.dumps(document, ensure_ascii=False).encode()


def _grid_push(grid_code: str, title: str) -> tuple[str, bytes]:
    document = json.loads(golden.sample_bytes("grid.push.v1"))
    message_id = f"grid-{uuid.uuid4().hex}-{grid_code}"
    document |= {"message_id": message_id, "grid": f"grids/{grid_code}", "title": title}
    messages.GridPush.model_validate(document)
    return message_id, json.dumps(document, ensure_ascii=False).encode()


def _publish(
    channel: BlockingChannel,
    routing_key: str,
    message: tuple[str, bytes],
    *,
    schema: str = "terminal.push.v1",
    mandatory: bool = True,
) -> None:
    """Published as the relay does (contracts/TERMINALS.md); ``mandatory`` makes an
    unbound routing key an error rather than a silent drop."""
    message_id, body = message
    channel.basic_publish(
        topology.PUSH.name,
        routing_key,
        body,
        pika.BasicProperties(
            message_id=message_id,
            type=schema,
            content_type="application/json",
            delivery_mode=pika.DeliveryMode.Persistent,
            timestamp=int(time.time()),
        ),
        mandatory=mandatory,
    )


def test_prints_each_push_once_and_exits_after_max_items(
    amqp_url: str, publisher: BlockingChannel, terminals: list[Terminal]
) -> None:
    user = _user()
    terminal = Terminal(
        "--user", user, "--amqp-url", amqp_url, "--max-items", "3", "--format", "json"
    )
    terminals.append(terminal)
    listening = terminal.wait_listening()
    assert listening["routing_keys"] == [f"user.{user}"]
    assert listening["queue"].startswith("amq.gen-")

    first = _terminal_push(user, "01JTEST000000000000000001", "第一条通知")
    second = _terminal_push(user, "01JTEST000000000000000002", "第二条通知")
    third = _terminal_push(user, "01JTEST000000000000000003", "第三条通知")
    # The second `first` is what a relay restarted between confirm and mark-sent sends.
    for message in (first, second, first, third):
        _publish(publisher, topology.user_push_routing_key(user), message)

    assert terminal.finish() == 0, terminal.err
    items = terminal.records()[1:]
    assert [(item["message_id"], item["title"], item["cursor"]) for item in items] == [
        (first[0], "第一条通知", "01JTEST000000000000000001"),
        (second[0], "第二条通知", "01JTEST000000000000000002"),
        (third[0], "第三条通知", "01JTEST000000000000000003"),
    ]
    assert {(item["event"], item["kind"], item["source"]) for item in items} == {
        ("item", "notice", "amqp")
    }
    dropped = [line for line in terminal.logs() if line["event"] == "duplicate dropped"]
    assert [line["message_id"] for line in dropped] == [first[0]]


def test_shows_its_grids_and_nobody_elses_pushes(
    amqp_url: str, publisher: BlockingChannel, terminals: list[Terminal]
) -> None:
    user, someone_else = _user(), _user()
    terminal = Terminal(
        *("--user", user, "--grid", GRID, "--amqp-url", amqp_url),
        *("--max-items", "2", "--format", "json"),
    )
    terminals.append(terminal)
    assert terminal.wait_listening()["routing_keys"] == [f"user.{user}", f"grid.{GRID}"]

    # One queue keeps publication order: had either of the first two leaked,
    # it would be printed before the two that belong here.
    _publish(
        publisher,
        topology.user_push_routing_key(someone_else),
        _terminal_push(someone_else, "01JTEST0000000000000000X1", "别人的通知"),
        mandatory=False,
    )
    _publish(
        publisher,
        topology.grid_push_routing_key("320102002003002"),
        _grid_push("320102002003002", "别的网格"),
        schema="grid.push.v1",
        mandatory=False,
    )
    screen = _grid_push(GRID, "本网格公告")
    _publish(publisher, topology.grid_push_routing_key(GRID), screen, schema="grid.push.v1")
    own = _terminal_push(user, "01JTEST0000000000000000X2", "本人通知")
    _publish(publisher, topology.user_push_routing_key(user), own)

    assert terminal.finish() == 0, terminal.err
    items = terminal.records()[1:]
    own_item = f"users/{user}/inboxItems/01JTEST0000000000000000X2"
    assert [(i["schema"], i["message_id"], i["resource"], i["cursor"]) for i in items] == [
        ("grid.push.v1", screen[0], f"grids/{GRID}", None),
        ("terminal.push.v1", own[0], own_item, "01JTEST0000000000000000X2"),
    ]


def test_owns_an_exclusive_queue_that_goes_when_sigterm_stops_it(
    amqp_url: str, publisher: BlockingChannel, terminals: list[Terminal]
) -> None:
    terminal = Terminal("--user", _user(), "--amqp-url", amqp_url, "--format", "json")
    terminals.append(terminal)
    queue = terminal.wait_listening()["queue"]

    def passive_declare() -> None:
        connection = pika.BlockingConnection(connection_parameters(amqp_url))
        try:
            connection.channel().queue_declare(queue, passive=True)
        finally:
            if connection.is_open:
                connection.close()

    with pytest.raises(ChannelClosedByBroker) as locked:
        passive_declare()
    assert locked.value.reply_code == 405  # RESOURCE_LOCKED: exclusive to the terminal

    terminal.process.send_signal(signal.SIGTERM)
    assert terminal.finish() == 0, terminal.err
    assert [line["event"] for line in terminal.logs()] == ["stopping", "stopped"]
    with pytest.raises(ChannelClosedByBroker) as gone:
        passive_declare()
    assert gone.value.reply_code == 404


def test_refuses_a_user_id_that_would_bind_a_wildcard(amqp_url: str) -> None:
    # '#' in a topic binding would deliver every user's pushes to this terminal.
    terminal = Terminal("--user", "#", "--amqp-url", amqp_url)
    assert terminal.finish() == 2
    assert "--user must match" in "\n".join(terminal.err)
    assert terminal.out == []


def test_without_a_broker_it_streams_the_inbox_and_resumes_after_a_cursor(
    sqlite_url: str, terminals: list[Terminal]
) -> None:
    processes: list[ServiceProcess] = []
    try:
        _, port = serve(processes, sqlite_url)
        user = _user()
        # Items written by another process: the stream finds them on its own.
        engine = database.create_engine(sqlite_url)
        with engine.begin() as connection:
            deliver(
                SqlUnitOfWork(connection),
                [
                    Push(user, messages.PushKind.NOTICE, "notices/x", f"通知 {n}", "")
                    for n in range(3)
                ],
                datetime.now(UTC),
                via_broker=False,
            )
        engine.dispose()
        target = f"127.0.0.1:{port}"
        first = Terminal("--user", user, "--target", target, "--max-items", "3", "--format", "json")
        terminals.append(first)
        assert first.finish() == 0, first.err
        items = [r for r in first.records() if r.get("event") != "listening"]
        assert [item["title"] for item in items] == ["通知 0", "通知 1", "通知 2"]
        assert all(item["message_id"].startswith("push-") for item in items)
        resumed = Terminal(
            "--user",
            user,
            "--target",
            target,
            "--resume-cursor",
            items[1]["cursor"],
            "--max-items",
            "1",
            "--format",
            "json",
        )
        terminals.append(resumed)
        assert resumed.finish() == 0, resumed.err
        again = [r for r in resumed.records() if r.get("event") != "listening"]
        assert [item["title"] for item in again] == ["通知 2"]
    finally:
        for process in processes:
            process.kill()
