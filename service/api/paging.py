"""Page sizes and opaque page tokens (AIP-158).

A token carries the last key returned and a digest of the request's filter: a
token used with a different filter is INVALID_ARGUMENT, not a silently wrong page.
"""

from __future__ import annotations

import base64
import hashlib
import json

from service.domain.errors import InvalidArgument

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
