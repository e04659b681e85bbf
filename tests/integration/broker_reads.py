"""Reading what the module published, from a queue a test bound."""

from __future__ import annotations

import time
from typing import Any

import pika


def drain(connection: pika.BlockingConnection, queue: str, count: int) -> list[tuple[Any, bytes]]:
    """``count`` messages, then a second's wait for any that should not come."""
    channel = connection.channel()
    received: list[tuple[Any, bytes]] = []
    deadline = time.monotonic() + 60
    quiet_until = None
    while time.monotonic() < deadline:
        method, properties, body = channel.basic_get(queue, auto_ack=True)
        if method is not None:
            received.append((properties, body))
            continue
        if len(received) >= count:
            quiet_until = quiet_until or time.monotonic() + 1.0
            if time.monotonic() > quiet_until:
                break
        connection.sleep(0.05)
    return received
