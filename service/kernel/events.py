"""Domain events for the host (domain.event.v1 on officer.events): written to
the outbox in the transaction of the change they tell of, published by the
same relay as pushes, so a change and its event commit together or not at all.

The message id is minted once, in that transaction, and is what consumers
deduplicate on: a relay that publishes twice sends the same id twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import pydantic_core

from contracts import topology
from service.kernel.ids import new_id
from service.kernel.pushes import Outgoing

SCHEMA = "domain.event.v1"


def _time(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def domain_event(
    event_type: str, *, subject: str, actor: str, data: Mapping[str, Any], now: datetime
) -> Outgoing:
    """One event; its routing key is its type (``activity.reported``), so the
    host binds to the families it follows (``activity.#``)."""
    event_id = f"event-{new_id(now)}"
    document = {
        "schema": SCHEMA,
        "message_id": event_id,
        "occurred_time": _time(now),
        "event_type": event_type,
        "subject": subject,
        "actor": actor,
        "data": dict(data),
    }
    return Outgoing(
        message_id=event_id,
        exchange=topology.EVENTS.name,
        routing_key=event_type,
        message_type=SCHEMA,
        body=pydantic_core.to_json(document),
    )
