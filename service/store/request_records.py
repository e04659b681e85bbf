"""Repository of stored first responses, keyed by (caller, method, request id)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from service.store.tables import RequestRecord

REQUEST_RECORD = RequestRecord.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class StoredResponse:
    request_sha256: str
    response: bytes


def fingerprint(request: bytes) -> str:
    return hashlib.sha256(request).hexdigest()


def find_response(
    connection: sa.Connection, *, caller: str, method: str, request_id: str
) -> StoredResponse | None:
    row = connection.execute(
        sa.select(REQUEST_RECORD.c.request_sha256, REQUEST_RECORD.c.response).where(
            REQUEST_RECORD.c.caller == caller,
            REQUEST_RECORD.c.method == method,
            REQUEST_RECORD.c.request_id == request_id,
        )
    ).one_or_none()
    return None if row is None else StoredResponse(row.request_sha256, row.response)


def save_response(
    connection: sa.Connection,
    *,
    caller: str,
    method: str,
    request_id: str,
    request: bytes,
    response: bytes,
    now: datetime,
) -> None:
    """Stores the first response; call inside the mutation's own transaction, so
    that the effect and its record commit together or not at all."""
    connection.execute(
        sa.insert(REQUEST_RECORD),
        {
            "caller": caller,
            "method": method,
            "request_id": request_id,
            "request_sha256": fingerprint(request),
            "response": response,
            "create_time": now,
        },
    )
