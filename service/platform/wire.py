"""Protobuf values to and from the module's own: times and enums, checked in one
place for every RPC, so that a number outside an enum or a Timestamp outside
its range is INVALID_ARGUMENT naming the field, never a failure deeper down."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from google.protobuf import timestamp_pb2
from google.protobuf.message import Message
from officer.v1 import common_pb2

from service.kernel.attachments import Attachment
from service.kernel.errors import InvalidArgument
from service.kernel.scope import ScopeLevel

E = TypeVar("E", bound=StrEnum)

# Timestamp's own range (google/protobuf/timestamp.proto): years 1 to 9999.
_MIN_SECONDS = -62_135_596_800
_MAX_SECONDS = 253_402_300_799


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def timestamp(value: datetime) -> timestamp_pb2.Timestamp:
    """``value`` (naive: UTC) as a Timestamp. Counted from the epoch here, not
    by ``FromDatetime``: a feed page holds some eighty times, and this is a
    third of its cost."""
    since = (value if value.tzinfo is not None else value.replace(tzinfo=UTC)) - _EPOCH
    return timestamp_pb2.Timestamp(
        seconds=since.days * 86_400 + since.seconds, nanos=since.microseconds * 1000
    )


def optional_time(message: Message, field: str, path: str) -> datetime | None:
    """The time in ``message.field`` (None when unset), aware UTC; ``path``
    names the field in an error."""
    if not message.HasField(field):
        return None
    stamp: timestamp_pb2.Timestamp = getattr(message, field)
    if not _MIN_SECONDS <= stamp.seconds <= _MAX_SECONDS or not 0 <= stamp.nanos < 1_000_000_000:
        raise InvalidArgument.field(path, "is not a valid time (years 1 to 9999)")
    return stamp.ToDatetime(tzinfo=UTC)


def enum_name(enum_type: Any, number: int, prefix: str, field: str) -> str | None:
    """The lower-case name of a proto enum number without its prefix; None for
    the unspecified value; INVALID_ARGUMENT for a number the enum does not have."""
    if number == 0:
        return None
    if number not in enum_type.values():
        raise InvalidArgument.field(field, "is not a known value")
    return str(enum_type.Name(number)).removeprefix(prefix).lower()


def required_enum(enum_type: Any, number: int, prefix: str, field: str, ours: type[E]) -> E:
    """A proto enum that must be set, as our enum of the same values."""
    name = enum_name(enum_type, number, prefix, field)
    if name is None:
        raise InvalidArgument.field(field, "must be set to a known value")
    return ours(name)


def optional_enum(enum_type: Any, number: int, prefix: str, field: str, ours: type[E]) -> E | None:
    name = enum_name(enum_type, number, prefix, field)
    return None if name is None else ours(name)


def roll_up_level(number: int, field: str = "level") -> ScopeLevel | None:
    """The level statistics roll up to: any below the city (a city's rows would
    be one row, its total), or None for the default."""
    level = optional_enum(common_pb2.ScopeLevel, number, "SCOPE_LEVEL_", field, ScopeLevel)
    if level is ScopeLevel.CITY:
        raise InvalidArgument.field(field, "district, street, community or grid")
    return level


def enum_number(enum_type: Any, prefix: str, value: str | None) -> Any:
    """Our enum value (or its text) as the proto's number; 0 for none."""
    return int(enum_type.Value(f"{prefix}{value.upper()}")) if value else 0


def attachments(messages: Any) -> tuple[Attachment, ...]:
    """Attachment references as given in a request (attachment_violations checks them)."""
    return tuple(
        Attachment(a.uri, a.display_name, a.media_type, a.size_bytes, a.sha256) for a in messages
    )


def attachment(value: Attachment) -> common_pb2.Attachment:
    return common_pb2.Attachment(
        uri=value.uri,
        display_name=value.display_name,
        media_type=value.media_type,
        size_bytes=value.size_bytes,
        sha256=value.sha256,
    )
