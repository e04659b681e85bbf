"""request_id on mutations (AIP-155): a repeat gets the first response and
changes nothing; the same id with a different request is refused.

Call ``replay`` first and ``remember`` last, both inside the mutation's own
transaction, so that the effect and its stored response commit together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

import sqlalchemy as sa
from google.protobuf.message import Message

from service.domain.errors import InvalidArgument
from service.store import request_records

R = TypeVar("R", bound=Message)


@dataclass(frozen=True)
class RequestKey:
    """Whose request, to which method, under which id (None: not idempotent)."""

    caller: str
    method: str
    request_id: str | None


_REQUEST_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def checked_request_id(value: str) -> str | None:
    """The request's id, None when it has none; INVALID_ARGUMENT when malformed."""
    if value and not _REQUEST_ID.match(value):
        raise InvalidArgument.field("request_id", "1 to 64 letters, digits or ._:-")
    return value or None


def replay(
    connection: sa.Connection, key: RequestKey, request: Message, response_type: type[R]
) -> R | None:
    """The first response to this request id, if there was one."""
    if key.request_id is None:
        return None
    stored = request_records.find_response(
        connection, caller=key.caller, method=key.method, request_id=key.request_id
    )
    if stored is None:
        return None
    if stored.request_sha256 != request_records.fingerprint(
        request.SerializeToString(deterministic=True)
    ):
        raise InvalidArgument.field("request_id", "was already used for a different request")
    return response_type.FromString(stored.response)


def remember(
    connection: sa.Connection,
    key: RequestKey,
    request: Message,
    response: Message,
    now: datetime,
) -> None:
    """Stores the response under the request id (nothing without one)."""
    if key.request_id is None:
        return
    request_records.save_response(
        connection,
        caller=key.caller,
        method=key.method,
        request_id=key.request_id,
        request=request.SerializeToString(deterministic=True),
        response=response.SerializeToString(deterministic=True),
        now=now,
    )


def once(
    key: RequestKey,
    request: Message,
    response_type: type[R],
    now: datetime,
    change: Callable[[sa.Connection], R],
) -> Callable[[sa.Connection], R]:
    """The transaction body of a mutation with a request id: the first response
    when this request was seen, else ``change`` and its response remembered."""

    def work(connection: sa.Connection) -> R:
        first = replay(connection, key, request, response_type)
        if first is not None:
            return first
        response = change(connection)
        remember(connection, key, request, response, now)
        return response

    return work
