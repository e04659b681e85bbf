"""`officer-module` as an operator runs it: as a process, stopped by SIGTERM."""

from __future__ import annotations

import signal
import socket
import time
import urllib.request
from typing import Any

import grpc
import pika
import pytest
import sqlalchemy as sa

from adapters.topology import connection_parameters, declare_on_broker
from contracts import golden, topology
from service.platform.store import database, schema
from tests.integration.service_process import AUTH, ServiceProcess, free_port, serve


def test_sigterm_lets_the_call_in_flight_finish_and_refuses_new_ones(
    database_url: str, processes: list[ServiceProcess]
) -> None:
    service, port = serve(processes, database_url, "--shutdown-grace-seconds", "20")
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        sleep = channel.unary_unary("/officer.test.Probe/Sleep")
        in_flight = sleep.future(b"2.0", metadata=AUTH)
        service.wait_for("probe sleeping")
        service.process.send_signal(signal.SIGTERM)
        service.wait_for("stopping")
        with pytest.raises(grpc.RpcError) as refused:
            sleep(b"0", timeout=3, metadata=AUTH)
        # Refused by the server, which still answers health (NOT_SERVING).
        assert refused.value.code() is grpc.StatusCode.UNAVAILABLE
        assert in_flight.result(timeout=10) == b"slept 2.0"
    assert service.finish() == 0
    events = [line["event"] for line in service.lines]
    assert events.index("stopping") < events.index("stopped")
    calls = [line for line in service.lines if line.get("event") == "rpc"]
    # The call in flight was served; the new one was refused, and logged as such.
    assert sorted((line["code"], line["duration_ms"] >= 2000) for line in calls) == [
        ("OK", True),
        ("UNAVAILABLE", False),
    ]


def test_sigterm_cancels_calls_that_outlast_the_grace_period(
    sqlite_url: str, processes: list[ServiceProcess]
) -> None:
    service, port = serve(processes, sqlite_url, "--shutdown-grace-seconds", "0.5")
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        in_flight = channel.unary_unary("/officer.test.Probe/Sleep").future(b"60", metadata=AUTH)
        service.wait_for("probe sleeping")
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
    metrics_port = free_port()
    service, port = serve(processes, sqlite_url, "--metrics-listen", f"127.0.0.1:{metrics_port}")
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
    service, _ = serve(processes, sqlite_url, "--amqp-url", amqp_url)
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
    service, _ = serve(processes, sqlite_url, "--amqp-url", amqp_url)
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
