"""`officer-module` as an operator runs it: as a process, stopped by SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pika
import pytest
import sqlalchemy as sa

from adapters.topology import connection_parameters, declare_on_broker
from contracts import golden, topology
from service.api.auth import issue_token
from service.settings import Settings
from service.store import database, schema

ROOT = Path(__file__).resolve().parents[2]
# The service runs with development settings: tokens signed with the development secret.
AUTH = (("authorization", f"Bearer {issue_token(Settings(), 'u100234')}"),)


class ServiceProcess:
    """A running `officer-module serve` (with the probe service) and its JSON log.

    A thread reads the log as it comes: a full pipe would block the service's
    next log line, and with it the service."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.serve_with_probe", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        self.lines: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            try:
                self.lines.append(json.loads(raw))
            except json.JSONDecodeError:
                self.lines.append({"event": "<not json>", "raw": raw.decode(errors="replace")})

    def wait_for(self, event: str, timeout: float = 30) -> dict[str, Any]:
        """Waits for a log line with this event, until the process ends or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = next((line for line in list(self.lines) if line.get("event") == event), None)
            if found is not None:
                return found
            if not self._reader.is_alive():
                break
            time.sleep(0.02)
        raise AssertionError(f"no {event!r} log line; got {self.lines}")

    def finish(self, timeout: float = 30) -> int:
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=timeout)
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def processes() -> Iterator[list[ServiceProcess]]:
    started: list[ServiceProcess] = []
    yield started
    for process in started:
        process.kill()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _serve(
    processes: list[ServiceProcess], database_url: str, *options: str
) -> tuple[ServiceProcess, int]:
    """A migrated `serve` on a free port, once it logs that it serves."""
    service = ServiceProcess(
        "serve", "--migrate", "--listen", "127.0.0.1:0", "--database-url", database_url, *options
    )
    processes.append(service)
    return service, service.wait_for("serving")["port"]


def test_sigterm_lets_the_call_in_flight_finish_and_refuses_new_ones(
    database_url: str, processes: list[ServiceProcess]
) -> None:
    service, port = _serve(processes, database_url, "--shutdown-grace-seconds", "20")
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        sleep = channel.unary_unary("/officer.test.Probe/Sleep")
        in_flight = sleep.future(b"2.0", metadata=AUTH)
        time.sleep(0.5)
        service.process.send_signal(signal.SIGTERM)
        service.wait_for("stopping")
        with pytest.raises(grpc.RpcError) as refused:
            sleep(b"0", timeout=3, metadata=AUTH)
        # How gRPC core refuses depends on timing (CANCELLED on the open
        # connection, UNAVAILABLE or a wait on a new one); what matters is that
        # the call was not served, which the log below shows.
        assert refused.value.code() is not grpc.StatusCode.OK
        assert in_flight.result(timeout=10) == b"slept 2.0"
    assert service.finish() == 0
    events = [line["event"] for line in service.lines]
    assert events.index("stopping") < events.index("stopped")
    served = [line for line in service.lines if line.get("event") == "rpc"]
    assert [(line["code"], line["duration_ms"] >= 2000) for line in served] == [("OK", True)]


def test_sigterm_cancels_calls_that_outlast_the_grace_period(
    sqlite_url: str, processes: list[ServiceProcess]
) -> None:
    service, port = _serve(processes, sqlite_url, "--shutdown-grace-seconds", "0.5")
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        in_flight = channel.unary_unary("/officer.test.Probe/Sleep").future(b"60", metadata=AUTH)
        time.sleep(0.3)
        service.process.send_signal(signal.SIGTERM)
        with pytest.raises(grpc.RpcError) as cut:
            in_flight.result(timeout=10)
        assert cut.value.code() in (grpc.StatusCode.CANCELLED, grpc.StatusCode.UNAVAILABLE)
    assert service.finish() == 0


def test_serve_refuses_an_unmigrated_database_with_a_clear_message(
    database_url: str, processes: list[ServiceProcess]
) -> None:
    service = ServiceProcess("serve", "--listen", "127.0.0.1:0", "--database-url", database_url)
    processes.append(service)
    assert service.finish() == 3
    refusal = next(line for line in service.lines if line.get("event") == "refusing to serve")
    assert "officer-module migrate" in refusal["reason"]


def test_serve_refuses_a_schema_from_a_newer_release(
    database_url: str, processes: list[ServiceProcess]
) -> None:
    engine = database.create_engine(database_url)
    schema.migrate(engine)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'f00dcafe9999'"))
    engine.dispose()
    service = ServiceProcess(
        "serve", "--migrate", "--listen", "127.0.0.1:0", "--database-url", database_url
    )
    processes.append(service)
    assert service.finish() == 3
    refusal = next(line for line in service.lines if line.get("event") == "refusing to serve")
    assert "newer release" in refusal["reason"]


def test_migrate_command_then_serve_from_the_environment(
    sqlite_url: str, processes: list[ServiceProcess]
) -> None:
    env = {"OFFICER_DATABASE_URL": sqlite_url, "OFFICER_LISTEN": "127.0.0.1:0"}
    migrate = ServiceProcess("migrate", env=env)
    processes.append(migrate)
    assert migrate.finish() == 0
    assert any(line.get("event") == "migrated" for line in migrate.lines)

    service = ServiceProcess("serve", env=env)
    processes.append(service)
    assert service.wait_for("serving")["listen"] == "127.0.0.1:0"
    service.process.send_signal(signal.SIGTERM)
    assert service.finish() == 0


def test_metrics_count_rpcs_by_method_and_code(
    sqlite_url: str, processes: list[ServiceProcess]
) -> None:
    metrics_port = _free_port()
    service, port = _serve(processes, sqlite_url, "--metrics-listen", f"127.0.0.1:{metrics_port}")
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        channel.unary_unary("/officer.test.Probe/Sleep")(b"0", metadata=AUTH)
        with pytest.raises(grpc.RpcError):
            channel.unary_unary("/officer.test.Probe/Deny")(b"", metadata=AUTH)
    with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5) as reply:
        text = reply.read().decode()
    assert 'officer_rpc_total{code="OK",method="/officer.test.Probe/Sleep"} 1.0' in text
    assert (
        'officer_rpc_total{code="PERMISSION_DENIED",method="/officer.test.Probe/Deny"} 1.0' in text
    )
    service.process.send_signal(signal.SIGTERM)
    assert service.finish() == 0


def test_a_taken_port_is_reported_not_a_traceback(
    sqlite_url: str, processes: list[ServiceProcess]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        service = ServiceProcess(
            "serve", "--migrate", "--listen", f"127.0.0.1:{port}", "--database-url", sqlite_url
        )
        processes.append(service)
        assert service.finish() == 4
    refusal = next(line for line in service.lines if line.get("event") == "refusing to serve")
    assert f"127.0.0.1:{port}" in refusal["reason"]


def test_serve_with_a_broker_mirrors_the_host_registry(
    sqlite_url: str, amqp_url: str, processes: list[ServiceProcess]
) -> None:
    declare_on_broker(amqp_url)
    service, _ = _serve(processes, sqlite_url, "--amqp-url", amqp_url)
    service.wait_for("registry consumer connected")
    connection = pika.BlockingConnection(connection_parameters(amqp_url))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.basic_publish(
            topology.HOST_REGISTRY.name,
            "user.upserted",
            golden.sample_bytes("user.upserted.v1"),
            pika.BasicProperties(message_id="process-test", delivery_mode=2),
        )
    finally:
        connection.close()
    engine = database.create_engine(sqlite_url)
    try:
        for _ in range(200):
            with engine.connect() as db:
                found = db.execute(sa.text("SELECT version FROM host_user")).scalars().all()
            if found:
                break
            time.sleep(0.05)
        assert found == [3]
    finally:
        engine.dispose()
    service.process.send_signal(signal.SIGTERM)
    assert service.finish() == 0


def test_host_sim_on_the_bus_seeds_assignments_once_the_module_mirrors_the_city(
    sqlite_url: str, amqp_url: str, processes: list[ServiceProcess], broker_channel: Any
) -> None:
    service, _ = _serve(processes, sqlite_url, "--amqp-url", amqp_url)
    service.wait_for("registry consumer connected")
    host_sim = ServiceProcess(
        "dev", "host-sim", "--size", "small", "--amqp-url", amqp_url, "--database-url", sqlite_url
    )
    processes.append(host_sim)
    assert host_sim.finish(timeout=120) == 0
    seeded = next(line for line in host_sim.lines if line.get("event") == "assignments seeded")
    engine = database.create_engine(sqlite_url)
    try:
        with engine.connect() as db:
            officers = db.execute(
                sa.text("SELECT user_id, scope_node FROM role_binding WHERE role = 'officer'")
            ).all()
            assigned = db.execute(
                sa.text("SELECT officer_id, grid_code FROM grid_assignment")
            ).all()
    finally:
        engine.dispose()
    assert seeded["assignments"] == len(officers) > 0
    assert sorted(assigned) == sorted(officers)
    service.process.send_signal(signal.SIGTERM)
    assert service.finish() == 0


def test_host_sim_says_so_when_no_module_mirrors_the_city(
    sqlite_url: str, amqp_url: str, processes: list[ServiceProcess], broker_channel: Any
) -> None:
    migrate = ServiceProcess("migrate", "--database-url", sqlite_url)
    processes.append(migrate)
    assert migrate.finish() == 0
    host_sim = ServiceProcess(
        "dev",
        "host-sim",
        "--size",
        "small",
        "--amqp-url",
        amqp_url,
        "--database-url",
        sqlite_url,
        "--mirror-wait-seconds",
        "1",
    )
    processes.append(host_sim)
    try:
        assert host_sim.finish(timeout=120) == 4
    finally:
        broker_channel.queue_purge(topology.REGISTRY_QUEUE.name)  # nobody else will consume it
    failure = next(line for line in host_sim.lines if line.get("event") == "assignments not seeded")
    assert "is the module consuming" in failure["reason"]
