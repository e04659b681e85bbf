"""A probe service served beside officer.v1 in tests: calls that sleep, fail or deny,
to observe what the server does around a handler (errors, logs, shutdown)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import grpc
import structlog

from service.kernel import errors

SERVICE = "officer.test.Probe"
log = structlog.get_logger(__name__)


async def _sleep(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
    # Tests wait for this line rather than guessing how long a call takes to arrive.
    log.info("probe sleeping", seconds=float(request.decode()))
    await asyncio.sleep(float(request.decode()))
    return b"slept " + request


async def _fail(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
    raise RuntimeError("SELECT secret FROM officer WHERE password = 'hunter2'")


async def _deny(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
    raise errors.PermissionDenied("grids/320102002003001 is outside your scope")


async def _unbuilt(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
    # What a generated servicer base does for a method a release does not override.
    raise NotImplementedError("Method not implemented!")


def probe_handler() -> grpc.GenericRpcHandler:
    def unary(behaviour: Callable[..., Awaitable[bytes]]) -> grpc.RpcMethodHandler:
        return grpc.unary_unary_rpc_method_handler(behaviour)

    return grpc.method_handlers_generic_handler(
        SERVICE,
        {
            "Sleep": unary(_sleep),
            "Fail": unary(_fail),
            "Deny": unary(_deny),
            "Unbuilt": unary(_unbuilt),
        },
    )


def probe_call(channel: grpc.aio.Channel, method: str) -> grpc.aio.UnaryUnaryMultiCallable:
    return channel.unary_unary(f"/{SERVICE}/{method}")
