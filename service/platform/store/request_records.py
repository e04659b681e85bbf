"""Repository of stored first responses, keyed by (caller, method, request id)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from service.kernel.ports import RequestKey, StoredResponse, fingerprint
from service.platform.store.tables import REQUEST_RECORD


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


class SqlRequestRecords:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def lock(self, key: RequestKey) -> None:
        """A transaction-scoped advisory lock on PostgreSQL, so that a retry racing
        its original waits and then finds the stored response instead of failing
        on the record's key; SQLite's writers take turns anyway."""
        if self._c.dialect.name == "postgresql" and key.request_id is not None:
            self._c.execute(
                sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
                {"key": f"{key.caller}|{key.method}|{key.request_id}"},
            )

    def find(self, key: RequestKey) -> StoredResponse | None:
        if key.request_id is None:
            return None
        return find_response(
            self._c, caller=key.caller, method=key.method, request_id=key.request_id
        )

    def save(self, key: RequestKey, request: bytes, response: bytes, now: datetime) -> None:
        if key.request_id is None:
            return
        save_response(
            self._c,
            caller=key.caller,
            method=key.method,
            request_id=key.request_id,
            request=request,
            response=response,
            now=now,
        )
