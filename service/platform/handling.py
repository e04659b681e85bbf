"""How a servicer runs a use case: in one transaction, as the authenticated
caller, loaded inside that transaction (one round of the database per call, not
one for the caller and another for the data). Mutations go through the one
idempotency body (platform/idempotency.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from google.protobuf.message import Message

from service.kernel.access import Caller
from service.kernel.clock import Clock
from service.kernel.ports import RequestKey, Transactions
from service.platform import idempotency, identity

T = TypeVar("T")
R = TypeVar("R", bound=Message)


async def query(transactions: Transactions[Any], work: Callable[[Any, Caller], T]) -> T:
    """``work(uow, caller)`` in a read-only transaction."""
    user_id = identity.current_user_id()
    return await transactions.read(lambda uow: work(uow, uow.callers.load(user_id)))


async def mutation(
    transactions: Transactions[Any],
    *,
    method: str,
    request: Any,
    response_type: type[R],
    now: datetime,
    change: Callable[[Any, Caller], R],
) -> R:
    """``change(uow, caller)`` in a transaction, once per request id: a repeat
    answers with the first response."""
    user_id = identity.current_user_id()
    key = RequestKey(user_id, method, idempotency.checked_request_id(request.request_id))
    return await transactions.write(
        idempotency.once(
            key, request, response_type, now, lambda uow: change(uow, uow.callers.load(user_id))
        )
    )


async def clocked_mutation(
    transactions: Transactions[Any],
    clock: Clock,
    *,
    method: str,
    request: Any,
    response_type: type[R],
    change: Callable[[Any, Caller, datetime], R],
) -> R:
    """A ``mutation`` whose change is told the time, read once from ``clock``
    (the time its request record keeps too)."""
    now = clock()
    return await mutation(
        transactions,
        method=method,
        request=request,
        response_type=response_type,
        now=now,
        change=lambda uow, caller: change(uow, caller, now),
    )


class Mutations:
    """A servicer's mutations (``/officer.v1.XService/`` + method), each a
    ``clocked_mutation``: ``await self._mutate(request, method, type, change)``."""

    def __init__(self, transactions: Transactions[Any], clock: Clock, service: str) -> None:
        self._transactions = transactions
        self._clock = clock
        self._service = service

    async def __call__(
        self,
        request: Any,
        method: str,
        response_type: type[R],
        change: Callable[[Any, Caller, datetime], R],
    ) -> R:
        return await clocked_mutation(
            self._transactions,
            self._clock,
            method=f"{self._service}{method}",
            request=request,
            response_type=response_type,
            change=change,
        )


class Announcer(Protocol):
    def committed(self, users: tuple[str, ...]) -> None: ...


async def pushing_mutation(
    transactions: Transactions[Any],
    pushes: Announcer,
    *,
    method: str,
    request: Any,
    response_type: type[R],
    now: datetime,
    change: Callable[[Any, Caller], tuple[R, tuple[str, ...]]],
    events: bool = False,
) -> R:
    """A mutation that pushes: ``change`` answers with the response and whose
    inboxes it wrote to, announced (streams and the relay woken) once
    committed, and not on a replay, whose pushes were announced the first time.
    With ``events`` every change also wrote domain events to the outbox: the
    relay is woken even when nobody was pushed to."""
    notified: list[tuple[str, ...]] = []

    def work(uow: Any, caller: Caller) -> R:
        response, users = change(uow, caller)
        notified.append(users)
        return response

    response = await mutation(
        transactions,
        method=method,
        request=request,
        response_type=response_type,
        now=now,
        change=work,
    )
    if notified and (notified[-1] or events):
        pushes.committed(notified[-1])
    return response
