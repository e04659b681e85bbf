"""What the server takes on (service/platform/admission.py): a busy server still
answers health and reflection; no caller holds every slot; a draining server
answers NOT_SERVING and refuses the rest, logged and counted."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import grpc
import pytest
import structlog
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from sqlalchemy.engine import Engine

from service.platform import observability
from service.platform.identity import issue_token
from service.platform.server import RunningServer, start_server
from service.platform.settings import Settings
from tests.integration.conftest import bearer_token
from tests.integration.probe import probe_handler
from tests.rpc_errors import error_info

SLOTS = 4
PER_CALLER = 2
SLEEP = "/officer.test.Probe/Sleep"
STREAM = "/officer.v1.InboxService/StreamInboxItems"


@pytest.fixture
async def small_server(migrated_engine: Engine, database_url: str) -> AsyncIterator[RunningServer]:
    settings = Settings(
        listen="127.0.0.1:0",
        database_url=database_url,
        max_concurrent_rpcs=SLOTS,
        max_streams_per_caller=PER_CALLER,
    )
    running = await start_server(settings, migrated_engine, extra_handlers=[probe_handler()])
    yield running
    await running.stop(grace=0.5)


def _channel(server: RunningServer, user: str) -> grpc.aio.Channel:
    return grpc.aio.insecure_channel(
        f"127.0.0.1:{server.port}", interceptors=bearer_token(issue_token(Settings(), user))
    )


async def _health(channel: grpc.aio.Channel) -> int:
    stub = health_pb2_grpc.HealthStub(channel)
    return int((await stub.Check(health_pb2.HealthCheckRequest(), timeout=5)).status)


def _sleep(channel: grpc.aio.Channel) -> Callable[..., grpc.aio.UnaryUnaryCall]:
    call: Callable[..., grpc.aio.UnaryUnaryCall] = channel.unary_unary(SLEEP)
    return call


def _refusals(method: str, code: str) -> float:
    value: float = observability.RPC_TOTAL.labels(method, code)._value.get()
    return value


async def _eventually(condition: Callable[[], bool]) -> None:
    """Waits for the server to get somewhere (calls arrive on its own loop)."""
    async with asyncio.timeout(10):
        while not condition():  # noqa: ASYNC110  (the server's state, not an event of ours)
            await asyncio.sleep(0.01)


async def _wait_in_flight(server: RunningServer, count: int) -> None:
    await _eventually(lambda: server.admission.in_flight >= count)


async def test_a_saturated_server_still_answers_health_and_reflection_and_logs_refusals(
    small_server: RunningServer,
) -> None:
    channels = [_channel(small_server, f"user-{n}") for n in range(SLOTS + 1)]
    try:
        busy = [asyncio.ensure_future(_sleep(ch)(b"3")) for ch in channels[:SLOTS]]
        await _wait_in_flight(small_server, SLOTS)
        before = _refusals(SLEEP, "RESOURCE_EXHAUSTED")
        with structlog.testing.capture_logs(
            processors=[structlog.contextvars.merge_contextvars]
        ) as logs:
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await _sleep(channels[SLOTS])(b"0")
            # The caller has its answer before the server's call ends and logs.
            await _eventually(lambda: any(line["event"] == "rpc" for line in logs))
        assert refused.value.code() is grpc.StatusCode.RESOURCE_EXHAUSTED
        assert error_info(refused.value).reason == "TOO_MANY_CALLS"
        assert [line["code"] for line in logs if line["event"] == "rpc"] == ["RESOURCE_EXHAUSTED"]
        assert _refusals(SLEEP, "RESOURCE_EXHAUSTED") == before + 1
        assert await _health(channels[SLOTS]) == health_pb2.HealthCheckResponse.SERVING
        reflection = reflection_pb2_grpc.ServerReflectionStub(channels[SLOTS])
        listing = [
            response
            async for response in reflection.ServerReflectionInfo(
                iter([reflection_pb2.ServerReflectionRequest(list_services="")])
            )
        ]
        assert listing[0].list_services_response.service
        for call in busy:
            call.cancel()
    finally:
        for channel in channels:
            await channel.close()


async def test_one_caller_cannot_hold_more_than_its_share_of_streams(
    small_server: RunningServer,
) -> None:
    greedy, other = _channel(small_server, "greedy"), _channel(small_server, "other")
    request = b"\x0a\x0cusers/greedy"  # StreamInboxItemsRequest(parent="users/greedy")
    try:
        streams = [
            greedy.unary_stream(STREAM, request_serializer=lambda raw: raw)(request)
            for _ in range(PER_CALLER)
        ]
        await _wait_in_flight(small_server, PER_CALLER)
        extra = greedy.unary_stream(STREAM, request_serializer=lambda raw: raw)(request)
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await extra.read()
        assert refused.value.code() is grpc.StatusCode.RESOURCE_EXHAUSTED
        assert error_info(refused.value).reason == "TOO_MANY_STREAMS"
        # Another caller still gets a slot.
        assert await _sleep(other)(b"0") == b"slept 0"
        for stream in streams:
            stream.cancel()
    finally:
        await greedy.close()
        await other.close()


async def test_a_draining_server_answers_not_serving_and_refuses_new_calls(
    migrated_engine: Engine, database_url: str
) -> None:
    settings = Settings(listen="127.0.0.1:0", database_url=database_url)
    running = await start_server(settings, migrated_engine, extra_handlers=[probe_handler()])
    channel = _channel(running, "u100234")
    try:
        in_flight = asyncio.ensure_future(_sleep(channel)(b"1.0"))
        await _wait_in_flight(running, 1)
        stopping = asyncio.ensure_future(running.stop(grace=5))
        await _eventually(lambda: running.admission.draining)
        # Probes, again and again while the call drains: NOT_SERVING every time.
        statuses = [await _health(channel) for _ in range(5)]
        assert statuses == [health_pb2.HealthCheckResponse.NOT_SERVING] * 5
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await _sleep(channel)(b"0")
        assert refused.value.code() is grpc.StatusCode.UNAVAILABLE
        assert error_info(refused.value).reason == "SHUTTING_DOWN"
        assert await in_flight == b"slept 1.0"
        await stopping
    finally:
        await channel.close()
