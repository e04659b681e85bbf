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

class SuggestionState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUGGESTION_STATE_UNSPECIFIED: _ClassVar[SuggestionState]
    SUGGESTION_STATE_SUBMITTED: _ClassVar[SuggestionState]
    SUGGESTION_STATE_UNDER_REVIEW: _ClassVar[SuggestionState]
    SUGGESTION_STATE_ACCEPTED: _ClassVar[SuggestionState]
    SUGGESTION_STATE_DECLINED: _ClassVar[SuggestionState]
    SUGGESTION_STATE_RESOLVED: _ClassVar[SuggestionState]
SUGGESTION_STATE_UNSPECIFIED: SuggestionState
SUGGESTION_STATE_SUBMITTED: SuggestionState
SUGGESTION_STATE_UNDER_REVIEW: SuggestionState
SUGGESTION_STATE_ACCEPTED: SuggestionState
SUGGESTION_STATE_DECLINED: SuggestionState
SUGGESTION_STATE_RESOLVED: SuggestionState

class SuggestionReview(_message.Message):
    __slots__ = ("state", "reply", "reviewer", "create_time")
    STATE_FIELD_NUMBER: _ClassVar[int]
    REPLY_FIELD_NUMBER: _ClassVar[int]
    REVIEWER_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    state: SuggestionState
    reply: str
    reviewer: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, state: _Optional[_Union[SuggestionState, str]] = ..., reply: _Optional[str] = ..., reviewer: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Suggestion(_message.Message):
    __slots__ = ("name", "submitter", "grid", "subject_kind", "title", "body", "attachments", "state", "reviews", "create_time", "update_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SUBMITTER_FIELD_NUMBER: _ClassVar[int]
    GRID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KIND_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REVIEWS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    submitter: str
    grid: str
    subject_kind: _common_pb2.SubjectKind
    title: str
    body: str
    attachments: _containers.RepeatedCompositeFieldContainer[_common_pb2.Attachment]
    state: SuggestionState
    reviews: _containers.RepeatedCompositeFieldContainer[SuggestionReview]
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., submitter: _Optional[str] = ..., grid: _Optional[str] = ..., subject_kind: _Optional[_Union[_common_pb2.SubjectKind, str]] = ..., title: _Optional[str] = ..., body: _Optional[str] = ..., attachments: _Optional[_Iterable[_Union[_common_pb2.Attachment, _Mapping]]] = ..., state: _Optional[_Union[SuggestionState, str]] = ..., reviews: _Optional[_Iterable[_Union[SuggestionReview, _Mapping]]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateSuggestionRequest(_message.Message):
    __slots__ = ("suggestion", "request_id")
    SUGGESTION_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    suggestion: Suggestion
    request_id: str
    def __init__(self, suggestion: _Optional[_Union[Suggestion, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateSuggestionResponse(_message.Message):
    __slots__ = ("suggestion",)
    SUGGESTION_FIELD_NUMBER: _ClassVar[int]
    suggestion: Suggestion
    def __init__(self, suggestion: _Optional[_Union[Suggestion, _Mapping]] = ...) -> None: ...

class GetSuggestionRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetSuggestionResponse(_message.Message):
    __slots__ = ("suggestion",)
    SUGGESTION_FIELD_NUMBER: _ClassVar[int]
    suggestion: Suggestion
    def __init__(self, suggestion: _Optional[_Union[Suggestion, _Mapping]] = ...) -> None: ...

class ListSuggestionsRequest(_message.Message):
    __slots__ = ("parent", "states", "subject_kind", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    STATES_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KIND_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    states: _containers.RepeatedScalarFieldContainer[SuggestionState]
    subject_kind: _common_pb2.SubjectKind
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., states: _Optional[_Iterable[_Union[SuggestionState, str]]] = ..., subject_kind: _Optional[_Union[_common_pb2.SubjectKind, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListSuggestionsResponse(_message.Message):
    __slots__ = ("suggestions", "next_page_token")
    SUGGESTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    suggestions: _containers.RepeatedCompositeFieldContainer[Suggestion]
    next_page_token: str
    def __init__(self, suggestions: _Optional[_Iterable[_Union[Suggestion, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ReviewSuggestionRequest(_message.Message):
    __slots__ = ("name", "state", "reply", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REPLY_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    state: SuggestionState
    reply: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., state: _Optional[_Union[SuggestionState, str]] = ..., reply: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class ReviewSuggestionResponse(_message.Message):
    __slots__ = ("suggestion",)
    SUGGESTION_FIELD_NUMBER: _ClassVar[int]
    suggestion: Suggestion
    def __init__(self, suggestion: _Optional[_Union[Suggestion, _Mapping]] = ...) -> None: ...
