"""The interceptor of every RPC: request id, one log line and the metrics, around
identity (platform/identity.py) and error mapping (platform/error_mapping.py).

A grpc.aio interceptor cannot see a handler's outcome, so it wraps the handler's
behaviour instead: the wrapper binds the request id, runs the servicer, turns
domain errors (and the generated bases' NotImplementedError) into statuses with
details, hides unexpected failures behind INTERNAL, and logs one line with
method, code, duration and request id.

Everything taken from the call (metadata, peer) is taken when it starts. A
streaming handler is wrapped as a coroutine that writes each response itself,
never as an async generator: grpc abandons a response generator when the client
cancels, and the event loop closes it later, from a callback of its own, after
the core call is gone; a ``finally`` that then touches the context (``peer()``
reads the core call) crashed the process. As a coroutine, the wrapper's
``finally`` runs inside the call's own task, and it closes the servicer's
generator there too.
"""

from __future__ import annotations

import asyncio
import inspect
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import grpc
import structlog

from service.kernel.errors import FieldViolation, InvalidArgument
from service.platform import error_mapping, identity, observability
from service.platform.admission import Admission
from service.platform.identity import TokenVerifier
from service.platform.text_check import nul_violations

log = structlog.get_logger("officer.rpc")

REQUEST_ID_HEADER = "x-request-id"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# Health checks arrive every few seconds from load balancers: count them, do not
# log them. They and reflection are also the only calls that need no token.
_PUBLIC_PREFIXES = ("/grpc.health.v1.", "/grpc.reflection.")
_DEADLINE_SLACK = 0.01


def request_id_from(metadata: Any) -> str:
    """The caller's x-request-id when it is sane, else a fresh one."""
    for key, value in metadata or ():
        if key == REQUEST_ID_HEADER and isinstance(value, str) and _VALID_REQUEST_ID.match(value):
            return value
    return uuid.uuid4().hex


class _Call:
    """Book-keeping of one call: what the log line and the metrics report."""

    def __init__(
        self, method: str, context: grpc.aio.ServicerContext, verifier: TokenVerifier
    ) -> None:
        self.method = method
        self.verifier = verifier
        self.context = context
        metadata = context.invocation_metadata()
        self.metadata = tuple(metadata or ())
        self.peer = context.peer()
        self.request_id = request_id_from(self.metadata)
        self.code = grpc.StatusCode.OK
        self.started = time.perf_counter()
        self.time_allowed = context.time_remaining()
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=self.request_id, method=method)
        context.set_trailing_metadata(((REQUEST_ID_HEADER, self.request_id),))
        observability.RPC_IN_FLIGHT.inc()

    def authenticate(self) -> str:
        """Binds the caller named by the call's token; raises Unauthenticated."""
        user_id = identity.authenticate(self.metadata, self.verifier)
        structlog.contextvars.bind_contextvars(user=user_id)
        return user_id

    async def abort(self, status: grpc.Status) -> None:
        self.code = status.code
        trailing = (*status.trailing_metadata, (REQUEST_ID_HEADER, self.request_id))
        await self.context.abort(status.code, status.details, trailing)

    async def fail(self, error: BaseException) -> None:
        """Turns any failure into the status the caller sees; always raises."""
        await self.abort(error_mapping.status_of_failure(error, self.method, self.request_id))

    def finish(self, error: BaseException | None) -> None:
        if isinstance(error, asyncio.CancelledError):
            # grpc cancels the task both when the client cancels and when the
            # deadline passes; the deadline taken at the start tells them apart
            # (grpc's timer may fire a hair before our clock says it is due).
            expired = self.time_allowed is not None and (
                time.perf_counter() - self.started >= self.time_allowed - _DEADLINE_SLACK
            )
            self.code = grpc.StatusCode.DEADLINE_EXCEEDED if expired else grpc.StatusCode.CANCELLED
        elif isinstance(error, grpc.aio.AbortError) and self.code is grpc.StatusCode.OK:
            # The servicer aborted by itself; the context knows the code.
            self.code = self.context.code() or grpc.StatusCode.UNKNOWN
        duration = time.perf_counter() - self.started
        name = self.code.name
        observability.RPC_IN_FLIGHT.dec()
        observability.RPC_TOTAL.labels(self.method, name).inc()
        observability.RPC_DURATION.labels(self.method).observe(duration)
        if not self.method.startswith(_PUBLIC_PREFIXES):
            log.info("rpc", code=name, duration_ms=round(duration * 1000, 3), peer=self.peer)
        structlog.contextvars.clear_contextvars()


UnaryBehaviour = Callable[[Any, grpc.aio.ServicerContext], Awaitable[Any] | Any]
StreamBehaviour = Callable[[Any, grpc.aio.ServicerContext], AsyncIterator[Any] | Iterator[Any]]
StreamHandler = Callable[[Any, grpc.aio.ServicerContext], Awaitable[None]]


@dataclass(frozen=True)
class _Undecodable:
    """A request whose bytes are not the method's message: the servicer never
    sees it, the caller gets INVALID_ARGUMENT like any bad input."""

    error: Exception


def _tolerant(deserializer: Callable[[bytes], Any] | None) -> Callable[[bytes], Any] | None:
    if deserializer is None:
        return None

    def deserialize(raw: bytes) -> Any:
        try:
            return deserializer(raw)
        except Exception as exc:  # DecodeError, and whatever a parser raises
            return _Undecodable(exc)

    return deserialize


async def _write(context: grpc.aio.ServicerContext, response: Any) -> None:
    try:
        await context.write(response)
    except grpc.aio.InternalError as exc:
        # The core refused the write: the client went away before grpc told the
        # task. That is a cancellation, not a fault of ours.
        raise asyncio.CancelledError from exc


async def _write_all(
    responses: AsyncIterator[Any] | Iterator[Any], context: grpc.aio.ServicerContext
) -> None:
    """Sends every response; closes the servicer's generator however it ends, so
    its own clean-up (e.g. an inbox subscription) runs now, inside the call."""
    try:
        if isinstance(responses, AsyncIterator):
            async for response in responses:
                await _write(context, response)
        else:  # a plain generator from a synchronous servicer method
            for response in responses:
                await _write(context, response)
    finally:
        close = getattr(responses, "aclose", None) or getattr(responses, "close", None)
        if close is not None:
            closed = close()
            if inspect.isawaitable(closed):
                await closed


class ObservedCalls(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """Wraps every unary and server-streaming handler (the only shapes officer.v1 uses)."""

    def __init__(self, verifier: TokenVerifier, admission: Admission) -> None:
        self._verifier = verifier
        self._admission = admission

    async def _run(
        self,
        method: str,
        request: Any,
        context: grpc.aio.ServicerContext,
        *,
        stream: bool,
        behaviour: Callable[[], Awaitable[Any]],
    ) -> Any:
        call = _Call(method, context, self._verifier)
        error: BaseException | None = None
        ticket = None
        try:
            if isinstance(request, _Undecodable):
                raise InvalidArgument(
                    [FieldViolation("", "the request is not a valid message of this method")],
                    reason="UNDECODABLE_REQUEST",
                )
            if not method.startswith(_PUBLIC_PREFIXES):
                violations = nul_violations(request)
                if violations:
                    raise InvalidArgument(violations, reason="NUL_CHARACTER")
                user_id = call.authenticate()
                ticket = self._admission.admit(user_id=user_id, stream=stream)
            return await behaviour()
        except (grpc.aio.AbortError, asyncio.CancelledError) as exc:
            error = exc
            raise
        except Exception as exc:
            error = grpc.aio.AbortError()
            await call.fail(exc)
        finally:
            if ticket is not None:
                ticket.release()
            call.finish(error)

    def _unary(self, method: str, behaviour: UnaryBehaviour) -> UnaryBehaviour:
        async def handle(request: Any, context: grpc.aio.ServicerContext) -> Any:
            async def respond() -> Any:
                result = behaviour(request, context)
                return await result if inspect.isawaitable(result) else result

            return await self._run(method, request, context, stream=False, behaviour=respond)

        return handle

    def _unary_stream(self, method: str, behaviour: StreamBehaviour) -> StreamHandler:
        # A coroutine, not an async generator: see the module's docstring.
        async def handle(request: Any, context: grpc.aio.ServicerContext) -> None:
            async def respond() -> None:
                await _write_all(behaviour(request, context), context)

            await self._run(method, request, context, stream=True, behaviour=respond)

        return handle

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method
        deserializer = _tolerant(handler.request_deserializer)
        if handler.unary_unary is not None:
            return handler._replace(
                unary_unary=self._unary(method, handler.unary_unary),
                request_deserializer=deserializer,
            )
        if handler.unary_stream is not None:
            return handler._replace(
                unary_stream=self._unary_stream(method, handler.unary_stream),
                request_deserializer=deserializer,
            )
        return handler
