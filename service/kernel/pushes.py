"""Delivering pushes: every push becomes an inbox item and, with a broker, an
outbox message, in the transaction of the change that caused it. This is the
path every push takes (notices, task alerts, replies, escalations)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, Protocol

import pydantic_core

from contracts import messages, topology
from service.kernel.ids import new_ids


@dataclass(frozen=True)
class Push:
    user_id: str
    kind: messages.PushKind
    subject: str
    title: str
    summary: str
    notice_id: str | None = None
    scope_node: str | None = None
    acknowledgement_required: bool = False
    acknowledge_due_time: datetime | None = None


class PushedItem(NamedTuple):
    """A push as the inbox item it becomes, under the id minted for it."""

    item_id: str
    push: Push


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


class InboxAppends(Protocol):
    def append(self, items: Sequence[PushedItem], now: datetime) -> None: ...


class OutboxAppends(Protocol):
    def append(self, messages: Sequence[Outgoing], now: datetime) -> None: ...


class PushesUnitOfWork(Protocol):
    """What delivering needs of a unit of work."""

    @property
    def inbox(self) -> InboxAppends: ...
    @property
    def outbox(self) -> OutboxAppends: ...


@dataclass(frozen=True)
class GridScreenPush:
    grid_code: str
    kind: messages.PushKind
    subject: str
    title: str
    summary: str


def message_id(item_id: str) -> str:
    """The AMQP message id of an inbox item's push."""
    return f"push-{item_id}"


def cursor(item_id: str) -> str:
    """The stream cursor after an item (opaque to terminals)."""
    return item_id


def _time(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


def deliver(
    uow: PushesUnitOfWork,
    pushes: Sequence[Push],
    now: datetime,
    *,
    via_broker: bool,
    screens: Sequence[GridScreenPush] = (),
) -> list[str]:
    """Writes the inbox items (and outbox messages when a broker carries pushes)
    and returns the items' ids, in the order of ``pushes``."""
    ids = new_ids(now, len(pushes))
    uow.inbox.append(
        [PushedItem(item_id, push) for item_id, push in zip(ids, pushes, strict=True)], now
    )
    if via_broker:
        uow.outbox.append(
            [
                *(
                    _user_message(item_id, push, now)
                    for item_id, push in zip(ids, pushes, strict=True)
                ),
                *(_screen_message(screen, now) for screen in screens),
            ],
            now,
        )
    return ids


def _user_message(item_id: str, push: Push, now: datetime) -> Outgoing:
    # A dict through pydantic-core's serialiser, not a model per push: a fan-out
    # makes tens of thousands. tests/unit checks the result against the schema.
    document = {
        "schema": "terminal.push.v1",
        "message_id": message_id(item_id),
        "occurred_time": _time(now),
        "recipient": push.user_id,
        "inbox_item": f"users/{push.user_id}/inboxItems/{item_id}",
        "cursor": cursor(item_id),
        "kind": push.kind.value,
        "subject": push.subject,
        "title": push.title,
        "summary": push.summary,
        "acknowledgement_required": push.acknowledgement_required,
    }
    if push.acknowledge_due_time is not None:
        document["acknowledge_due_time"] = _time(push.acknowledge_due_time)
    return Outgoing(
        message_id=message_id(item_id),
        exchange=topology.PUSH.name,
        routing_key=topology.user_push_routing_key(push.user_id),
        message_type="terminal.push.v1",
        body=pydantic_core.to_json(document),
        inbox_item_id=item_id,
    )


def _screen_message(screen: GridScreenPush, now: datetime) -> Outgoing:
    subject = screen.subject.rsplit("/", 1)[-1]
    stamp = int(now.timestamp() * 1000)
    document = {
        "schema": "grid.push.v1",
        "message_id": f"grid-{subject}-{screen.kind.value}-{screen.grid_code}-{stamp}",
        "occurred_time": _time(now),
        "grid": f"grids/{screen.grid_code}",
        "kind": screen.kind.value,
        "subject": screen.subject,
        "title": screen.title,
        "summary": screen.summary,
    }
    return Outgoing(
        message_id=str(document["message_id"]),
        exchange=topology.PUSH.name,
        routing_key=topology.grid_push_routing_key(screen.grid_code),
        message_type="grid.push.v1",
        body=pydantic_core.to_json(document),
    )
