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

class SuggestionState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUGGESTION_STATE_UNSPECIFIED: _ClassVar[SuggestionState]
    SUGGESTION_STATE_SUBMITTED: _ClassVar[SuggestionState]
    SUGGESTION_STATE_DISPATCHED: _ClassVar[SuggestionState]
    SUGGESTION_STATE_SIGNED: _ClassVar[SuggestionState]
    SUGGESTION_STATE_RETURNED: _ClassVar[SuggestionState]
    SUGGESTION_STATE_ANSWERED: _ClassVar[SuggestionState]
    SUGGESTION_STATE_CLOSED: _ClassVar[SuggestionState]
    SUGGESTION_STATE_RATED: _ClassVar[SuggestionState]

class SuggestionCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUGGESTION_CATEGORY_UNSPECIFIED: _ClassVar[SuggestionCategory]
    SUGGESTION_CATEGORY_GOVERNANCE: _ClassVar[SuggestionCategory]
    SUGGESTION_CATEGORY_LEGAL: _ClassVar[SuggestionCategory]
    SUGGESTION_CATEGORY_PUBLIC_SAFETY: _ClassVar[SuggestionCategory]
    SUGGESTION_CATEGORY_LIVELIHOOD: _ClassVar[SuggestionCategory]
    SUGGESTION_CATEGORY_ENTERPRISE: _ClassVar[SuggestionCategory]
    SUGGESTION_CATEGORY_EPIDEMIC: _ClassVar[SuggestionCategory]
    SUGGESTION_CATEGORY_OTHER: _ClassVar[SuggestionCategory]

class SuggestionUrgency(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUGGESTION_URGENCY_UNSPECIFIED: _ClassVar[SuggestionUrgency]
    SUGGESTION_URGENCY_NORMAL: _ClassVar[SuggestionUrgency]
    SUGGESTION_URGENCY_URGENT: _ClassVar[SuggestionUrgency]

class Satisfaction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SATISFACTION_UNSPECIFIED: _ClassVar[Satisfaction]
    SATISFACTION_SATISFIED: _ClassVar[Satisfaction]
    SATISFACTION_BASICALLY_SATISFIED: _ClassVar[Satisfaction]
    SATISFACTION_DISSATISFIED: _ClassVar[Satisfaction]

class SuggestionAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUGGESTION_ACTION_UNSPECIFIED: _ClassVar[SuggestionAction]
    SUGGESTION_ACTION_SUBMIT: _ClassVar[SuggestionAction]
    SUGGESTION_ACTION_ROUTE: _ClassVar[SuggestionAction]
    SUGGESTION_ACTION_SIGN: _ClassVar[SuggestionAction]
    SUGGESTION_ACTION_RETURN: _ClassVar[SuggestionAction]
    SUGGESTION_ACTION_ANSWER: _ClassVar[SuggestionAction]
    SUGGESTION_ACTION_CLOSE: _ClassVar[SuggestionAction]
    SUGGESTION_ACTION_RATE: _ClassVar[SuggestionAction]
    SUGGESTION_ACTION_REOPEN: _ClassVar[SuggestionAction]
    SUGGESTION_ACTION_RECATEGORIZE: _ClassVar[SuggestionAction]
    SUGGESTION_ACTION_URGE: _ClassVar[SuggestionAction]
    SUGGESTION_ACTION_SUPERVISE: _ClassVar[SuggestionAction]
    SUGGESTION_ACTION_ASK_EXTENSION: _ClassVar[SuggestionAction]
    SUGGESTION_ACTION_GRANT_EXTENSION: _ClassVar[SuggestionAction]
    SUGGESTION_ACTION_DENY_EXTENSION: _ClassVar[SuggestionAction]
    SUGGESTION_ACTION_MERGE: _ClassVar[SuggestionAction]
SUGGESTION_STATE_UNSPECIFIED: SuggestionState
SUGGESTION_STATE_SUBMITTED: SuggestionState
SUGGESTION_STATE_DISPATCHED: SuggestionState
SUGGESTION_STATE_SIGNED: SuggestionState
SUGGESTION_STATE_RETURNED: SuggestionState
SUGGESTION_STATE_ANSWERED: SuggestionState
SUGGESTION_STATE_CLOSED: SuggestionState
SUGGESTION_STATE_RATED: SuggestionState
SUGGESTION_CATEGORY_UNSPECIFIED: SuggestionCategory
SUGGESTION_CATEGORY_GOVERNANCE: SuggestionCategory
SUGGESTION_CATEGORY_LEGAL: SuggestionCategory
SUGGESTION_CATEGORY_PUBLIC_SAFETY: SuggestionCategory
SUGGESTION_CATEGORY_LIVELIHOOD: SuggestionCategory
SUGGESTION_CATEGORY_ENTERPRISE: SuggestionCategory
SUGGESTION_CATEGORY_EPIDEMIC: SuggestionCategory
SUGGESTION_CATEGORY_OTHER: SuggestionCategory
SUGGESTION_URGENCY_UNSPECIFIED: SuggestionUrgency
SUGGESTION_URGENCY_NORMAL: SuggestionUrgency
SUGGESTION_URGENCY_URGENT: SuggestionUrgency
SATISFACTION_UNSPECIFIED: Satisfaction
SATISFACTION_SATISFIED: Satisfaction
SATISFACTION_BASICALLY_SATISFIED: Satisfaction
SATISFACTION_DISSATISFIED: Satisfaction
SUGGESTION_ACTION_UNSPECIFIED: SuggestionAction
SUGGESTION_ACTION_SUBMIT: SuggestionAction
SUGGESTION_ACTION_ROUTE: SuggestionAction
SUGGESTION_ACTION_SIGN: SuggestionAction
SUGGESTION_ACTION_RETURN: SuggestionAction
SUGGESTION_ACTION_ANSWER: SuggestionAction
SUGGESTION_ACTION_CLOSE: SuggestionAction
SUGGESTION_ACTION_RATE: SuggestionAction
SUGGESTION_ACTION_REOPEN: SuggestionAction
SUGGESTION_ACTION_RECATEGORIZE: SuggestionAction
SUGGESTION_ACTION_URGE: SuggestionAction
SUGGESTION_ACTION_SUPERVISE: SuggestionAction
SUGGESTION_ACTION_ASK_EXTENSION: SuggestionAction
SUGGESTION_ACTION_GRANT_EXTENSION: SuggestionAction
SUGGESTION_ACTION_DENY_EXTENSION: SuggestionAction
SUGGESTION_ACTION_MERGE: SuggestionAction

class SuggestionExtension(_message.Message):
    __slots__ = ("working_days", "reason", "requester", "create_time")
    WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    working_days: int
    reason: str
    requester: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, working_days: _Optional[int] = ..., reason: _Optional[str] = ..., requester: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SuggestionStep(_message.Message):
    __slots__ = ("action", "actor", "create_time", "note", "state", "department")
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    action: SuggestionAction
    actor: str
    create_time: _timestamp_pb2.Timestamp
    note: str
    state: SuggestionState
    department: str
    def __init__(self, action: _Optional[_Union[SuggestionAction, str]] = ..., actor: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., note: _Optional[str] = ..., state: _Optional[_Union[SuggestionState, str]] = ..., department: _Optional[str] = ...) -> None: ...

class Suggestion(_message.Message):
    __slots__ = ("name", "submitter", "grid", "title", "body", "attachments", "state", "create_time", "update_time", "category", "urgency", "related_activity", "department", "dispatch_time", "sign_due_time", "close_due_time", "sign_time", "answer_time", "close_time", "answer", "satisfaction", "rating_comment", "return_count", "reopened", "history", "pending_extension", "extended_working_days", "merged_into")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SUBMITTER_FIELD_NUMBER: _ClassVar[int]
    GRID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    URGENCY_FIELD_NUMBER: _ClassVar[int]
    RELATED_ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    DISPATCH_TIME_FIELD_NUMBER: _ClassVar[int]
    SIGN_DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    CLOSE_DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    SIGN_TIME_FIELD_NUMBER: _ClassVar[int]
    ANSWER_TIME_FIELD_NUMBER: _ClassVar[int]
    CLOSE_TIME_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    RATING_COMMENT_FIELD_NUMBER: _ClassVar[int]
    RETURN_COUNT_FIELD_NUMBER: _ClassVar[int]
    REOPENED_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    PENDING_EXTENSION_FIELD_NUMBER: _ClassVar[int]
    EXTENDED_WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    MERGED_INTO_FIELD_NUMBER: _ClassVar[int]
    name: str
    submitter: str
    grid: str
    title: str
    body: str
    attachments: _containers.RepeatedCompositeFieldContainer[_common_pb2.Attachment]
    state: SuggestionState
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    category: SuggestionCategory
    urgency: SuggestionUrgency
    related_activity: str
    department: str
    dispatch_time: _timestamp_pb2.Timestamp
    sign_due_time: _timestamp_pb2.Timestamp
    close_due_time: _timestamp_pb2.Timestamp
    sign_time: _timestamp_pb2.Timestamp
    answer_time: _timestamp_pb2.Timestamp
    close_time: _timestamp_pb2.Timestamp
    answer: str
    satisfaction: Satisfaction
    rating_comment: str
    return_count: int
    reopened: bool
    history: _containers.RepeatedCompositeFieldContainer[SuggestionStep]
    pending_extension: SuggestionExtension
    extended_working_days: int
    merged_into: str
    def __init__(self, name: _Optional[str] = ..., submitter: _Optional[str] = ..., grid: _Optional[str] = ..., title: _Optional[str] = ..., body: _Optional[str] = ..., attachments: _Optional[_Iterable[_Union[_common_pb2.Attachment, _Mapping]]] = ..., state: _Optional[_Union[SuggestionState, str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., category: _Optional[_Union[SuggestionCategory, str]] = ..., urgency: _Optional[_Union[SuggestionUrgency, str]] = ..., related_activity: _Optional[str] = ..., department: _Optional[str] = ..., dispatch_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sign_due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., close_due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sign_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., answer_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., close_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., answer: _Optional[str] = ..., satisfaction: _Optional[_Union[Satisfaction, str]] = ..., rating_comment: _Optional[str] = ..., return_count: _Optional[int] = ..., reopened: _Optional[bool] = ..., history: _Optional[_Iterable[_Union[SuggestionStep, _Mapping]]] = ..., pending_extension: _Optional[_Union[SuggestionExtension, _Mapping]] = ..., extended_working_days: _Optional[int] = ..., merged_into: _Optional[str] = ...) -> None: ...

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
    __slots__ = ("parent", "states", "page_size", "page_token", "category", "department", "overdue")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    STATES_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    parent: str
    states: _containers.RepeatedScalarFieldContainer[SuggestionState]
    page_size: int
    page_token: str
    category: SuggestionCategory
    department: str
    overdue: bool
    def __init__(self, parent: _Optional[str] = ..., states: _Optional[_Iterable[_Union[SuggestionState, str]]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., category: _Optional[_Union[SuggestionCategory, str]] = ..., department: _Optional[str] = ..., overdue: _Optional[bool] = ...) -> None: ...

class ListSuggestionsResponse(_message.Message):
    __slots__ = ("suggestions", "next_page_token")
    SUGGESTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    suggestions: _containers.RepeatedCompositeFieldContainer[Suggestion]
    next_page_token: str
    def __init__(self, suggestions: _Optional[_Iterable[_Union[Suggestion, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateSuggestionRequest(_message.Message):
    __slots__ = ("suggestion", "update_mask", "reason", "request_id")
    SUGGESTION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    suggestion: Suggestion
    update_mask: _field_mask_pb2.FieldMask
    reason: str
    request_id: str
    def __init__(self, suggestion: _Optional[_Union[Suggestion, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., reason: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class UpdateSuggestionResponse(_message.Message):
    __slots__ = ("suggestion",)
    SUGGESTION_FIELD_NUMBER: _ClassVar[int]
    suggestion: Suggestion
    def __init__(self, suggestion: _Optional[_Union[Suggestion, _Mapping]] = ...) -> None: ...

class RouteSuggestionRequest(_message.Message):
    __slots__ = ("name", "department", "note", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    department: str
    note: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., department: _Optional[str] = ..., note: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class RouteSuggestionResponse(_message.Message):
    __slots__ = ("suggestion",)
    SUGGESTION_FIELD_NUMBER: _ClassVar[int]
    suggestion: Suggestion
    def __init__(self, suggestion: _Optional[_Union[Suggestion, _Mapping]] = ...) -> None: ...

class SignSuggestionRequest(_message.Message):
    __slots__ = ("name", "note", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    note: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., note: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class SignSuggestionResponse(_message.Message):
    __slots__ = ("suggestion",)
    SUGGESTION_FIELD_NUMBER: _ClassVar[int]
    suggestion: Suggestion
    def __init__(self, suggestion: _Optional[_Union[Suggestion, _Mapping]] = ...) -> None: ...

class ReturnSuggestionRequest(_message.Message):
    __slots__ = ("name", "reason", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    reason: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., reason: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class ReturnSuggestionResponse(_message.Message):
    __slots__ = ("suggestion",)
    SUGGESTION_FIELD_NUMBER: _ClassVar[int]
    suggestion: Suggestion
    def __init__(self, suggestion: _Optional[_Union[Suggestion, _Mapping]] = ...) -> None: ...

class AnswerSuggestionRequest(_message.Message):
    __slots__ = ("name", "answer", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    answer: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., answer: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class AnswerSuggestionResponse(_message.Message):
    __slots__ = ("suggestion",)
    SUGGESTION_FIELD_NUMBER: _ClassVar[int]
    suggestion: Suggestion
    def __init__(self, suggestion: _Optional[_Union[Suggestion, _Mapping]] = ...) -> None: ...

class CloseSuggestionRequest(_message.Message):
    __slots__ = ("name", "note", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    note: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., note: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class CloseSuggestionResponse(_message.Message):
    __slots__ = ("suggestion",)
    SUGGESTION_FIELD_NUMBER: _ClassVar[int]
    suggestion: Suggestion
    def __init__(self, suggestion: _Optional[_Union[Suggestion, _Mapping]] = ...) -> None: ...

class RateSuggestionRequest(_message.Message):
    __slots__ = ("name", "satisfaction", "comment", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    satisfaction: Satisfaction
    comment: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., satisfaction: _Optional[_Union[Satisfaction, str]] = ..., comment: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class RateSuggestionResponse(_message.Message):
    __slots__ = ("suggestion",)
    SUGGESTION_FIELD_NUMBER: _ClassVar[int]
    suggestion: Suggestion
    def __init__(self, suggestion: _Optional[_Union[Suggestion, _Mapping]] = ...) -> None: ...

class RequestSuggestionExtensionRequest(_message.Message):
    __slots__ = ("name", "working_days", "reason", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    working_days: int
    reason: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., working_days: _Optional[int] = ..., reason: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class RequestSuggestionExtensionResponse(_message.Message):
    __slots__ = ("suggestion",)
    SUGGESTION_FIELD_NUMBER: _ClassVar[int]
    suggestion: Suggestion
    def __init__(self, suggestion: _Optional[_Union[Suggestion, _Mapping]] = ...) -> None: ...

class DecideSuggestionExtensionRequest(_message.Message):
    __slots__ = ("name", "approve", "note", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    APPROVE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    approve: bool
    note: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., approve: _Optional[bool] = ..., note: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class DecideSuggestionExtensionResponse(_message.Message):
    __slots__ = ("suggestion",)
    SUGGESTION_FIELD_NUMBER: _ClassVar[int]
    suggestion: Suggestion
    def __init__(self, suggestion: _Optional[_Union[Suggestion, _Mapping]] = ...) -> None: ...

class MergeSuggestionRequest(_message.Message):
    __slots__ = ("name", "survivor", "note", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SURVIVOR_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    survivor: str
    note: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., survivor: _Optional[str] = ..., note: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class MergeSuggestionResponse(_message.Message):
    __slots__ = ("suggestion",)
    SUGGESTION_FIELD_NUMBER: _ClassVar[int]
    suggestion: Suggestion
    def __init__(self, suggestion: _Optional[_Union[Suggestion, _Mapping]] = ...) -> None: ...

class GetSuggestionStatsRequest(_message.Message):
    __slots__ = ("parent", "level", "by_department", "start_time", "end_time")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    BY_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    parent: str
    level: _common_pb2.ScopeLevel
    by_department: bool
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, parent: _Optional[str] = ..., level: _Optional[_Union[_common_pb2.ScopeLevel, str]] = ..., by_department: _Optional[bool] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SuggestionCounts(_message.Message):
    __slots__ = ("scope_node", "department", "received", "dispatched", "sign_due", "signed_on_time", "close_due", "closed_on_time", "rated", "satisfied", "returns", "on_time_sign_rate", "on_time_close_rate", "satisfaction_rate")
    SCOPE_NODE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    DISPATCHED_FIELD_NUMBER: _ClassVar[int]
    SIGN_DUE_FIELD_NUMBER: _ClassVar[int]
    SIGNED_ON_TIME_FIELD_NUMBER: _ClassVar[int]
    CLOSE_DUE_FIELD_NUMBER: _ClassVar[int]
    CLOSED_ON_TIME_FIELD_NUMBER: _ClassVar[int]
    RATED_FIELD_NUMBER: _ClassVar[int]
    SATISFIED_FIELD_NUMBER: _ClassVar[int]
    RETURNS_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_SIGN_RATE_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_CLOSE_RATE_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_RATE_FIELD_NUMBER: _ClassVar[int]
    scope_node: str
    department: str
    received: int
    dispatched: int
    sign_due: int
    signed_on_time: int
    close_due: int
    closed_on_time: int
    rated: int
    satisfied: int
    returns: int
    on_time_sign_rate: float
    on_time_close_rate: float
    satisfaction_rate: float
    def __init__(self, scope_node: _Optional[str] = ..., department: _Optional[str] = ..., received: _Optional[int] = ..., dispatched: _Optional[int] = ..., sign_due: _Optional[int] = ..., signed_on_time: _Optional[int] = ..., close_due: _Optional[int] = ..., closed_on_time: _Optional[int] = ..., rated: _Optional[int] = ..., satisfied: _Optional[int] = ..., returns: _Optional[int] = ..., on_time_sign_rate: _Optional[float] = ..., on_time_close_rate: _Optional[float] = ..., satisfaction_rate: _Optional[float] = ...) -> None: ...

class GetSuggestionStatsResponse(_message.Message):
    __slots__ = ("counts", "total")
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    counts: _containers.RepeatedCompositeFieldContainer[SuggestionCounts]
    total: SuggestionCounts
    def __init__(self, counts: _Optional[_Iterable[_Union[SuggestionCounts, _Mapping]]] = ..., total: _Optional[_Union[SuggestionCounts, _Mapping]] = ...) -> None: ...
