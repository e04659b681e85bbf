import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from officer.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CalendarDaySource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CALENDAR_DAY_SOURCE_UNSPECIFIED: _ClassVar[CalendarDaySource]
    CALENDAR_DAY_SOURCE_BUILT_IN: _ClassVar[CalendarDaySource]
    CALENDAR_DAY_SOURCE_ADMIN: _ClassVar[CalendarDaySource]
CALENDAR_DAY_SOURCE_UNSPECIFIED: CalendarDaySource
CALENDAR_DAY_SOURCE_BUILT_IN: CalendarDaySource
CALENDAR_DAY_SOURCE_ADMIN: CalendarDaySource

class CalendarDay(_message.Message):
    __slots__ = ("name", "working", "display_name", "source", "update_user", "update_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    WORKING_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_USER_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    working: bool
    display_name: str
    source: CalendarDaySource
    update_user: str
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., working: _Optional[bool] = ..., display_name: _Optional[str] = ..., source: _Optional[_Union[CalendarDaySource, str]] = ..., update_user: _Optional[str] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListCalendarDaysRequest(_message.Message):
    __slots__ = ("year", "page_size", "page_token")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    year: int
    page_size: int
    page_token: str
    def __init__(self, year: _Optional[int] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCalendarDaysResponse(_message.Message):
    __slots__ = ("calendar_days", "next_page_token", "built_in_covers_year")
    CALENDAR_DAYS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    BUILT_IN_COVERS_YEAR_FIELD_NUMBER: _ClassVar[int]
    calendar_days: _containers.RepeatedCompositeFieldContainer[CalendarDay]
    next_page_token: str
    built_in_covers_year: bool
    def __init__(self, calendar_days: _Optional[_Iterable[_Union[CalendarDay, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., built_in_covers_year: _Optional[bool] = ...) -> None: ...

class SetCalendarDayRequest(_message.Message):
    __slots__ = ("calendar_day", "request_id")
    CALENDAR_DAY_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    calendar_day: CalendarDay
    request_id: str
    def __init__(self, calendar_day: _Optional[_Union[CalendarDay, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class SetCalendarDayResponse(_message.Message):
    __slots__ = ("calendar_day",)
    CALENDAR_DAY_FIELD_NUMBER: _ClassVar[int]
    calendar_day: CalendarDay
    def __init__(self, calendar_day: _Optional[_Union[CalendarDay, _Mapping]] = ...) -> None: ...

class DeleteCalendarDayRequest(_message.Message):
    __slots__ = ("name", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class DeleteCalendarDayResponse(_message.Message):
    __slots__ = ("calendar_day",)
    CALENDAR_DAY_FIELD_NUMBER: _ClassVar[int]
    calendar_day: CalendarDay
    def __init__(self, calendar_day: _Optional[_Union[CalendarDay, _Mapping]] = ...) -> None: ...

class PermissionGrant(_message.Message):
    __slots__ = ("name", "permission", "role", "scope_node", "enabled", "role_default", "update_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_NODE_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    ROLE_DEFAULT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    permission: str
    role: _common_pb2.Role
    scope_node: str
    enabled: bool
    role_default: bool
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., permission: _Optional[str] = ..., role: _Optional[_Union[_common_pb2.Role, str]] = ..., scope_node: _Optional[str] = ..., enabled: _Optional[bool] = ..., role_default: _Optional[bool] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PermissionAuditEntry(_message.Message):
    __slots__ = ("grant", "enabled_before", "changed_by", "create_time")
    GRANT_FIELD_NUMBER: _ClassVar[int]
    ENABLED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    grant: PermissionGrant
    enabled_before: bool
    changed_by: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, grant: _Optional[_Union[PermissionGrant, _Mapping]] = ..., enabled_before: _Optional[bool] = ..., changed_by: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListPermissionGrantsRequest(_message.Message):
    __slots__ = ("parent", "role", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    role: _common_pb2.Role
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., role: _Optional[_Union[_common_pb2.Role, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListPermissionGrantsResponse(_message.Message):
    __slots__ = ("permission_grants", "next_page_token")
    PERMISSION_GRANTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    permission_grants: _containers.RepeatedCompositeFieldContainer[PermissionGrant]
    next_page_token: str
    def __init__(self, permission_grants: _Optional[_Iterable[_Union[PermissionGrant, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class SetPermissionGrantRequest(_message.Message):
    __slots__ = ("permission_grant", "request_id")
    PERMISSION_GRANT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    permission_grant: PermissionGrant
    request_id: str
    def __init__(self, permission_grant: _Optional[_Union[PermissionGrant, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class SetPermissionGrantResponse(_message.Message):
    __slots__ = ("permission_grant",)
    PERMISSION_GRANT_FIELD_NUMBER: _ClassVar[int]
    permission_grant: PermissionGrant
    def __init__(self, permission_grant: _Optional[_Union[PermissionGrant, _Mapping]] = ...) -> None: ...

class ListPermissionAuditEntriesRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListPermissionAuditEntriesResponse(_message.Message):
    __slots__ = ("permission_audit_entries", "next_page_token")
    PERMISSION_AUDIT_ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    permission_audit_entries: _containers.RepeatedCompositeFieldContainer[PermissionAuditEntry]
    next_page_token: str
    def __init__(self, permission_audit_entries: _Optional[_Iterable[_Union[PermissionAuditEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RequestRegistryResyncRequest(_message.Message):
    __slots__ = ("request_id",)
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    def __init__(self, request_id: _Optional[str] = ...) -> None: ...

class RequestRegistryResyncResponse(_message.Message):
    __slots__ = ("snapshot_id",)
    SNAPSHOT_ID_FIELD_NUMBER: _ClassVar[int]
    snapshot_id: str
    def __init__(self, snapshot_id: _Optional[str] = ...) -> None: ...
