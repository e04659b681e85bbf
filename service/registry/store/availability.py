"""Officers' own quiet hours and days off (the city's apply to the others)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from service.kernel.working_time import OwnHours, QuietHours
from service.platform.store import bulk
from service.platform.store.bulk import one_of
from service.platform.store.database import as_utc
from service.platform.store.tables import OFFICER_AVAILABILITY as HOURS


def _own(row: Any) -> OwnHours:
    quiet = QuietHours.parse(row.quiet_hours) if row.quiet_hours else None
    return OwnHours(quiet, row.working_days_only)


class SqlOfficerHours:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def of(self, user_ids: Sequence[str]) -> dict[str, OwnHours]:
        rows = self._c.execute(sa.select(HOURS).where(one_of(self._c, HOURS.c.user_id, user_ids)))
        return {row.user_id: _own(row) for row in rows}

    def get(self, user_id: str) -> tuple[OwnHours, datetime] | None:
        row = self._c.execute(sa.select(HOURS).where(HOURS.c.user_id == user_id)).one_or_none()
        return None if row is None else (_own(row), as_utc(row.update_time))

    def put(self, user_id: str, own: OwnHours, now: datetime, fields: Sequence[str]) -> None:
        values = {
            "quiet_hours": str(own.quiet) if own.quiet is not None else "",
            "working_days_only": own.working_days_only,
            "update_time": now,
        }
        changed = {name: value for name, value in values.items() if name in fields}
        bulk.upsert(self._c, HOURS, {"user_id": user_id}, values, {**changed, "update_time": now})

    def drop(self, user_ids: Sequence[str]) -> None:
        self._c.execute(sa.delete(HOURS).where(one_of(self._c, HOURS.c.user_id, user_ids)))
