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

class Assignment(_message.Message):
    __slots__ = ("name", "officer", "grid", "create_time", "assigned_by", "check_in_due_time", "check_in_time", "check_in_note", "check_in_confirmed_by", "check_in_confirm_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    OFFICER_FIELD_NUMBER: _ClassVar[int]
    GRID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_BY_FIELD_NUMBER: _ClassVar[int]
    CHECK_IN_DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    CHECK_IN_TIME_FIELD_NUMBER: _ClassVar[int]
    CHECK_IN_NOTE_FIELD_NUMBER: _ClassVar[int]
    CHECK_IN_CONFIRMED_BY_FIELD_NUMBER: _ClassVar[int]
    CHECK_IN_CONFIRM_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    officer: str
    grid: str
    create_time: _timestamp_pb2.Timestamp
    assigned_by: str
    check_in_due_time: _timestamp_pb2.Timestamp
    check_in_time: _timestamp_pb2.Timestamp
    check_in_note: str
    check_in_confirmed_by: str
    check_in_confirm_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., officer: _Optional[str] = ..., grid: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., assigned_by: _Optional[str] = ..., check_in_due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., check_in_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., check_in_note: _Optional[str] = ..., check_in_confirmed_by: _Optional[str] = ..., check_in_confirm_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AssignmentChange(_message.Message):
    __slots__ = ("name", "officer", "grids_before", "grids_after", "reason", "changed_by", "create_time", "proposal")
    NAME_FIELD_NUMBER: _ClassVar[int]
    OFFICER_FIELD_NUMBER: _ClassVar[int]
    GRIDS_BEFORE_FIELD_NUMBER: _ClassVar[int]
    GRIDS_AFTER_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    name: str
    officer: str
    grids_before: _containers.RepeatedScalarFieldContainer[str]
    grids_after: _containers.RepeatedScalarFieldContainer[str]
    reason: str
    changed_by: str
    create_time: _timestamp_pb2.Timestamp
    proposal: str
    def __init__(self, name: _Optional[str] = ..., officer: _Optional[str] = ..., grids_before: _Optional[_Iterable[str]] = ..., grids_after: _Optional[_Iterable[str]] = ..., reason: _Optional[str] = ..., changed_by: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., proposal: _Optional[str] = ...) -> None: ...

class AssignOfficerRequest(_message.Message):
    __slots__ = ("officer", "grids", "reason", "request_id")
    OFFICER_FIELD_NUMBER: _ClassVar[int]
    GRIDS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    officer: str
    grids: _containers.RepeatedScalarFieldContainer[str]
    reason: str
    request_id: str
    def __init__(self, officer: _Optional[str] = ..., grids: _Optional[_Iterable[str]] = ..., reason: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class AssignOfficerResponse(_message.Message):
    __slots__ = ("assignments", "change")
    ASSIGNMENTS_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    assignments: _containers.RepeatedCompositeFieldContainer[Assignment]
    change: AssignmentChange
    def __init__(self, assignments: _Optional[_Iterable[_Union[Assignment, _Mapping]]] = ..., change: _Optional[_Union[AssignmentChange, _Mapping]] = ...) -> None: ...

class UnassignOfficerRequest(_message.Message):
    __slots__ = ("officer", "grids", "reason", "request_id")
    OFFICER_FIELD_NUMBER: _ClassVar[int]
    GRIDS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    officer: str
    grids: _containers.RepeatedScalarFieldContainer[str]
    reason: str
    request_id: str
    def __init__(self, officer: _Optional[str] = ..., grids: _Optional[_Iterable[str]] = ..., reason: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class UnassignOfficerResponse(_message.Message):
    __slots__ = ("assignments", "change")
    ASSIGNMENTS_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    assignments: _containers.RepeatedCompositeFieldContainer[Assignment]
    change: AssignmentChange
    def __init__(self, assignments: _Optional[_Iterable[_Union[Assignment, _Mapping]]] = ..., change: _Optional[_Union[AssignmentChange, _Mapping]] = ...) -> None: ...

class ListAssignmentsRequest(_message.Message):
    __slots__ = ("parent", "check_in_overdue", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    CHECK_IN_OVERDUE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    check_in_overdue: bool
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., check_in_overdue: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAssignmentsResponse(_message.Message):
    __slots__ = ("assignments", "next_page_token")
    ASSIGNMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    assignments: _containers.RepeatedCompositeFieldContainer[Assignment]
    next_page_token: str
    def __init__(self, assignments: _Optional[_Iterable[_Union[Assignment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListAssignmentChangesRequest(_message.Message):
    __slots__ = ("parent", "start_time", "end_time", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAssignmentChangesResponse(_message.Message):
    __slots__ = ("assignment_changes", "next_page_token")
    ASSIGNMENT_CHANGES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    assignment_changes: _containers.RepeatedCompositeFieldContainer[AssignmentChange]
    next_page_token: str
    def __init__(self, assignment_changes: _Optional[_Iterable[_Union[AssignmentChange, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CheckInAssignmentRequest(_message.Message):
    __slots__ = ("name", "check_in_time", "note", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CHECK_IN_TIME_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    check_in_time: _timestamp_pb2.Timestamp
    note: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., check_in_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., note: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class CheckInAssignmentResponse(_message.Message):
    __slots__ = ("assignment",)
    ASSIGNMENT_FIELD_NUMBER: _ClassVar[int]
    assignment: Assignment
    def __init__(self, assignment: _Optional[_Union[Assignment, _Mapping]] = ...) -> None: ...

class ConfirmCheckInRequest(_message.Message):
    __slots__ = ("name", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class ConfirmCheckInResponse(_message.Message):
    __slots__ = ("assignment",)
    ASSIGNMENT_FIELD_NUMBER: _ClassVar[int]
    assignment: Assignment
    def __init__(self, assignment: _Optional[_Union[Assignment, _Mapping]] = ...) -> None: ...

class GetCheckInStatsRequest(_message.Message):
    __slots__ = ("parent",)
    PARENT_FIELD_NUMBER: _ClassVar[int]
    parent: str
    def __init__(self, parent: _Optional[str] = ...) -> None: ...

class UnitCheckIns(_message.Message):
    __slots__ = ("unit", "owed", "on_time", "late", "overdue", "pending", "confirmed")
    UNIT_FIELD_NUMBER: _ClassVar[int]
    OWED_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_FIELD_NUMBER: _ClassVar[int]
    LATE_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_FIELD_NUMBER: _ClassVar[int]
    unit: str
    owed: int
    on_time: int
    late: int
    overdue: int
    pending: int
    confirmed: int
    def __init__(self, unit: _Optional[str] = ..., owed: _Optional[int] = ..., on_time: _Optional[int] = ..., late: _Optional[int] = ..., overdue: _Optional[int] = ..., pending: _Optional[int] = ..., confirmed: _Optional[int] = ...) -> None: ...

class GetCheckInStatsResponse(_message.Message):
    __slots__ = ("units", "total")
    UNITS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    units: _containers.RepeatedCompositeFieldContainer[UnitCheckIns]
    total: UnitCheckIns
    def __init__(self, units: _Optional[_Iterable[_Union[UnitCheckIns, _Mapping]]] = ..., total: _Optional[_Union[UnitCheckIns, _Mapping]] = ...) -> None: ...
