import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Share(_message.Message):
    __slots__ = ("part", "whole", "per_mille", "text")
    PART_FIELD_NUMBER: _ClassVar[int]
    WHOLE_FIELD_NUMBER: _ClassVar[int]
    PER_MILLE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    part: int
    whole: int
    per_mille: int
    text: str
    def __init__(self, part: _Optional[int] = ..., whole: _Optional[int] = ..., per_mille: _Optional[int] = ..., text: _Optional[str] = ...) -> None: ...

class GetActivityComplianceRequest(_message.Message):
    __slots__ = ("parent", "month")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    parent: str
    month: str
    def __init__(self, parent: _Optional[str] = ..., month: _Optional[str] = ...) -> None: ...

class GetActivityComplianceResponse(_message.Message):
    __slots__ = ("parent", "month", "floor", "officer_count", "met_count", "short_count", "excused_count", "compliance", "activity_count")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    FLOOR_FIELD_NUMBER: _ClassVar[int]
    OFFICER_COUNT_FIELD_NUMBER: _ClassVar[int]
    MET_COUNT_FIELD_NUMBER: _ClassVar[int]
    SHORT_COUNT_FIELD_NUMBER: _ClassVar[int]
    EXCUSED_COUNT_FIELD_NUMBER: _ClassVar[int]
    COMPLIANCE_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_COUNT_FIELD_NUMBER: _ClassVar[int]
    parent: str
    month: str
    floor: int
    officer_count: int
    met_count: int
    short_count: int
    excused_count: int
    compliance: Share
    activity_count: int
    def __init__(self, parent: _Optional[str] = ..., month: _Optional[str] = ..., floor: _Optional[int] = ..., officer_count: _Optional[int] = ..., met_count: _Optional[int] = ..., short_count: _Optional[int] = ..., excused_count: _Optional[int] = ..., compliance: _Optional[_Union[Share, _Mapping]] = ..., activity_count: _Optional[int] = ...) -> None: ...

class ListActivityShortfallsRequest(_message.Message):
    __slots__ = ("parent", "month", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    month: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., month: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ActivityShortfall(_message.Message):
    __slots__ = ("officer", "display_name", "unit", "category", "activity_count", "floor", "grids")
    OFFICER_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_COUNT_FIELD_NUMBER: _ClassVar[int]
    FLOOR_FIELD_NUMBER: _ClassVar[int]
    GRIDS_FIELD_NUMBER: _ClassVar[int]
    officer: str
    display_name: str
    unit: str
    category: str
    activity_count: int
    floor: int
    grids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, officer: _Optional[str] = ..., display_name: _Optional[str] = ..., unit: _Optional[str] = ..., category: _Optional[str] = ..., activity_count: _Optional[int] = ..., floor: _Optional[int] = ..., grids: _Optional[_Iterable[str]] = ...) -> None: ...

class ListActivityShortfallsResponse(_message.Message):
    __slots__ = ("shortfalls", "next_page_token")
    SHORTFALLS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    shortfalls: _containers.RepeatedCompositeFieldContainer[ActivityShortfall]
    next_page_token: str
    def __init__(self, shortfalls: _Optional[_Iterable[_Union[ActivityShortfall, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ExcusedMonth(_message.Message):
    __slots__ = ("name", "reason", "excused_by", "create_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    EXCUSED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    reason: str
    excused_by: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., reason: _Optional[str] = ..., excused_by: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateExcusedMonthRequest(_message.Message):
    __slots__ = ("parent", "excused_month_id", "excused_month", "request_id")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    EXCUSED_MONTH_ID_FIELD_NUMBER: _ClassVar[int]
    EXCUSED_MONTH_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    parent: str
    excused_month_id: str
    excused_month: ExcusedMonth
    request_id: str
    def __init__(self, parent: _Optional[str] = ..., excused_month_id: _Optional[str] = ..., excused_month: _Optional[_Union[ExcusedMonth, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateExcusedMonthResponse(_message.Message):
    __slots__ = ("excused_month",)
    EXCUSED_MONTH_FIELD_NUMBER: _ClassVar[int]
    excused_month: ExcusedMonth
    def __init__(self, excused_month: _Optional[_Union[ExcusedMonth, _Mapping]] = ...) -> None: ...

class DeleteExcusedMonthRequest(_message.Message):
    __slots__ = ("name", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class DeleteExcusedMonthResponse(_message.Message):
    __slots__ = ("excused_month",)
    EXCUSED_MONTH_FIELD_NUMBER: _ClassVar[int]
    excused_month: ExcusedMonth
    def __init__(self, excused_month: _Optional[_Union[ExcusedMonth, _Mapping]] = ...) -> None: ...

class ListExcusedMonthsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListExcusedMonthsResponse(_message.Message):
    __slots__ = ("excused_months", "next_page_token")
    EXCUSED_MONTHS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    excused_months: _containers.RepeatedCompositeFieldContainer[ExcusedMonth]
    next_page_token: str
    def __init__(self, excused_months: _Optional[_Iterable[_Union[ExcusedMonth, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetParticipationRequest(_message.Message):
    __slots__ = ("parent",)
    PARENT_FIELD_NUMBER: _ClassVar[int]
    parent: str
    def __init__(self, parent: _Optional[str] = ...) -> None: ...

class ParticipationFigures(_message.Message):
    __slots__ = ("name", "display_name", "staff_known", "party_members", "others", "meets_floors", "unit_count", "units_meeting", "units_unknown")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    STAFF_KNOWN_FIELD_NUMBER: _ClassVar[int]
    PARTY_MEMBERS_FIELD_NUMBER: _ClassVar[int]
    OTHERS_FIELD_NUMBER: _ClassVar[int]
    MEETS_FLOORS_FIELD_NUMBER: _ClassVar[int]
    UNIT_COUNT_FIELD_NUMBER: _ClassVar[int]
    UNITS_MEETING_FIELD_NUMBER: _ClassVar[int]
    UNITS_UNKNOWN_FIELD_NUMBER: _ClassVar[int]
    name: str
    display_name: str
    staff_known: bool
    party_members: Share
    others: Share
    meets_floors: bool
    unit_count: int
    units_meeting: int
    units_unknown: int
    def __init__(self, name: _Optional[str] = ..., display_name: _Optional[str] = ..., staff_known: _Optional[bool] = ..., party_members: _Optional[_Union[Share, _Mapping]] = ..., others: _Optional[_Union[Share, _Mapping]] = ..., meets_floors: _Optional[bool] = ..., unit_count: _Optional[int] = ..., units_meeting: _Optional[int] = ..., units_unknown: _Optional[int] = ...) -> None: ...

class GetParticipationResponse(_message.Message):
    __slots__ = ("units", "districts", "total")
    UNITS_FIELD_NUMBER: _ClassVar[int]
    DISTRICTS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    units: _containers.RepeatedCompositeFieldContainer[ParticipationFigures]
    districts: _containers.RepeatedCompositeFieldContainer[ParticipationFigures]
    total: ParticipationFigures
    def __init__(self, units: _Optional[_Iterable[_Union[ParticipationFigures, _Mapping]]] = ..., districts: _Optional[_Iterable[_Union[ParticipationFigures, _Mapping]]] = ..., total: _Optional[_Union[ParticipationFigures, _Mapping]] = ...) -> None: ...

class GetCoverageRequest(_message.Message):
    __slots__ = ("parent",)
    PARENT_FIELD_NUMBER: _ClassVar[int]
    parent: str
    def __init__(self, parent: _Optional[str] = ...) -> None: ...

class CoverageFigures(_message.Message):
    __slots__ = ("node", "grid_count", "uncovered_grids", "missing_fields", "overdue_check_in_count", "communities_missing_fields", "uncovered_grid_count")
    NODE_FIELD_NUMBER: _ClassVar[int]
    GRID_COUNT_FIELD_NUMBER: _ClassVar[int]
    UNCOVERED_GRIDS_FIELD_NUMBER: _ClassVar[int]
    MISSING_FIELDS_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_CHECK_IN_COUNT_FIELD_NUMBER: _ClassVar[int]
    COMMUNITIES_MISSING_FIELDS_FIELD_NUMBER: _ClassVar[int]
    UNCOVERED_GRID_COUNT_FIELD_NUMBER: _ClassVar[int]
    node: str
    grid_count: int
    uncovered_grids: _containers.RepeatedScalarFieldContainer[str]
    missing_fields: _containers.RepeatedScalarFieldContainer[str]
    overdue_check_in_count: int
    communities_missing_fields: int
    uncovered_grid_count: int
    def __init__(self, node: _Optional[str] = ..., grid_count: _Optional[int] = ..., uncovered_grids: _Optional[_Iterable[str]] = ..., missing_fields: _Optional[_Iterable[str]] = ..., overdue_check_in_count: _Optional[int] = ..., communities_missing_fields: _Optional[int] = ..., uncovered_grid_count: _Optional[int] = ...) -> None: ...

class GetCoverageResponse(_message.Message):
    __slots__ = ("communities", "total", "streets", "districts")
    COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    STREETS_FIELD_NUMBER: _ClassVar[int]
    DISTRICTS_FIELD_NUMBER: _ClassVar[int]
    communities: _containers.RepeatedCompositeFieldContainer[CoverageFigures]
    total: CoverageFigures
    streets: _containers.RepeatedCompositeFieldContainer[CoverageFigures]
    districts: _containers.RepeatedCompositeFieldContainer[CoverageFigures]
    def __init__(self, communities: _Optional[_Iterable[_Union[CoverageFigures, _Mapping]]] = ..., total: _Optional[_Union[CoverageFigures, _Mapping]] = ..., streets: _Optional[_Iterable[_Union[CoverageFigures, _Mapping]]] = ..., districts: _Optional[_Iterable[_Union[CoverageFigures, _Mapping]]] = ...) -> None: ...
