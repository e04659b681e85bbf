"""Streams that end under the server mid-backlog leave it running.

The server runs as a process: the fault this guards against (a stream wrapper's
clean-up reading a call that grpc had already released) killed the process with
SIGSEGV, which an in-process server would have turned into a dead test run.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections import Counter

import grpc
import pytest
import sqlalchemy as sa
from grpc_health.v1 import health_pb2, health_pb2_grpc
from officer.v1 import (
    inbox_service_pb2,
    inbox_service_pb2_grpc,
    policy_service_pb2,
    policy_service_pb2_grpc,
)

from service.devtools.host_sim import load_city
from service.platform.identity import issue_token
from service.platform.settings import Settings
from service.platform.store import database, schema
from tests.integration.service_process import ROOT, ServiceProcess, serve

BACKLOG = 40
ROUNDS = 40
# Each round ends its stream one way, in turn.
WAYS = ("cancel after one", "cancel after two", "close the channel", "deadline")


def _city_with_a_reader(database_url: str) -> tuple[str, str]:
    """A migrated small city; a street liaison and an officer of their street."""
    engine = database.create_engine(database_url)
    try:
        schema.migrate(engine)
        load_city(engine, size="small", seed=2020)
        with engine.connect() as connection:
            liaison, street = connection.execute(
                sa.text(
                    "SELECT user_id, scope_node FROM role_binding WHERE role = 'street_liaison' "
                    "ORDER BY scope_node LIMIT 1"
                )
            ).one()
            officer = connection.execute(
                sa.text(
                    "SELECT user_id FROM role_binding WHERE role = 'officer' "
                    "AND scope_node LIKE :street ORDER BY user_id LIMIT 1"
                ),
                {"street": f"{street}%"},
            ).scalar_one()
    finally:
        engine.dispose()
    return liaison, officer


def _auth(user: str) -> tuple[tuple[str, str]]:
    return (("authorization", f"Bearer {issue_token(Settings(), user)}"),)


async def _fill_inbox(port: int, publisher: str, reader: str) -> None:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        policy = policy_service_pb2_grpc.PolicyServiceStub(channel)  # type: ignore[no-untyped-call]
        for n in range(BACKLOG):
            await policy.PublishNotice(
                policy_service_pb2.PublishNoticeRequest(
                    notice=policy_service_pb2.Notice(
                        title=f"通知 {n}",
                        body="正文" * 500,
                        kind=policy_service_pb2.NOTICE_KIND_NOTICE,
                        audience=policy_service_pb2.Audience(recipients=[f"users/{reader}"]),
                    )
                ),
                metadata=_auth(publisher),
            )


async def _end_a_stream_mid_backlog(port: int, reader: str, way: str) -> None:
    request = inbox_service_pb2.StreamInboxItemsRequest(parent=f"users/{reader}")
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    try:
        inbox = inbox_service_pb2_grpc.InboxServiceStub(channel)  # type: ignore[no-untyped-call]
        timeout = 0.05 if way == "deadline" else None
        call = inbox.StreamInboxItems(request, metadata=_auth(reader), timeout=timeout)
        await call.read()
        if way == "cancel after two":
            await call.read()
        if way == "deadline":
            with pytest.raises(grpc.aio.AioRpcError) as expired:
                await _read_slowly(call)
            assert expired.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        if way.startswith("cancel"):
            call.cancel()
    finally:
        await channel.close()


async def _read_slowly(call: grpc.aio.UnaryStreamCall) -> None:
    """A slow reader: the deadline passes mid-backlog."""
    while True:
        await call.read()
        await asyncio.sleep(0.01)


async def _serving(port: int) -> int:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        health = health_pb2_grpc.HealthStub(channel)
        response = await health.Check(health_pb2.HealthCheckRequest(), timeout=10)
        return int(response.status)


_EXITING_CLIENT = """
import os, sys, grpc
from officer.v1 import inbox_service_pb2, inbox_service_pb2_grpc
port, reader, token = sys.argv[1:]
channel = grpc.insecure_channel(f"127.0.0.1:{port}")
stream = inbox_service_pb2_grpc.InboxServiceStub(channel).StreamInboxItems(
    inbox_service_pb2.StreamInboxItemsRequest(parent=f"users/{reader}"),
    metadata=(("authorization", token),),
)
next(stream)
os._exit(0)  # a terminal that loses its connection during catch-up
"""


def test_streams_ended_mid_backlog_in_every_way_leave_the_server_up(
    database_url: str, processes: list[ServiceProcess]
) -> None:
    liaison, reader = _city_with_a_reader(database_url)
    service, port = serve(processes, database_url)
    asyncio.run(_fill_inbox(port, liaison, reader))

    async def end_streams() -> None:
        for round_ in range(ROUNDS):
            await _end_a_stream_mid_backlog(port, reader, WAYS[round_ % len(WAYS)])
            assert service.process.poll() is None, f"the server died in round {round_}"

    asyncio.run(end_streams())
    token = _auth(reader)[0][1]
    for _ in range(5):
        subprocess.run(
            [sys.executable, "-c", _EXITING_CLIENT, str(port), reader, token], cwd=ROOT, check=True
        )
    assert asyncio.run(_serving(port)) == health_pb2.HealthCheckResponse.SERVING
    assert service.process.poll() is None

    # Every stream was logged once, as the caller ended it; none as a fault.
    streams = ROUNDS + 5
    method = "/officer.v1.InboxService/StreamInboxItems"
    logged = asyncio.run(_rpc_lines(service, method, streams))
    codes = Counter(line["code"] for line in logged)
    assert codes == {
        "CANCELLED": streams - ROUNDS // len(WAYS),
        "DEADLINE_EXCEEDED": ROUNDS // len(WAYS),
    }
    assert not [line for line in service.lines if line.get("level") == "error"]


async def _rpc_lines(service: ServiceProcess, method: str, count: int) -> list[dict[str, object]]:
    """The stream's log lines, once all ``count`` are written (a stream's line
    follows its end by a moment)."""
    async with asyncio.timeout(30):
        while True:
            lines = [
                line
                for line in list(service.lines)
                if line.get("event") == "rpc" and line.get("method") == method
            ]
            if len(lines) >= count:
                return lines
            await asyncio.sleep(0.05)
