"""Page sizes and opaque page tokens (AIP-158).

A token carries the last key returned and a digest of the request's filter: a
token used with a different filter is INVALID_ARGUMENT, not a silently wrong page.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from service.kernel.errors import InvalidArgument

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def page_size(
    requested: int, *, default: int = DEFAULT_PAGE_SIZE, maximum: int = MAX_PAGE_SIZE
) -> int:
    if requested < 0:
        raise InvalidArgument.field("page_size", "must not be negative")
    return min(requested or default, maximum)


def _digest(filter_key: str) -> str:
    return hashlib.sha256(filter_key.encode()).hexdigest()[:16]


def encode_token(after: str, filter_key: str) -> str:
    raw = json.dumps({"a": after, "f": _digest(filter_key)}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str, filter_key: str) -> str:
    """The key to continue after; "" for the first page."""
    if not token:
        return ""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        document = json.loads(raw)
        after, digest = document["a"], document["f"]
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidArgument.field("page_token", "is not a token this service issued") from exc
    if not isinstance(after, str) or digest != _digest(filter_key):
        raise InvalidArgument.field(
            "page_token", "belongs to a request with other filters; start again without it"
        )
    return after


@dataclass(frozen=True)
class Page:
    """One page of a list request: how many rows, after which key, under which filter."""

    size: int
    after: str
    filter_key: str

    @classmethod
    def of(
        cls,
        request: Any,
        filter_key: str,
        *,
        default: int = DEFAULT_PAGE_SIZE,
        maximum: int = MAX_PAGE_SIZE,
    ) -> Page:
        size = page_size(request.page_size, default=default, maximum=maximum)
        return cls(size, decode_token(request.page_token, filter_key), filter_key)

    @property
    def fetch(self) -> int:
        """Rows to read: one more than the page, to know whether another follows."""
        return self.size + 1

    def cut(self, rows: Sequence[T], key: Callable[[T], str]) -> tuple[Sequence[T], str]:
        """The page's rows and the token of the next page ("" at the end)."""
        shown = rows[: self.size]
        more = len(rows) > self.size
        return shown, encode_token(key(shown[-1]), self.filter_key) if more else ""


def time_and_id_key(time: datetime, row_id: str) -> str:
    """A keyset position on (time, id), for lists ordered by time."""
    return f"{time.isoformat()}|{row_id}"


def time_and_id(after: str) -> tuple[datetime, str]:
    time_text, _, row_id = after.partition("|")
    try:
        time = datetime.fromisoformat(time_text)
    except ValueError as exc:
        raise InvalidArgument.field("page_token", "is not a token this service issued") from exc
    return time, row_id


def line_number(after: str) -> int:
    """A keyset position on a line number (1 to 999,999,999); 0 for the first page."""
    if not after:
        return 0
    if not (after.isascii() and after.isdigit() and len(after) <= 9):
        raise InvalidArgument.field("page_token", "is not a token this service issued")
    return int(after)
