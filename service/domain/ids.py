"""Identifiers the module mints: ULIDs (26 characters of Crockford base32, a
millisecond timestamp then randomness), so that ids sort by creation time and
stay unique across replicas without coordination."""

from __future__ import annotations

import os
from datetime import datetime

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_id(now: datetime) -> str:
    value = (int(now.timestamp() * 1000) << 80) | int.from_bytes(os.urandom(10), "big")
    return "".join(_ALPHABET[(value >> shift) & 31] for shift in range(125, -1, -5))


def new_ids(now: datetime, count: int) -> list[str]:
    """``count`` ids sharing ``now``'s timestamp, in increasing order (a fan-out's
    items then list in the order they were made)."""
    millis = int(now.timestamp() * 1000) << 80
    start = int.from_bytes(os.urandom(10), "big") >> 1  # room to count up without overflow
    return [
        "".join(_ALPHABET[((millis | (start + n)) >> shift) & 31] for shift in range(125, -1, -5))
        for n in range(count)
    ]
