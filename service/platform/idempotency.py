"""request_id on mutations (AIP-155), the same for every mutation of every service.

A request id belongs to its caller and method: the same id from another user or
to another method is another request. A repeat of a request gets the first
response and changes nothing; the same id with a different request is
INVALID_ARGUMENT. ``once`` wraps a mutation's transaction body: it takes a lock
on the key first, so that a retry racing the original waits for it and then
answers with its response, then replays or runs the change and stores its
response, all in the mutation's own transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Protocol, TypeVar

from google.protobuf.message import Message

from service.kernel.errors import InvalidArgument
from service.kernel.ports import RequestKey, RequestRecords, fingerprint

R = TypeVar("R", bound=Message)
U = TypeVar("U", bound="HasRequests")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


class HasRequests(Protocol):
    @property
    def requests(self) -> RequestRecords: ...


def checked_request_id(value: str) -> str | None:
    """The request's id, None when it has none; INVALID_ARGUMENT when malformed."""
    if value and not _REQUEST_ID.match(value):
        raise InvalidArgument.field("request_id", "1 to 64 letters, digits or ._:-")
    return value or None


def replay(uow: HasRequests, key: RequestKey, request: Message, response_type: type[R]) -> R | None:
    """The first response to this request id, if there was one."""
    stored = uow.requests.find(key)
    if stored is None:
        return None
    if stored.request_sha256 != fingerprint(request.SerializeToString(deterministic=True)):
        raise InvalidArgument.field("request_id", "was already used for a different request")
    return response_type.FromString(stored.response)


def remember(
    uow: HasRequests, key: RequestKey, request: Message, response: Message, now: datetime
) -> None:
    """Stores the response under the request id (nothing without one)."""
    uow.requests.save(
        key,
        request.SerializeToString(deterministic=True),
        response.SerializeToString(deterministic=True),
        now,
    )


def once(
    key: RequestKey,
    request: Message,
    response_type: type[R],
    now: datetime,
    change: Callable[[U], R],
) -> Callable[[U], R]:
    """The transaction body of a mutation: the first response when this request
    was seen, else ``change`` and its response remembered."""

    def work(uow: U) -> R:
        uow.requests.lock(key)
        first = replay(uow, key, request, response_type)
        if first is not None:
            return first
        response = change(uow)
        remember(uow, key, request, response, now)
        return response

    return work
