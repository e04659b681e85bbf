"""A sample handheld terminal: prints every push that reaches one user, one line each.

It is the reference consumer of contracts/TERMINALS.md, small enough to read:

- with a broker, it owns an exclusive, auto-delete, server-named queue bound to
  ``officer.push`` with ``user.{id}`` (and ``grid.{code}`` per grid screen),
  consumes with manual acks and drops message ids it has already printed (the
  relay publishes at least once);
- without one (the embedded mode), it streams ``InboxService.StreamInboxItems``
  and, when the stream breaks, resumes from the cursor of the last item printed
  (terminal_stream.py).

Items go to stdout (text or JSON lines); logs go wherever the caller configured
structlog, so that stdout stays machine-readable.
"""

from __future__ import annotations

import json
import re
import signal
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any, Literal, TextIO

import pika
import structlog
from pika.exceptions import AMQPError

from adapters.topology import connection_parameters
from contracts import topology
from contracts.messages import ENTITY_ID_PATTERN

log = structlog.get_logger(__name__)

OutputFormat = Literal["text", "json"]

TERMINAL_PUSH = "terminal.push.v1"
GRID_PUSH = "grid.push.v1"

# The user id becomes a topic routing key: a '*' or '#' in it would bind a
# wildcard and deliver other users' pushes. Same pattern as the registry's ids.
_USER_ID = re.compile(rf"^{ENTITY_ID_PATTERN}$")
_GRID_CODE = re.compile(r"^[0-9]{15}$")

# Unacked deliveries the broker may hand over at once: enough to keep the
# connection busy after a burst (a notice to a whole street), small enough that
# a terminal that quits early leaves little to requeue.
PREFETCH = 100
# How often the consume loop looks up from the socket to notice a stop signal.
POLL_SECONDS = 0.25
# Ids remembered for duplicate detection. A repeat comes from a relay restart,
# within minutes of the original, so a bounded window is enough and a session
# left running for weeks does not grow without end.
REMEMBERED_IDS = 100_000


class InvalidOptions(ValueError):
    """The options cannot make a terminal (bad user id or grid code)."""


@dataclass(frozen=True)
class Item:
    """What the terminal shows of one push, whichever way it arrived."""

    source: Literal["amqp", "stream"]
    schema: str
    kind: str
    title: str
    message_id: str
    # Resumes StreamInboxItems after this item; grid pushes have none.
    cursor: str | None
    subject: str
    # The inbox item (users/{u}/inboxItems/{i}) or the grid (grids/{code}).
    resource: str


class Printer:
    """Writes the terminal's lines, flushed one by one: whoever reads the pipe
    (a test, ``jq``) sees each item as it arrives."""

    def __init__(self, out: TextIO, output_format: OutputFormat) -> None:
        self.out = out
        self.output_format = output_format

    def listening(self, **details: Any) -> None:
        if self.output_format == "json":
            self._write(json.dumps({"event": "listening", **details}, ensure_ascii=False))
        else:
            shown = ", ".join(f"{key}={value}" for key, value in details.items())
            self._write(f"listening: {shown}")

    def item(self, item: Item) -> None:
        if self.output_format == "json":
            self._write(json.dumps({"event": "item", **asdict(item)}, ensure_ascii=False))
        else:
            self._write(
                f"{item.kind:<17} {item.title}  [{item.message_id}] cursor={item.cursor or '-'}"
            )

    def _write(self, line: str) -> None:
        self.out.write(line + "\n")
        self.out.flush()


class SeenIds:
    """Message ids already printed in this session, oldest forgotten first."""

    def __init__(self, limit: int = REMEMBERED_IDS) -> None:
        self.limit = limit
        self._ids: OrderedDict[str, None] = OrderedDict()

    def add(self, message_id: str) -> bool:
        """True the first time an id is seen, False for a repeat."""
        if message_id in self._ids:
            return False
        self._ids[message_id] = None
        if len(self._ids) > self.limit:
            self._ids.popitem(last=False)
        return True


@contextmanager
def stop_on_signals() -> Iterator[threading.Event]:
    """An event set by SIGINT or SIGTERM, the previous handlers restored on exit.

    Setting a flag (rather than raising KeyboardInterrupt wherever the signal
    lands) lets the loops ack what they printed and close the connection."""
    stop = threading.Event()

    def handle(signum: int, frame: Any) -> None:
        log.info("stopping", signal=signal.Signals(signum).name)
        stop.set()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def check_options(user_id: str, grids: Sequence[str]) -> None:
    if not _USER_ID.match(user_id):
        raise InvalidOptions(f"--user must match {_USER_ID.pattern}, got {user_id!r}")
    for grid in grids:
        if not _GRID_CODE.match(grid):
            raise InvalidOptions(f"--grid must be a 15-digit grid code, got {grid!r}")


# --- with a broker -------------------------------------------------------------


def decode_push(properties: pika.BasicProperties, body: bytes) -> Item | str:
    """The item a delivery carries, or why it cannot be shown.

    A tolerant reader: fields it does not know are ignored (the module may add
    optional ones without a new schema version) and so is the exact ``kind``
    (a terminal shows an unknown kind like a plain notice)."""
    try:
        document = json.loads(body)
    except ValueError as exc:
        return f"body is not JSON: {exc}"
    if not isinstance(document, dict):
        return "body is not a JSON object"
    schema = properties.type or document.get("schema")
    if schema not in (TERMINAL_PUSH, GRID_PUSH):
        return f"unknown schema {schema!r}"
    # The property and the body's field are equal by contract; the property is
    # what a gateway sees without parsing the body.
    message_id: object = properties.message_id or document.get("message_id")
    fields = {name: document.get(name) for name in ("kind", "title", "subject")}
    missing = [name for name, value in fields.items() if not isinstance(value, str)]
    if not isinstance(message_id, str) or not message_id:
        return f"{schema} without message_id"
    if missing:
        return f"{schema} without {', '.join(missing)}"
    resource = document.get("inbox_item" if schema == TERMINAL_PUSH else "grid")
    cursor = document.get("cursor") if schema == TERMINAL_PUSH else None
    return Item(
        source="amqp",
        schema=schema,
        kind=str(fields["kind"]),
        title=str(fields["title"]),
        message_id=message_id,
        cursor=cursor if isinstance(cursor, str) else None,
        subject=str(fields["subject"]),
        resource=resource if isinstance(resource, str) else "",
    )


def run_amqp(
    amqp_url: str,
    *,
    user_id: str,
    grids: Sequence[str],
    printer: Printer,
    stop: threading.Event,
    max_items: int | None = None,
) -> int:
    """Prints pushes for the user (and grids) until stopped; the exit status.

    No reconnect: the queue is exclusive and goes with the connection, so what
    is published while it is down is only in the inbox. A real terminal would
    reconnect and catch up there (ListInboxItems, or StreamInboxItems from the
    last cursor); this sample says so and exits 1."""
    check_options(user_id, grids)
    routing_keys = [
        topology.user_push_routing_key(user_id),
        *(topology.grid_push_routing_key(grid) for grid in grids),
    ]
    seen = SeenIds()
    printed = 0
    try:
        connection = pika.BlockingConnection(connection_parameters(amqp_url))
    except AMQPError as exc:
        log.error("broker unreachable", error=str(exc) or type(exc).__name__)
        return 1
    try:
        channel = connection.channel()
        # The module declares the exchange at start-up; declaring it with the
        # same properties is a no-op then, and lets a terminal start first.
        channel.exchange_declare(topology.PUSH.name, topology.PUSH.type, durable=True)
        queue = channel.queue_declare("", exclusive=True, auto_delete=True).method.queue
        for key in routing_keys:
            channel.queue_bind(queue, topology.PUSH.name, routing_key=key)
        channel.basic_qos(prefetch_count=PREFETCH)
        printer.listening(
            mode="amqp", exchange=topology.PUSH.name, queue=queue, routing_keys=routing_keys
        )
        for method, properties, body in channel.consume(
            queue, auto_ack=False, inactivity_timeout=POLL_SECONDS
        ):
            if stop.is_set():
                break
            if method is None:
                continue
            decoded = decode_push(properties, body)
            if isinstance(decoded, str):
                # Nothing on an exclusive queue could ever read it: drop it,
                # loudly. (The broker has no dead-letter exchange for it.)
                log.warning("push not shown", reason=decoded, routing_key=method.routing_key)
                channel.basic_reject(method.delivery_tag, requeue=False)
                continue
            if seen.add(decoded.message_id):
                printer.item(decoded)
                printed += 1
            else:
                log.info("duplicate dropped", message_id=decoded.message_id)
            # Acked only once printed: a crash before this line shows it again.
            channel.basic_ack(method.delivery_tag)
            if max_items is not None and printed >= max_items:
                break
        channel.cancel()
    except AMQPError as exc:
        log.error(
            "broker connection lost; pushes published meanwhile are in the inbox",
            error=str(exc) or type(exc).__name__,
        )
        return 1
    finally:
        if connection.is_open:
            connection.close()
    log.info("stopped", printed=printed)
    return 0
