import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class UnitKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    UNIT_KIND_UNSPECIFIED: _ClassVar[UnitKind]
    UNIT_KIND_COURT: _ClassVar[UnitKind]
    UNIT_KIND_PROCURATORATE: _ClassVar[UnitKind]
    UNIT_KIND_PUBLIC_SECURITY: _ClassVar[UnitKind]
    UNIT_KIND_JUSTICE_BUREAU: _ClassVar[UnitKind]
    UNIT_KIND_LAW_SOCIETY: _ClassVar[UnitKind]
    UNIT_KIND_POLITICAL_LEGAL_COMMITTEE: _ClassVar[UnitKind]
    UNIT_KIND_OTHER: _ClassVar[UnitKind]
UNIT_KIND_UNSPECIFIED: UnitKind
UNIT_KIND_COURT: UnitKind
UNIT_KIND_PROCURATORATE: UnitKind
UNIT_KIND_PUBLIC_SECURITY: UnitKind
UNIT_KIND_JUSTICE_BUREAU: UnitKind
UNIT_KIND_LAW_SOCIETY: UnitKind
UNIT_KIND_POLITICAL_LEGAL_COMMITTEE: UnitKind
UNIT_KIND_OTHER: UnitKind

class Unit(_message.Message):
    __slots__ = ("name", "display_name", "kind", "district", "staff_known", "party_member_staff", "other_staff", "version", "update_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    STAFF_KNOWN_FIELD_NUMBER: _ClassVar[int]
    PARTY_MEMBER_STAFF_FIELD_NUMBER: _ClassVar[int]
    OTHER_STAFF_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    display_name: str
    kind: UnitKind
    district: str
    staff_known: bool
    party_member_staff: int
    other_staff: int
    version: int
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., display_name: _Optional[str] = ..., kind: _Optional[_Union[UnitKind, str]] = ..., district: _Optional[str] = ..., staff_known: _Optional[bool] = ..., party_member_staff: _Optional[int] = ..., other_staff: _Optional[int] = ..., version: _Optional[int] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetUnitRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetUnitResponse(_message.Message):
    __slots__ = ("unit",)
    UNIT_FIELD_NUMBER: _ClassVar[int]
    unit: Unit
    def __init__(self, unit: _Optional[_Union[Unit, _Mapping]] = ...) -> None: ...

class ListUnitsRequest(_message.Message):
    __slots__ = ("parent", "kind", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    kind: UnitKind
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., kind: _Optional[_Union[UnitKind, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListUnitsResponse(_message.Message):
    __slots__ = ("units", "next_page_token")
    UNITS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    units: _containers.RepeatedCompositeFieldContainer[Unit]
    next_page_token: str
    def __init__(self, units: _Optional[_Iterable[_Union[Unit, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
