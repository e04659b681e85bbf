"""Hypothesis strategies for officer.v1 requests, built from the descriptors of
every RPC: each field drawn by its type, with what hostile clients send (huge and
unicode strings, enum numbers the enum lacks, Timestamps outside their range,
long repeated fields), and raw bytes that are no message at all."""

from __future__ import annotations

from typing import Any

from google.protobuf import message_factory
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message
from hypothesis import strategies as st

_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)

# Names a request may carry, valid or nearly so, mixed with anything at all.
_NAMES = st.sampled_from(
    [
        "",
        "grids/320102002003001",
        "scopeNodes/320102",
        "scopeNodes/320100",
        "scopeNodes/320102002003",
        "officers/of00001",
        "users/of00001",
        "users/of00001/inboxItems/01ARZ3NDEKTSV4RRFFQ69G5FAV",
        "notices/01ARZ3NDEKTSV4RRFFQ69G5FAV",
        "units/320102-police",
        "grids/" + "9" * 15,
        "scopeNodes/" + "1" * 40,
        "users/" + "a" * 65,
        "../../etc/passwd",
        "grids/３２０１０２",
    ]
)
_TEXT = st.one_of(
    st.text(max_size=40),
    _NAMES,
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=20_000),
    st.just("政法网格员" * 3000),
    st.just("\u0000\ud7ff\ue000\U0010ffff"),
)


def _scalar(field: FieldDescriptor) -> st.SearchStrategy[Any]:
    kind = field.type
    if kind == FieldDescriptor.TYPE_STRING:
        return _TEXT
    if kind == FieldDescriptor.TYPE_BYTES:
        return st.binary(max_size=200)
    if kind == FieldDescriptor.TYPE_BOOL:
        return st.booleans()
    if kind == FieldDescriptor.TYPE_ENUM:
        assert field.enum_type is not None
        known = [value.number for value in field.enum_type.values]
        # proto3 enums are open on the wire: numbers the enum lacks do arrive.
        return st.one_of(st.sampled_from(known), st.integers(-5, 300))
    if kind in (
        FieldDescriptor.TYPE_INT64,
        FieldDescriptor.TYPE_SINT64,
        FieldDescriptor.TYPE_SFIXED64,
    ):
        return st.one_of(st.integers(-10, 10_000), st.integers(*_INT64))
    if kind in (FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_FIXED64):
        return st.integers(0, 2**64 - 1)
    if kind in (FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_FIXED32):
        return st.integers(0, 2**32 - 1)
    if kind in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        return st.floats(allow_nan=True, allow_infinity=True, width=32)
    # int32, sint32, sfixed32: page sizes, counts.
    return st.one_of(st.integers(-10, 2000), st.integers(*_INT32))


def _timestamp(descriptor: Descriptor) -> st.SearchStrategy[Message]:
    cls = message_factory.GetMessageClass(descriptor)
    seconds = st.one_of(
        st.integers(1_700_000_000, 1_900_000_000),
        st.integers(-(2**40), 2**40),
        st.sampled_from([-62_135_596_801, 253_402_300_800, 0]),
    )
    nanos = st.one_of(st.integers(0, 999_999_999), st.integers(-(2**31), 2**31 - 1))
    return st.builds(lambda s, n: cls(seconds=s, nanos=n), seconds, nanos)


def messages(descriptor: Descriptor, depth: int = 3) -> st.SearchStrategy[Message]:
    """A strategy for messages of ``descriptor``: some fields set, each by its type."""
    if descriptor.full_name == "google.protobuf.Timestamp":
        return _timestamp(descriptor)
    cls = message_factory.GetMessageClass(descriptor)
    fields = [f for f in descriptor.fields if depth > 0 or f.type != FieldDescriptor.TYPE_MESSAGE]

    @st.composite
    def build(draw: st.DrawFn) -> Message:
        message = cls()
        for field in fields:
            if not draw(st.booleans()):
                continue
            if field.message_type is not None:
                value_strategy: st.SearchStrategy[Any] = messages(field.message_type, depth - 1)
            else:
                value_strategy = _scalar(field)
            if field.is_repeated:
                size = draw(st.one_of(st.integers(0, 4), st.sampled_from([600, 1200])))
                values = draw(st.lists(value_strategy, min_size=min(size, 4), max_size=4))
                values = (values * (size // max(len(values), 1) + 1))[:size] if values else []
                container = getattr(message, field.name)
                if field.type == FieldDescriptor.TYPE_MESSAGE:
                    for value in values:
                        container.add().CopyFrom(value)
                else:
                    container.extend(values)
            elif field.type == FieldDescriptor.TYPE_MESSAGE:
                getattr(message, field.name).CopyFrom(draw(value_strategy))
            else:
                setattr(message, field.name, draw(value_strategy))
        return message

    return build()


UNDECODABLE = st.one_of(
    st.binary(max_size=300),
    st.sampled_from(
        [
            b"\xff" * 11,  # a varint that never ends
            b"\x0a\x7fshort",  # a length past the end
            b"\x0a\x02\xff\xfe",  # invalid UTF-8 in a string
            b"\x07",  # a wire type that does not exist
            b"\x0b\x0c",  # a group start and end
        ]
    ),
)
