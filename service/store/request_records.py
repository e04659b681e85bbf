"""Repository of stored first responses, keyed by (caller, method, request id)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from service.store.tables import RequestRecord


@dataclass(frozen=True)
class StoredResponse:
    request_sha256: str
    response: bytes


def fingerprint(request: bytes) -> str:
    return hashlib.sha256(request).hexdigest()


def find_response(
    session: Session, *, caller: str, method: str, request_id: str
) -> StoredResponse | None:
    record = session.get(RequestRecord, (caller, method, request_id))
    if record is None:
        return None
    return StoredResponse(record.request_sha256, record.response)


def save_response(
    session: Session,
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
    session.add(
        RequestRecord(
            caller=caller,
            method=method,
            request_id=request_id,
            request_sha256=fingerprint(request),
            response=response,
            create_time=now,
        )
    )
