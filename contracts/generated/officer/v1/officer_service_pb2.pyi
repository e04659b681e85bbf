import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from officer.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Officer(_message.Message):
    __slots__ = ("name", "display_name", "category", "unit", "party_member", "phone_number", "id_number", "residence", "workplace", "grids", "registry_version", "update_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    PARTY_MEMBER_FIELD_NUMBER: _ClassVar[int]
    PHONE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    RESIDENCE_FIELD_NUMBER: _ClassVar[int]
    WORKPLACE_FIELD_NUMBER: _ClassVar[int]
    GRIDS_FIELD_NUMBER: _ClassVar[int]
    REGISTRY_VERSION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    display_name: str
    category: _common_pb2.OfficerCategory
    unit: str
    party_member: bool
    phone_number: str
    id_number: str
    residence: str
    workplace: str
    grids: _containers.RepeatedScalarFieldContainer[str]
    registry_version: int
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., display_name: _Optional[str] = ..., category: _Optional[_Union[_common_pb2.OfficerCategory, str]] = ..., unit: _Optional[str] = ..., party_member: _Optional[bool] = ..., phone_number: _Optional[str] = ..., id_number: _Optional[str] = ..., residence: _Optional[str] = ..., workplace: _Optional[str] = ..., grids: _Optional[_Iterable[str]] = ..., registry_version: _Optional[int] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetOfficerRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetOfficerResponse(_message.Message):
    __slots__ = ("officer",)
    OFFICER_FIELD_NUMBER: _ClassVar[int]
    officer: Officer
    def __init__(self, officer: _Optional[_Union[Officer, _Mapping]] = ...) -> None: ...

class ListOfficersRequest(_message.Message):
    __slots__ = ("parent", "category", "unit", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    category: _common_pb2.OfficerCategory
    unit: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., category: _Optional[_Union[_common_pb2.OfficerCategory, str]] = ..., unit: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListOfficersResponse(_message.Message):
    __slots__ = ("officers", "next_page_token")
    OFFICERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    officers: _containers.RepeatedCompositeFieldContainer[Officer]
    next_page_token: str
    def __init__(self, officers: _Optional[_Iterable[_Union[Officer, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class OfficerAvailability(_message.Message):
    __slots__ = ("name", "quiet_hours", "working_days_only", "city_default", "time_zone", "update_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    QUIET_HOURS_FIELD_NUMBER: _ClassVar[int]
    WORKING_DAYS_ONLY_FIELD_NUMBER: _ClassVar[int]
    CITY_DEFAULT_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    quiet_hours: str
    working_days_only: bool
    city_default: bool
    time_zone: str
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., quiet_hours: _Optional[str] = ..., working_days_only: _Optional[bool] = ..., city_default: _Optional[bool] = ..., time_zone: _Optional[str] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetOfficerAvailabilityRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetOfficerAvailabilityResponse(_message.Message):
    __slots__ = ("availability",)
    AVAILABILITY_FIELD_NUMBER: _ClassVar[int]
    availability: OfficerAvailability
    def __init__(self, availability: _Optional[_Union[OfficerAvailability, _Mapping]] = ...) -> None: ...

class UpdateOfficerAvailabilityRequest(_message.Message):
    __slots__ = ("availability", "update_mask", "request_id")
    AVAILABILITY_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    availability: OfficerAvailability
    update_mask: _field_mask_pb2.FieldMask
    request_id: str
    def __init__(self, availability: _Optional[_Union[OfficerAvailability, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class UpdateOfficerAvailabilityResponse(_message.Message):
    __slots__ = ("availability",)
    AVAILABILITY_FIELD_NUMBER: _ClassVar[int]
    availability: OfficerAvailability
    def __init__(self, availability: _Optional[_Union[OfficerAvailability, _Mapping]] = ...) -> None: ...
