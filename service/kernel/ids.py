"""Identifiers the module mints: ULIDs (26 characters of Crockford base32, a
millisecond timestamp then randomness), so that ids sort by creation time and
stay unique across replicas without coordination."""

from __future__ import annotations

import base64
import os
from datetime import datetime

# base64's RFC 4648 alphabet, mapped onto Crockford's (no I, L, O or U), so that
# the encoding runs in C: a fan-out mints tens of thousands at once.
_CROCKFORD = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", b"0123456789ABCDEFGHJKMNPQRSTVWXYZ"
)


def _encode(value: int) -> str:
    # 160 bits make 32 characters; the value has 128, so the first six are
    # zeros and the last 26 are the ULID.
    return base64.b32encode(value.to_bytes(20, "big")).translate(_CROCKFORD)[6:].decode()


def new_id(now: datetime) -> str:
    return _encode((int(now.timestamp() * 1000) << 80) | int.from_bytes(os.urandom(10), "big"))


def new_ids(now: datetime, count: int) -> list[str]:
    """``count`` ids sharing ``now``'s timestamp, in increasing order (a fan-out's
    items then list in the order they were made)."""
    millis = int(now.timestamp() * 1000) << 80
    start = int.from_bytes(os.urandom(10), "big") >> 1  # room to count up without overflow
    # One encoding for them all: 20 bytes make exactly 32 characters, so the
    # ids sit side by side in the text, each after its six leading zeros.
    raw = b"".join((millis | (start + n)).to_bytes(20, "big") for n in range(count))
    text = base64.b32encode(raw).translate(_CROCKFORD).decode()
    return [text[at + 6 : at + 32] for at in range(0, 32 * count, 32)]
