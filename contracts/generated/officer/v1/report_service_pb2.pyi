import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.longrunning import operations_pb2 as _operations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RankingEarned(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RANKING_EARNED_UNSPECIFIED: _ClassVar[RankingEarned]
    RANKING_EARNED_ACTIVITY: _ClassVar[RankingEarned]
    RANKING_EARNED_KIND: _ClassVar[RankingEarned]
    RANKING_EARNED_TASK_ON_TIME: _ClassVar[RankingEarned]
    RANKING_EARNED_SUGGESTION_SATISFIED: _ClassVar[RankingEarned]
    RANKING_EARNED_CHECK_IN_ON_TIME: _ClassVar[RankingEarned]

class ReportState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_STATE_UNSPECIFIED: _ClassVar[ReportState]
    REPORT_STATE_RUNNING: _ClassVar[ReportState]
    REPORT_STATE_SUCCEEDED: _ClassVar[ReportState]
    REPORT_STATE_FAILED: _ClassVar[ReportState]
RANKING_EARNED_UNSPECIFIED: RankingEarned
RANKING_EARNED_ACTIVITY: RankingEarned
RANKING_EARNED_KIND: RankingEarned
RANKING_EARNED_TASK_ON_TIME: RankingEarned
RANKING_EARNED_SUGGESTION_SATISFIED: RankingEarned
RANKING_EARNED_CHECK_IN_ON_TIME: RankingEarned
REPORT_STATE_UNSPECIFIED: ReportState
REPORT_STATE_RUNNING: ReportState
REPORT_STATE_SUCCEEDED: ReportState
REPORT_STATE_FAILED: ReportState

class RankingWeights(_message.Message):
    __slots__ = ("activity", "kind", "task_on_time", "suggestion_satisfied", "check_in_on_time")
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    TASK_ON_TIME_FIELD_NUMBER: _ClassVar[int]
    SUGGESTION_SATISFIED_FIELD_NUMBER: _ClassVar[int]
    CHECK_IN_ON_TIME_FIELD_NUMBER: _ClassVar[int]
    activity: int
    kind: int
    task_on_time: int
    suggestion_satisfied: int
    check_in_on_time: int
    def __init__(self, activity: _Optional[int] = ..., kind: _Optional[int] = ..., task_on_time: _Optional[int] = ..., suggestion_satisfied: _Optional[int] = ..., check_in_on_time: _Optional[int] = ...) -> None: ...

class ScoreComponent(_message.Message):
    __slots__ = ("earned", "count", "points")
    EARNED_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    earned: RankingEarned
    count: int
    points: int
    def __init__(self, earned: _Optional[_Union[RankingEarned, str]] = ..., count: _Optional[int] = ..., points: _Optional[int] = ...) -> None: ...

class RankingEntry(_message.Message):
    __slots__ = ("rank", "officer", "display_name", "unit", "score", "components", "months_met", "activity_count")
    RANK_FIELD_NUMBER: _ClassVar[int]
    OFFICER_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    COMPONENTS_FIELD_NUMBER: _ClassVar[int]
    MONTHS_MET_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_COUNT_FIELD_NUMBER: _ClassVar[int]
    rank: int
    officer: str
    display_name: str
    unit: str
    score: int
    components: _containers.RepeatedCompositeFieldContainer[ScoreComponent]
    months_met: int
    activity_count: int
    def __init__(self, rank: _Optional[int] = ..., officer: _Optional[str] = ..., display_name: _Optional[str] = ..., unit: _Optional[str] = ..., score: _Optional[int] = ..., components: _Optional[_Iterable[_Union[ScoreComponent, _Mapping]]] = ..., months_met: _Optional[int] = ..., activity_count: _Optional[int] = ...) -> None: ...

class GetAnnualRankingRequest(_message.Message):
    __slots__ = ("parent", "year", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    year: int
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., year: _Optional[int] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class GetAnnualRankingResponse(_message.Message):
    __slots__ = ("weights", "entries", "next_page_token", "officer_count", "note")
    WEIGHTS_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    OFFICER_COUNT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    weights: RankingWeights
    entries: _containers.RepeatedCompositeFieldContainer[RankingEntry]
    next_page_token: str
    officer_count: int
    note: str
    def __init__(self, weights: _Optional[_Union[RankingWeights, _Mapping]] = ..., entries: _Optional[_Iterable[_Union[RankingEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., officer_count: _Optional[int] = ..., note: _Optional[str] = ...) -> None: ...

class ListRankingRecordsRequest(_message.Message):
    __slots__ = ("parent", "year", "officer", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    OFFICER_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    year: int
    officer: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., year: _Optional[int] = ..., officer: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class RankingRecord(_message.Message):
    __slots__ = ("earned", "record", "time", "note", "points")
    EARNED_FIELD_NUMBER: _ClassVar[int]
    RECORD_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    earned: RankingEarned
    record: str
    time: _timestamp_pb2.Timestamp
    note: str
    points: int
    def __init__(self, earned: _Optional[_Union[RankingEarned, str]] = ..., record: _Optional[str] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., note: _Optional[str] = ..., points: _Optional[int] = ...) -> None: ...

class ListRankingRecordsResponse(_message.Message):
    __slots__ = ("records", "next_page_token", "score")
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    records: _containers.RepeatedCompositeFieldContainer[RankingRecord]
    next_page_token: str
    score: int
    def __init__(self, records: _Optional[_Iterable[_Union[RankingRecord, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., score: _Optional[int] = ...) -> None: ...

class HalfYearReport(_message.Message):
    __slots__ = ("name", "parent", "half_year", "state", "title", "files", "error", "requested_by", "create_time", "done_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PARENT_FIELD_NUMBER: _ClassVar[int]
    HALF_YEAR_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    DONE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    parent: str
    half_year: str
    state: ReportState
    title: str
    files: _containers.RepeatedCompositeFieldContainer[ReportFile]
    error: str
    requested_by: str
    create_time: _timestamp_pb2.Timestamp
    done_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., parent: _Optional[str] = ..., half_year: _Optional[str] = ..., state: _Optional[_Union[ReportState, str]] = ..., title: _Optional[str] = ..., files: _Optional[_Iterable[_Union[ReportFile, _Mapping]]] = ..., error: _Optional[str] = ..., requested_by: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., done_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReportFile(_message.Message):
    __slots__ = ("name", "media_type", "size_bytes")
    NAME_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    name: str
    media_type: str
    size_bytes: int
    def __init__(self, name: _Optional[str] = ..., media_type: _Optional[str] = ..., size_bytes: _Optional[int] = ...) -> None: ...

class HalfYearReportMetadata(_message.Message):
    __slots__ = ("report", "state", "create_time")
    REPORT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    report: str
    state: ReportState
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, report: _Optional[str] = ..., state: _Optional[_Union[ReportState, str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateHalfYearReportRequest(_message.Message):
    __slots__ = ("parent", "half_year", "request_id")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    HALF_YEAR_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    parent: str
    half_year: str
    request_id: str
    def __init__(self, parent: _Optional[str] = ..., half_year: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetHalfYearReportRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetHalfYearReportResponse(_message.Message):
    __slots__ = ("half_year_report",)
    HALF_YEAR_REPORT_FIELD_NUMBER: _ClassVar[int]
    half_year_report: HalfYearReport
    def __init__(self, half_year_report: _Optional[_Union[HalfYearReport, _Mapping]] = ...) -> None: ...

class ReadReportFileRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ReadReportFileResponse(_message.Message):
    __slots__ = ("file", "data")
    FILE_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    file: ReportFile
    data: bytes
    def __init__(self, file: _Optional[_Union[ReportFile, _Mapping]] = ..., data: _Optional[bytes] = ...) -> None: ...
