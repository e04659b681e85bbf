"""The use cases' ports (service/app/ports.py) over one database transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import sqlalchemy as sa

from service.app.ports import NewItem, Outgoing
from service.domain.notices import Notice, NoticeContent, Recipient
from service.domain.registry import OfficerCategory, Role
from service.store import inbox, notices, outbox, registry_reads


class _Notices:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def get(self, notice_id: str, *, lock: bool = False) -> Notice | None:
        return notices.get(self._c, notice_id, lock=lock)

    def insert(self, notice: Notice) -> None:
        notices.insert(self._c, notice)

    def update(self, notice: Notice) -> None:
        notices.update(self._c, notice)

    def add_revision(self, notice: Notice, action: str, reason: str, actor: str) -> None:
        notices.add_revision(self._c, notice, action, reason, actor)

    def recipients(self, notice_id: str) -> list[Recipient]:
        return notices.recipients(self._c, notice_id)

    def laggards(self, notice_id: str) -> list[Recipient]:
        return notices.laggards(self._c, notice_id)

    def claim_step(self, notice_id: str, step: str, now: datetime) -> bool:
        return notices.claim_step(self._c, notice_id, step, now)

    def forget_steps(self, notice_id: str) -> None:
        notices.forget_steps(self._c, notice_id)

    def awaiting_steps(
        self, now: datetime, horizon: datetime
    ) -> list[tuple[str, datetime, list[str]]]:
        return notices.awaiting_steps(self._c, now, horizon)


class _Audience:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def node_exists(self, code: str) -> bool:
        return registry_reads.get_node(self._c, code) is not None

    def officers_beneath(
        self, nodes: Iterable[str], categories: Sequence[OfficerCategory]
    ) -> dict[str, str]:
        return notices.officers_beneath(self._c, nodes, categories)

    def role_holders(self, roles: Sequence[Role], nodes: Iterable[str]) -> dict[str, str]:
        return notices.role_holders(self._c, roles, nodes)

    def users_in_reach(self, user_ids: Sequence[str], nodes: Iterable[str]) -> dict[str, str]:
        return notices.users_in_reach(self._c, user_ids, nodes)

    def officer_categories(self, user_ids: Sequence[str]) -> dict[str, str]:
        return notices.officer_categories(self._c, user_ids)

    def supervisors(self, nodes: Iterable[str]) -> dict[str, list[str]]:
        return notices.supervisors(self._c, nodes)


class _Inbox:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def append(self, items: Sequence[NewItem], now: datetime) -> None:
        inbox.append(self._c, items, now)

    def refresh_notice_items(self, notice_id: str, content: NoticeContent) -> None:
        inbox.refresh_notice_items(self._c, notice_id, content)

    def hide_notice(self, notice_id: str) -> None:
        inbox.hide_notice(self._c, notice_id)


class _Outbox:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def append(self, messages: Sequence[Outgoing], now: datetime) -> None:
        outbox.append(self._c, messages, now)


class SqlUnitOfWork:
    """Every port, over the caller's transaction on ``connection``."""

    def __init__(self, connection: sa.Connection) -> None:
        self.notices = _Notices(connection)
        self.audience = _Audience(connection)
        self.inbox = _Inbox(connection)
        self.outbox = _Outbox(connection)
