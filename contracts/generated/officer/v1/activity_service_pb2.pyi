import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from officer.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CaseState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CASE_STATE_UNSPECIFIED: _ClassVar[CaseState]
    CASE_STATE_REPORTED: _ClassVar[CaseState]
    CASE_STATE_MEDIATING: _ClassVar[CaseState]
    CASE_STATE_RESOLVED: _ClassVar[CaseState]
    CASE_STATE_ESCALATED: _ClassVar[CaseState]

class ActivityChange(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACTIVITY_CHANGE_UNSPECIFIED: _ClassVar[ActivityChange]
    ACTIVITY_CHANGE_REPORTED: _ClassVar[ActivityChange]
    ACTIVITY_CHANGE_CORRECTED: _ClassVar[ActivityChange]
    ACTIVITY_CHANGE_DELETED: _ClassVar[ActivityChange]
    ACTIVITY_CHANGE_CASE_MEDIATING: _ClassVar[ActivityChange]
    ACTIVITY_CHANGE_CASE_RESOLVED: _ClassVar[ActivityChange]
    ACTIVITY_CHANGE_CASE_ESCALATED: _ClassVar[ActivityChange]
CASE_STATE_UNSPECIFIED: CaseState
CASE_STATE_REPORTED: CaseState
CASE_STATE_MEDIATING: CaseState
CASE_STATE_RESOLVED: CaseState
CASE_STATE_ESCALATED: CaseState
ACTIVITY_CHANGE_UNSPECIFIED: ActivityChange
ACTIVITY_CHANGE_REPORTED: ActivityChange
ACTIVITY_CHANGE_CORRECTED: ActivityChange
ACTIVITY_CHANGE_DELETED: ActivityChange
ACTIVITY_CHANGE_CASE_MEDIATING: ActivityChange
ACTIVITY_CHANGE_CASE_RESOLVED: ActivityChange
ACTIVITY_CHANGE_CASE_ESCALATED: ActivityChange

class GeoPoint(_message.Message):
    __slots__ = ("latitude", "longitude")
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    latitude: float
    longitude: float
    def __init__(self, latitude: _Optional[float] = ..., longitude: _Optional[float] = ...) -> None: ...

class Activity(_message.Message):
    __slots__ = ("name", "officer", "grid", "kind", "subject_kind", "summary", "start_time", "end_time", "attachments", "create_time", "participant_count", "co_officers", "place", "outcome", "reporter", "revision", "update_time", "delete_time", "officer_category", "unit", "revisions", "case")
    NAME_FIELD_NUMBER: _ClassVar[int]
    OFFICER_FIELD_NUMBER: _ClassVar[int]
    GRID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KIND_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_COUNT_FIELD_NUMBER: _ClassVar[int]
    CO_OFFICERS_FIELD_NUMBER: _ClassVar[int]
    PLACE_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REPORTER_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    DELETE_TIME_FIELD_NUMBER: _ClassVar[int]
    OFFICER_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    REVISIONS_FIELD_NUMBER: _ClassVar[int]
    CASE_FIELD_NUMBER: _ClassVar[int]
    name: str
    officer: str
    grid: str
    kind: _common_pb2.ActivityKind
    subject_kind: _common_pb2.SubjectKind
    summary: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    attachments: _containers.RepeatedCompositeFieldContainer[_common_pb2.Attachment]
    create_time: _timestamp_pb2.Timestamp
    participant_count: int
    co_officers: _containers.RepeatedScalarFieldContainer[str]
    place: GeoPoint
    outcome: str
    reporter: str
    revision: int
    update_time: _timestamp_pb2.Timestamp
    delete_time: _timestamp_pb2.Timestamp
    officer_category: _common_pb2.OfficerCategory
    unit: str
    revisions: _containers.RepeatedCompositeFieldContainer[ActivityRevision]
    case: ActivityCase
    def __init__(self, name: _Optional[str] = ..., officer: _Optional[str] = ..., grid: _Optional[str] = ..., kind: _Optional[_Union[_common_pb2.ActivityKind, str]] = ..., subject_kind: _Optional[_Union[_common_pb2.SubjectKind, str]] = ..., summary: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., attachments: _Optional[_Iterable[_Union[_common_pb2.Attachment, _Mapping]]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., participant_count: _Optional[int] = ..., co_officers: _Optional[_Iterable[str]] = ..., place: _Optional[_Union[GeoPoint, _Mapping]] = ..., outcome: _Optional[str] = ..., reporter: _Optional[str] = ..., revision: _Optional[int] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., delete_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., officer_category: _Optional[_Union[_common_pb2.OfficerCategory, str]] = ..., unit: _Optional[str] = ..., revisions: _Optional[_Iterable[_Union[ActivityRevision, _Mapping]]] = ..., case: _Optional[_Union[ActivityCase, _Mapping]] = ...) -> None: ...

class ActivityCase(_message.Message):
    __slots__ = ("state", "level", "scope_node")
    STATE_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    SCOPE_NODE_FIELD_NUMBER: _ClassVar[int]
    state: CaseState
    level: _common_pb2.ScopeLevel
    scope_node: str
    def __init__(self, state: _Optional[_Union[CaseState, str]] = ..., level: _Optional[_Union[_common_pb2.ScopeLevel, str]] = ..., scope_node: _Optional[str] = ...) -> None: ...

class ActivityRevision(_message.Message):
    __slots__ = ("revision", "change", "actor", "create_time", "note", "changed_fields", "activity")
    REVISION_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    revision: int
    change: ActivityChange
    actor: str
    create_time: _timestamp_pb2.Timestamp
    note: str
    changed_fields: _containers.RepeatedScalarFieldContainer[str]
    activity: Activity
    def __init__(self, revision: _Optional[int] = ..., change: _Optional[_Union[ActivityChange, str]] = ..., actor: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., note: _Optional[str] = ..., changed_fields: _Optional[_Iterable[str]] = ..., activity: _Optional[_Union[Activity, _Mapping]] = ...) -> None: ...

class CreateActivityRequest(_message.Message):
    __slots__ = ("activity", "request_id")
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    activity: Activity
    request_id: str
    def __init__(self, activity: _Optional[_Union[Activity, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateActivityResponse(_message.Message):
    __slots__ = ("activity",)
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    activity: Activity
    def __init__(self, activity: _Optional[_Union[Activity, _Mapping]] = ...) -> None: ...

class GetActivityRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetActivityResponse(_message.Message):
    __slots__ = ("activity",)
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    activity: Activity
    def __init__(self, activity: _Optional[_Union[Activity, _Mapping]] = ...) -> None: ...

class ListActivitiesRequest(_message.Message):
    __slots__ = ("parent", "kind", "start_time", "end_time", "page_size", "page_token", "officer_category", "unit", "case_state")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    OFFICER_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    CASE_STATE_FIELD_NUMBER: _ClassVar[int]
    parent: str
    kind: _common_pb2.ActivityKind
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    page_size: int
    page_token: str
    officer_category: _common_pb2.OfficerCategory
    unit: str
    case_state: CaseState
    def __init__(self, parent: _Optional[str] = ..., kind: _Optional[_Union[_common_pb2.ActivityKind, str]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., officer_category: _Optional[_Union[_common_pb2.OfficerCategory, str]] = ..., unit: _Optional[str] = ..., case_state: _Optional[_Union[CaseState, str]] = ...) -> None: ...

class ListActivitiesResponse(_message.Message):
    __slots__ = ("activities", "next_page_token")
    ACTIVITIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    activities: _containers.RepeatedCompositeFieldContainer[Activity]
    next_page_token: str
    def __init__(self, activities: _Optional[_Iterable[_Union[Activity, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateActivityRequest(_message.Message):
    __slots__ = ("activity", "update_mask", "reason", "request_id")
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    activity: Activity
    update_mask: _field_mask_pb2.FieldMask
    reason: str
    request_id: str
    def __init__(self, activity: _Optional[_Union[Activity, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., reason: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class UpdateActivityResponse(_message.Message):
    __slots__ = ("activity",)
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    activity: Activity
    def __init__(self, activity: _Optional[_Union[Activity, _Mapping]] = ...) -> None: ...

class DeleteActivityRequest(_message.Message):
    __slots__ = ("name", "reason", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    reason: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., reason: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class DeleteActivityResponse(_message.Message):
    __slots__ = ("activity",)
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    activity: Activity
    def __init__(self, activity: _Optional[_Union[Activity, _Mapping]] = ...) -> None: ...

class GetActivityStatsRequest(_message.Message):
    __slots__ = ("parent", "level", "start_month", "end_month", "kind")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    START_MONTH_FIELD_NUMBER: _ClassVar[int]
    END_MONTH_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    parent: str
    level: _common_pb2.ScopeLevel
    start_month: str
    end_month: str
    kind: _common_pb2.ActivityKind
    def __init__(self, parent: _Optional[str] = ..., level: _Optional[_Union[_common_pb2.ScopeLevel, str]] = ..., start_month: _Optional[str] = ..., end_month: _Optional[str] = ..., kind: _Optional[_Union[_common_pb2.ActivityKind, str]] = ...) -> None: ...

class ActivityCount(_message.Message):
    __slots__ = ("scope_node", "month", "kind", "activity_count")
    SCOPE_NODE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_COUNT_FIELD_NUMBER: _ClassVar[int]
    scope_node: str
    month: str
    kind: _common_pb2.ActivityKind
    activity_count: int
    def __init__(self, scope_node: _Optional[str] = ..., month: _Optional[str] = ..., kind: _Optional[_Union[_common_pb2.ActivityKind, str]] = ..., activity_count: _Optional[int] = ...) -> None: ...

class GetActivityStatsResponse(_message.Message):
    __slots__ = ("counts", "total_count")
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_COUNT_FIELD_NUMBER: _ClassVar[int]
    counts: _containers.RepeatedCompositeFieldContainer[ActivityCount]
    total_count: int
    def __init__(self, counts: _Optional[_Iterable[_Union[ActivityCount, _Mapping]]] = ..., total_count: _Optional[int] = ...) -> None: ...

class MediateActivityRequest(_message.Message):
    __slots__ = ("name", "note", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    note: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., note: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class MediateActivityResponse(_message.Message):
    __slots__ = ("activity",)
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    activity: Activity
    def __init__(self, activity: _Optional[_Union[Activity, _Mapping]] = ...) -> None: ...

class ResolveActivityRequest(_message.Message):
    __slots__ = ("name", "note", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    note: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., note: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class ResolveActivityResponse(_message.Message):
    __slots__ = ("activity",)
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    activity: Activity
    def __init__(self, activity: _Optional[_Union[Activity, _Mapping]] = ...) -> None: ...

class EscalateActivityRequest(_message.Message):
    __slots__ = ("name", "note", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    note: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., note: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class EscalateActivityResponse(_message.Message):
    __slots__ = ("activity", "escalated_to")
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_TO_FIELD_NUMBER: _ClassVar[int]
    activity: Activity
    escalated_to: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, activity: _Optional[_Union[Activity, _Mapping]] = ..., escalated_to: _Optional[_Iterable[str]] = ...) -> None: ...
