"""What the policy use cases need of the world, as protocols the store implements
(service/platform/store/unit_of_work.py). A use case runs inside one unit of
work: everything it writes commits together or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from service.kernel.access import Reach
from service.kernel.audience import Recipient
from service.kernel.ports import SharedUnitOfWork
from service.kernel.pushes import InboxAppends, OutboxAppends
from service.kernel.scheduler import DueSteps
from service.policy.rules import Notice, NoticeKind


@dataclass(frozen=True)
class StatsRow:
    scope_node: str
    recipients: int
    delivered: int
    read: int
    acknowledged: int


class NoticeRecords(Protocol):
    def get(self, notice_id: str, *, lock: bool = False) -> Notice | None: ...
    def insert(self, notice: Notice) -> None: ...
    def update(self, notice: Notice) -> None: ...
    def add_revision(self, notice: Notice, action: str, reason: str, actor: str) -> None: ...
    def recipients(self, notice_id: str) -> list[Recipient]:
        """Everyone the notice reached at publish time."""
        ...

    def laggards(self, notice_id: str) -> list[Recipient]:
        """Recipients who have not acknowledged the notice."""
        ...

    def is_recipient(self, notice_id: str, user_id: str) -> bool: ...
    def list_visible(
        self,
        *,
        user_id: str,
        reach: Reach,
        parent: str | None,
        kind: NoticeKind | None,
        show_withdrawn: bool,
        before: str | None,
        limit: int,
    ) -> list[Notice]: ...
    def stats(self, notice_id: str, reach: Reach, level_length: int) -> list[StatsRow]: ...


class NoticeItems(InboxAppends, Protocol):
    """The inbox items that carry notices."""

    def refresh_notice_items(
        self, notice_id: str, *, title: str, summary: str, acknowledge_due_time: datetime | None
    ) -> None:
        """The items that brought an amended notice show what it says now."""
        ...

    def hide_notice(self, notice_id: str) -> None: ...


class UnitOfWork(SharedUnitOfWork, Protocol):
    @property
    def notices(self) -> NoticeRecords: ...
    @property
    def inbox(self) -> NoticeItems: ...
    @property
    def outbox(self) -> OutboxAppends: ...
    @property
    def due_steps(self) -> DueSteps: ...
