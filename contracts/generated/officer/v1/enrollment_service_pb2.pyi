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

class EnrollmentState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENROLLMENT_STATE_UNSPECIFIED: _ClassVar[EnrollmentState]
    ENROLLMENT_STATE_SUBMITTED: _ClassVar[EnrollmentState]
    ENROLLMENT_STATE_ACCEPTED: _ClassVar[EnrollmentState]
    ENROLLMENT_STATE_REJECTED: _ClassVar[EnrollmentState]
    ENROLLMENT_STATE_WITHDRAWN: _ClassVar[EnrollmentState]

class EnrollmentSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENROLLMENT_SOURCE_UNSPECIFIED: _ClassVar[EnrollmentSource]
    ENROLLMENT_SOURCE_SELF: _ClassVar[EnrollmentSource]
    ENROLLMENT_SOURCE_IMPORT: _ClassVar[EnrollmentSource]

class ImportFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IMPORT_FORMAT_UNSPECIFIED: _ClassVar[ImportFormat]
    IMPORT_FORMAT_CSV: _ClassVar[ImportFormat]
    IMPORT_FORMAT_XLSX: _ClassVar[ImportFormat]
ENROLLMENT_STATE_UNSPECIFIED: EnrollmentState
ENROLLMENT_STATE_SUBMITTED: EnrollmentState
ENROLLMENT_STATE_ACCEPTED: EnrollmentState
ENROLLMENT_STATE_REJECTED: EnrollmentState
ENROLLMENT_STATE_WITHDRAWN: EnrollmentState
ENROLLMENT_SOURCE_UNSPECIFIED: EnrollmentSource
ENROLLMENT_SOURCE_SELF: EnrollmentSource
ENROLLMENT_SOURCE_IMPORT: EnrollmentSource
IMPORT_FORMAT_UNSPECIFIED: ImportFormat
IMPORT_FORMAT_CSV: ImportFormat
IMPORT_FORMAT_XLSX: ImportFormat

class Enrollment(_message.Message):
    __slots__ = ("name", "applicant", "category", "unit", "party_member", "residence", "workplace", "preferred_grids", "grid_capacity", "availability_note", "state", "source", "create_time", "decided_by", "decide_time", "decision_reason")
    NAME_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    PARTY_MEMBER_FIELD_NUMBER: _ClassVar[int]
    RESIDENCE_FIELD_NUMBER: _ClassVar[int]
    WORKPLACE_FIELD_NUMBER: _ClassVar[int]
    PREFERRED_GRIDS_FIELD_NUMBER: _ClassVar[int]
    GRID_CAPACITY_FIELD_NUMBER: _ClassVar[int]
    AVAILABILITY_NOTE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    DECIDE_TIME_FIELD_NUMBER: _ClassVar[int]
    DECISION_REASON_FIELD_NUMBER: _ClassVar[int]
    name: str
    applicant: str
    category: _common_pb2.OfficerCategory
    unit: str
    party_member: bool
    residence: str
    workplace: str
    preferred_grids: _containers.RepeatedScalarFieldContainer[str]
    grid_capacity: int
    availability_note: str
    state: EnrollmentState
    source: EnrollmentSource
    create_time: _timestamp_pb2.Timestamp
    decided_by: str
    decide_time: _timestamp_pb2.Timestamp
    decision_reason: str
    def __init__(self, name: _Optional[str] = ..., applicant: _Optional[str] = ..., category: _Optional[_Union[_common_pb2.OfficerCategory, str]] = ..., unit: _Optional[str] = ..., party_member: _Optional[bool] = ..., residence: _Optional[str] = ..., workplace: _Optional[str] = ..., preferred_grids: _Optional[_Iterable[str]] = ..., grid_capacity: _Optional[int] = ..., availability_note: _Optional[str] = ..., state: _Optional[_Union[EnrollmentState, str]] = ..., source: _Optional[_Union[EnrollmentSource, str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decided_by: _Optional[str] = ..., decide_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decision_reason: _Optional[str] = ...) -> None: ...

class CreateEnrollmentRequest(_message.Message):
    __slots__ = ("enrollment", "request_id")
    ENROLLMENT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    enrollment: Enrollment
    request_id: str
    def __init__(self, enrollment: _Optional[_Union[Enrollment, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateEnrollmentResponse(_message.Message):
    __slots__ = ("enrollment",)
    ENROLLMENT_FIELD_NUMBER: _ClassVar[int]
    enrollment: Enrollment
    def __init__(self, enrollment: _Optional[_Union[Enrollment, _Mapping]] = ...) -> None: ...

class GetEnrollmentRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetEnrollmentResponse(_message.Message):
    __slots__ = ("enrollment",)
    ENROLLMENT_FIELD_NUMBER: _ClassVar[int]
    enrollment: Enrollment
    def __init__(self, enrollment: _Optional[_Union[Enrollment, _Mapping]] = ...) -> None: ...

class ListEnrollmentsRequest(_message.Message):
    __slots__ = ("parent", "state", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    state: EnrollmentState
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., state: _Optional[_Union[EnrollmentState, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListEnrollmentsResponse(_message.Message):
    __slots__ = ("enrollments", "next_page_token")
    ENROLLMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    enrollments: _containers.RepeatedCompositeFieldContainer[Enrollment]
    next_page_token: str
    def __init__(self, enrollments: _Optional[_Iterable[_Union[Enrollment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AcceptEnrollmentRequest(_message.Message):
    __slots__ = ("name", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class AcceptEnrollmentResponse(_message.Message):
    __slots__ = ("enrollment",)
    ENROLLMENT_FIELD_NUMBER: _ClassVar[int]
    enrollment: Enrollment
    def __init__(self, enrollment: _Optional[_Union[Enrollment, _Mapping]] = ...) -> None: ...

class RejectEnrollmentRequest(_message.Message):
    __slots__ = ("name", "reason", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    reason: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., reason: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class RejectEnrollmentResponse(_message.Message):
    __slots__ = ("enrollment",)
    ENROLLMENT_FIELD_NUMBER: _ClassVar[int]
    enrollment: Enrollment
    def __init__(self, enrollment: _Optional[_Union[Enrollment, _Mapping]] = ...) -> None: ...

class WithdrawEnrollmentRequest(_message.Message):
    __slots__ = ("name", "reason", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    reason: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., reason: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class WithdrawEnrollmentResponse(_message.Message):
    __slots__ = ("enrollment",)
    ENROLLMENT_FIELD_NUMBER: _ClassVar[int]
    enrollment: Enrollment
    def __init__(self, enrollment: _Optional[_Union[Enrollment, _Mapping]] = ...) -> None: ...

class ImportEnrollmentsRequest(_message.Message):
    __slots__ = ("parent", "content", "format", "validate_only", "request_id")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    parent: str
    content: bytes
    format: ImportFormat
    validate_only: bool
    request_id: str
    def __init__(self, parent: _Optional[str] = ..., content: _Optional[bytes] = ..., format: _Optional[_Union[ImportFormat, str]] = ..., validate_only: _Optional[bool] = ..., request_id: _Optional[str] = ...) -> None: ...

class RowError(_message.Message):
    __slots__ = ("row", "column", "reason")
    ROW_FIELD_NUMBER: _ClassVar[int]
    COLUMN_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    row: int
    column: str
    reason: str
    def __init__(self, row: _Optional[int] = ..., column: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ImportEnrollmentsResponse(_message.Message):
    __slots__ = ("rows", "row_errors", "enrollments_created")
    ROWS_FIELD_NUMBER: _ClassVar[int]
    ROW_ERRORS_FIELD_NUMBER: _ClassVar[int]
    ENROLLMENTS_CREATED_FIELD_NUMBER: _ClassVar[int]
    rows: int
    row_errors: _containers.RepeatedCompositeFieldContainer[RowError]
    enrollments_created: int
    def __init__(self, rows: _Optional[int] = ..., row_errors: _Optional[_Iterable[_Union[RowError, _Mapping]]] = ..., enrollments_created: _Optional[int] = ...) -> None: ...
