"""What the inbox use cases need of the store, and the view they return."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from service.kernel.ports import RequestRecords


@dataclass(frozen=True)
class ItemView:
    seq: int
    item_id: str
    user_id: str
    kind: str
    subject: str
    notice_id: str | None
    title: str
    summary: str
    acknowledgement_required: bool
    acknowledge_due_time: datetime | None
    create_time: datetime
    read_time: datetime | None
    acknowledge_time: datetime | None
    acknowledge_comment: str
    # The item left the inbox: the notice it brings was withdrawn.
    hidden: bool


class InboxRecords(Protocol):
    def newest_first(
        self, user_id: str, *, unread_only: bool, before_seq: int | None, limit: int
    ) -> list[ItemView]: ...
    def oldest_first_after(self, user_id: str, after_seq: int, limit: int) -> list[ItemView]:
        """Items after ``after_seq``, in the order they committed."""
        ...

    def unread_count(self, user_id: str) -> int: ...
    def get(self, user_id: str, item_id: str) -> ItemView | None: ...
    def notice_item_of(self, user_id: str, notice_id: str) -> ItemView | None:
        """The item that brought the notice itself to the user."""
        ...

    def mark_read(self, user_id: str, item_ids: Sequence[str], now: datetime) -> None:
        """The first read time is kept."""
        ...

    def mark_all_read(self, user_id: str, now: datetime) -> int: ...
    def acknowledge(self, user_id: str, item_id: str, comment: str, now: datetime) -> None:
        """Acknowledges (and so reads) an item; the first acknowledgement is kept."""
        ...


class UnitOfWork(Protocol):
    @property
    def inbox(self) -> InboxRecords: ...
    @property
    def requests(self) -> RequestRecords: ...
