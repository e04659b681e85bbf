"""The RabbitMQ topology: exchanges, queues, bindings and routing keys.

Plain data, so that the adapters declare it, ``deploy/`` renders it as broker
definitions and the host's teams read it in one place.

Ownership: the host publishes its registries to ``host.registry``; the module
consumes them from its own quorum queue ``officer.registry``. The module
publishes terminal pushes to ``officer.push`` (one routing key per terminal
user, one per grid for grid-wide screens) and domain events and snapshot
requests to ``officer.events``; consumers of those own their queues. No queue
is ever declared per terminal (each quorum queue is a Raft group).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ExchangeType = Literal["topic", "fanout", "direct"]

# RabbitMQ 3.10 has no default delivery limit for quorum queues: a poison message
# would otherwise be redelivered forever.
DELIVERY_LIMIT = 5


@dataclass(frozen=True)
class Exchange:
    name: str
    type: ExchangeType
    owner: Literal["host", "officer"]
    purpose: str


@dataclass(frozen=True)
class Queue:
    name: str
    purpose: str
    arguments: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Binding:
    exchange: str
    queue: str
    routing_key: str


def _quorum(dead_letter_exchange: str | None) -> dict[str, str | int]:
    arguments: dict[str, str | int] = {"x-queue-type": "quorum"}
    if dead_letter_exchange is not None:
        arguments |= {
            "x-dead-letter-exchange": dead_letter_exchange,
            # at-least-once dead-lettering needs reject-publish overflow.
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
            "x-delivery-limit": DELIVERY_LIMIT,
        }
    return arguments


HOST_REGISTRY = Exchange(
    "host.registry",
    "topic",
    owner="host",
    purpose="The host's user, grid and permission events and snapshot replies.",
)
DEAD_LETTER = Exchange(
    "officer.dead-letter",
    "topic",
    owner="officer",
    purpose="Messages the module could not process, with the reason in a header.",
)
PUSH = Exchange(
    "officer.push",
    "topic",
    owner="officer",
    purpose="terminal.push.v1 messages routed per user, grid.push.v1 per grid.",
)
EVENTS = Exchange(
    "officer.events",
    "topic",
    owner="officer",
    purpose="domain.event.v1 and snapshot.requested.v1 messages.",
)
EXCHANGES = (HOST_REGISTRY, DEAD_LETTER, PUSH, EVENTS)

REGISTRY_QUEUE = Queue(
    "officer.registry",
    purpose="The module's subscription to the host registries.",
    arguments=_quorum(DEAD_LETTER.name),
)
DEAD_LETTER_QUEUE = Queue(
    "officer.dead-letter",
    purpose="Holds dead-lettered messages for an operator to inspect and replay.",
    arguments=_quorum(None),
)
QUEUES = (REGISTRY_QUEUE, DEAD_LETTER_QUEUE)

# Routing keys of what the host publishes on host.registry: the schema name
# without its version (user.upserted.v1 travels as user.upserted).
CONSUMED_ROUTING_KEYS = (
    "user.upserted",
    "user.deleted",
    "grid.upserted",
    "grid.deleted",
    "unit.upserted",
    "unit.deleted",
    "permission.toggled",
    "snapshot.chunk",
    "snapshot.completed",
)
BINDINGS = (
    Binding(HOST_REGISTRY.name, REGISTRY_QUEUE.name, "user.*"),
    Binding(HOST_REGISTRY.name, REGISTRY_QUEUE.name, "grid.*"),
    Binding(HOST_REGISTRY.name, REGISTRY_QUEUE.name, "unit.*"),
    Binding(HOST_REGISTRY.name, REGISTRY_QUEUE.name, "permission.*"),
    Binding(HOST_REGISTRY.name, REGISTRY_QUEUE.name, "snapshot.*"),
    Binding(DEAD_LETTER.name, DEAD_LETTER_QUEUE.name, "#"),
)

# The headers a dead-lettered message carries (contracts/TERMINALS.md, README):
# why it was refused, as a stable code and a short text that repeats no value of
# the message; when; and where it came from, so that it can be replayed there.
DEAD_LETTER_REASON_HEADER = "x-officer-dead-letter-reason"
DEAD_LETTER_DETAIL_HEADER = "x-officer-dead-letter-detail"
DEAD_LETTER_TIME_HEADER = "x-officer-dead-letter-time"
ORIGINAL_EXCHANGE_HEADER = "x-officer-original-exchange"
ORIGINAL_ROUTING_KEY_HEADER = "x-officer-original-routing-key"
DEAD_LETTER_HEADERS = (
    DEAD_LETTER_REASON_HEADER,
    DEAD_LETTER_DETAIL_HEADER,
    DEAD_LETTER_TIME_HEADER,
    ORIGINAL_EXCHANGE_HEADER,
    ORIGINAL_ROUTING_KEY_HEADER,
)

SNAPSHOT_REQUESTED_ROUTING_KEY = "snapshot.requested"


def routing_key_for_schema(schema: str) -> str:
    """``user.upserted.v1`` travels as ``user.upserted``."""
    base, _, version = schema.rpartition(".")
    if not base or not version.startswith("v"):
        raise ValueError(f"not a versioned schema name: {schema!r}")
    return base


def user_push_routing_key(user_id: str) -> str:
    """Where a terminal session or the host's push gateway binds for one user."""
    return f"user.{user_id}"


def grid_push_routing_key(grid_code: str) -> str:
    """Where a grid-wide screen binds for one grid."""
    return f"grid.{grid_code}"


def event_routing_key(event_type: str) -> str:
    """Domain events travel as ``event.<type>``, e.g. ``event.notice.published``."""
    return f"event.{event_type}"
