"""Strings no field may carry: NUL, which PostgreSQL refuses in text (the
write would fail as INTERNAL after the checks had passed) and which no name,
note or title needs. Checked once for every request, at the door, so that no
RPC can forget a field."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from service.kernel.errors import FieldViolation

_NUL = "\x00"


def nul_violations(request: object) -> list[FieldViolation]:
    """Each string field of ``request``, however deep, that holds a NUL, by its
    path (``task.title``, ``targets.assignees[2]``); none for a request that
    is no protobuf message (a handler of raw bytes)."""
    if not isinstance(request, Message):
        return []
    return [
        FieldViolation(path, "must not contain the NUL character (U+0000)")
        for path in _paths_with_nul(request, "")
    ]


def _paths_with_nul(message: Message, prefix: str) -> Iterator[str]:
    for field, value in message.ListFields():
        path = f"{prefix}{field.name}"
        if field.type == FieldDescriptor.TYPE_STRING:
            yield from _strings_with_nul(field, value, path)
        elif field.type == FieldDescriptor.TYPE_MESSAGE:
            entry = field.message_type is not None and field.message_type.GetOptions().map_entry
            if entry:
                for key, item in value.items():
                    if isinstance(key, str) and _NUL in key:
                        yield f"{path}[{key!r}]"
                    if isinstance(item, Message):
                        yield from _paths_with_nul(item, f"{path}[{key!r}].")
                    elif isinstance(item, str) and _NUL in item:
                        yield f"{path}[{key!r}]"
            elif _repeated(field):
                for index, item in enumerate(value):
                    yield from _paths_with_nul(item, f"{path}[{index}].")
            else:
                yield from _paths_with_nul(value, f"{path}.")


def _strings_with_nul(field: FieldDescriptor, value: Any, path: str) -> Iterator[str]:
    if _repeated(field):
        yield from (f"{path}[{index}]" for index, text in enumerate(value) if _NUL in text)
    elif _NUL in value:
        yield path


def _repeated(field: FieldDescriptor) -> bool:
    return bool(field.is_repeated)
