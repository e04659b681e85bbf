"""What the use cases need of the world, as protocols the store implements
(service/store/unit_of_work.py). A use case runs inside one ``UnitOfWork``:
everything it writes commits together or not at all."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from service.domain.notices import Notice, NoticeContent, Recipient
from service.domain.registry import OfficerCategory, Role

T = TypeVar("T")


@dataclass(frozen=True)
class NewItem:
    """An inbox item to append."""

    item_id: str
    user_id: str
    kind: str
    subject: str
    title: str
    summary: str
    notice_id: str | None = None
    scope_node: str | None = None
    acknowledgement_required: bool = False
    acknowledge_due_time: datetime | None = None


@dataclass(frozen=True)
class Outgoing:
    """One message for the outbox: persistent, with ``message_id`` as its AMQP
    message id and ``message_type`` (the schema name) as its type."""

    message_id: str
    exchange: str
    routing_key: str
    message_type: str
    body: bytes
    # The inbox item the message delivers, if any: marked delivered on confirm.
    inbox_item_id: str | None = None


class NoticeRecords(Protocol):
    def get(self, notice_id: str, *, lock: bool = False) -> Notice | None: ...
    def insert(self, notice: Notice) -> None: ...
    def update(self, notice: Notice) -> None: ...
    def add_revision(self, notice: Notice, action: str, reason: str, actor: str) -> None: ...
    def recipients(self, notice_id: str) -> list[Recipient]: ...
    def laggards(self, notice_id: str) -> list[Recipient]: ...
    def claim_step(self, notice_id: str, step: str, now: datetime) -> bool: ...
    def forget_steps(self, notice_id: str) -> None: ...
    def awaiting_steps(
        self, now: datetime, horizon: datetime
    ) -> list[tuple[str, datetime, list[str]]]: ...


class AudienceRecords(Protocol):
    """Who is where, from the registry mirror and the assignments."""

    def node_exists(self, code: str) -> bool: ...
    def officers_beneath(
        self, nodes: Iterable[str], categories: Sequence[OfficerCategory]
    ) -> dict[str, str]: ...
    def role_holders(self, roles: Sequence[Role], nodes: Iterable[str]) -> dict[str, str]: ...
    def users_in_reach(self, user_ids: Sequence[str], nodes: Iterable[str]) -> dict[str, str]: ...
    def officer_categories(self, user_ids: Sequence[str]) -> dict[str, str]: ...
    def supervisors(self, nodes: Iterable[str]) -> dict[str, list[str]]: ...


class InboxRecords(Protocol):
    def append(self, items: Sequence[NewItem], now: datetime) -> None: ...
    def refresh_notice_items(self, notice_id: str, content: NoticeContent) -> None: ...
    def hide_notice(self, notice_id: str) -> None: ...


class OutboxRecords(Protocol):
    def append(self, messages: Sequence[Outgoing], now: datetime) -> None: ...


class UnitOfWork(Protocol):
    @property
    def notices(self) -> NoticeRecords: ...
    @property
    def audience(self) -> AudienceRecords: ...
    @property
    def inbox(self) -> InboxRecords: ...
    @property
    def outbox(self) -> OutboxRecords: ...


class Transactions(Protocol):
    """Runs work in a unit of work of its own, off the event loop."""

    async def read(self, work: Callable[[UnitOfWork], T]) -> T: ...
    async def write(self, work: Callable[[UnitOfWork], T]) -> T: ...
