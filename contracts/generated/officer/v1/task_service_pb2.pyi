import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from officer.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TaskKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TASK_KIND_UNSPECIFIED: _ClassVar[TaskKind]
    TASK_KIND_EPIDEMIC_DUTY: _ClassVar[TaskKind]
    TASK_KIND_MAJOR_EVENT_SECURITY: _ClassVar[TaskKind]
    TASK_KIND_DISPUTE_HOT_SPOT: _ClassVar[TaskKind]
    TASK_KIND_RISK_SCREENING: _ClassVar[TaskKind]
    TASK_KIND_SPECIAL_CAMPAIGN: _ClassVar[TaskKind]
    TASK_KIND_OTHER: _ClassVar[TaskKind]

class TaskPriority(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TASK_PRIORITY_UNSPECIFIED: _ClassVar[TaskPriority]
    TASK_PRIORITY_P1: _ClassVar[TaskPriority]
    TASK_PRIORITY_P2: _ClassVar[TaskPriority]
    TASK_PRIORITY_P3: _ClassVar[TaskPriority]
    TASK_PRIORITY_P4: _ClassVar[TaskPriority]

class TaskState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TASK_STATE_UNSPECIFIED: _ClassVar[TaskState]
    TASK_STATE_OPEN: _ClassVar[TaskState]
    TASK_STATE_ACKNOWLEDGED: _ClassVar[TaskState]
    TASK_STATE_COMPLETED: _ClassVar[TaskState]
    TASK_STATE_OVERDUE: _ClassVar[TaskState]
    TASK_STATE_CANCELLED: _ClassVar[TaskState]
    TASK_STATE_DECLINED: _ClassVar[TaskState]
TASK_KIND_UNSPECIFIED: TaskKind
TASK_KIND_EPIDEMIC_DUTY: TaskKind
TASK_KIND_MAJOR_EVENT_SECURITY: TaskKind
TASK_KIND_DISPUTE_HOT_SPOT: TaskKind
TASK_KIND_RISK_SCREENING: TaskKind
TASK_KIND_SPECIAL_CAMPAIGN: TaskKind
TASK_KIND_OTHER: TaskKind
TASK_PRIORITY_UNSPECIFIED: TaskPriority
TASK_PRIORITY_P1: TaskPriority
TASK_PRIORITY_P2: TaskPriority
TASK_PRIORITY_P3: TaskPriority
TASK_PRIORITY_P4: TaskPriority
TASK_STATE_UNSPECIFIED: TaskState
TASK_STATE_OPEN: TaskState
TASK_STATE_ACKNOWLEDGED: TaskState
TASK_STATE_COMPLETED: TaskState
TASK_STATE_OVERDUE: TaskState
TASK_STATE_CANCELLED: TaskState
TASK_STATE_DECLINED: TaskState

class TaskTargets(_message.Message):
    __slots__ = ("scope_nodes", "roles", "assignees", "categories")
    SCOPE_NODES_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEES_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    scope_nodes: _containers.RepeatedScalarFieldContainer[str]
    roles: _containers.RepeatedScalarFieldContainer[_common_pb2.Role]
    assignees: _containers.RepeatedScalarFieldContainer[str]
    categories: _containers.RepeatedScalarFieldContainer[_common_pb2.OfficerCategory]
    def __init__(self, scope_nodes: _Optional[_Iterable[str]] = ..., roles: _Optional[_Iterable[_Union[_common_pb2.Role, str]]] = ..., assignees: _Optional[_Iterable[str]] = ..., categories: _Optional[_Iterable[_Union[_common_pb2.OfficerCategory, str]]] = ...) -> None: ...

class TaskEvent(_message.Message):
    __slots__ = ("action", "actor", "time", "note", "state")
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    action: str
    actor: str
    time: _timestamp_pb2.Timestamp
    note: str
    state: TaskState
    def __init__(self, action: _Optional[str] = ..., actor: _Optional[str] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., note: _Optional[str] = ..., state: _Optional[_Union[TaskState, str]] = ...) -> None: ...

class Task(_message.Message):
    __slots__ = ("name", "title", "description", "assignee", "grid", "due_time", "reminder_offsets", "state", "creator", "completion_note", "create_time", "acknowledge_time", "complete_time", "escalate_time", "kind", "priority", "attachments", "progress_note", "decline_reason", "history", "update_time", "location", "completion_attachments", "batch_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    GRID_FIELD_NUMBER: _ClassVar[int]
    DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    REMINDER_OFFSETS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CREATOR_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_NOTE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGE_TIME_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_TIME_FIELD_NUMBER: _ClassVar[int]
    ESCALATE_TIME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_NOTE_FIELD_NUMBER: _ClassVar[int]
    DECLINE_REASON_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    title: str
    description: str
    assignee: str
    grid: str
    due_time: _timestamp_pb2.Timestamp
    reminder_offsets: _containers.RepeatedCompositeFieldContainer[_duration_pb2.Duration]
    state: TaskState
    creator: str
    completion_note: str
    create_time: _timestamp_pb2.Timestamp
    acknowledge_time: _timestamp_pb2.Timestamp
    complete_time: _timestamp_pb2.Timestamp
    escalate_time: _timestamp_pb2.Timestamp
    kind: TaskKind
    priority: TaskPriority
    attachments: _containers.RepeatedCompositeFieldContainer[_common_pb2.Attachment]
    progress_note: str
    decline_reason: str
    history: _containers.RepeatedCompositeFieldContainer[TaskEvent]
    update_time: _timestamp_pb2.Timestamp
    location: str
    completion_attachments: _containers.RepeatedCompositeFieldContainer[_common_pb2.Attachment]
    batch_id: str
    def __init__(self, name: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., assignee: _Optional[str] = ..., grid: _Optional[str] = ..., due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reminder_offsets: _Optional[_Iterable[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]]] = ..., state: _Optional[_Union[TaskState, str]] = ..., creator: _Optional[str] = ..., completion_note: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., acknowledge_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., complete_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., escalate_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., kind: _Optional[_Union[TaskKind, str]] = ..., priority: _Optional[_Union[TaskPriority, str]] = ..., attachments: _Optional[_Iterable[_Union[_common_pb2.Attachment, _Mapping]]] = ..., progress_note: _Optional[str] = ..., decline_reason: _Optional[str] = ..., history: _Optional[_Iterable[_Union[TaskEvent, _Mapping]]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., location: _Optional[str] = ..., completion_attachments: _Optional[_Iterable[_Union[_common_pb2.Attachment, _Mapping]]] = ..., batch_id: _Optional[str] = ...) -> None: ...

class CreateTaskRequest(_message.Message):
    __slots__ = ("task", "request_id", "targets")
    TASK_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TARGETS_FIELD_NUMBER: _ClassVar[int]
    task: Task
    request_id: str
    targets: TaskTargets
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ..., request_id: _Optional[str] = ..., targets: _Optional[_Union[TaskTargets, _Mapping]] = ...) -> None: ...

class CreateTaskResponse(_message.Message):
    __slots__ = ("task", "tasks", "task_count", "batch_id")
    TASK_FIELD_NUMBER: _ClassVar[int]
    TASKS_FIELD_NUMBER: _ClassVar[int]
    TASK_COUNT_FIELD_NUMBER: _ClassVar[int]
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    task: Task
    tasks: _containers.RepeatedCompositeFieldContainer[Task]
    task_count: int
    batch_id: str
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ..., tasks: _Optional[_Iterable[_Union[Task, _Mapping]]] = ..., task_count: _Optional[int] = ..., batch_id: _Optional[str] = ...) -> None: ...

class GetTaskRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class ListTasksRequest(_message.Message):
    __slots__ = ("parent", "states", "page_size", "page_token", "assignee", "creator", "priority", "kind", "batch_id")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    STATES_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    CREATOR_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    parent: str
    states: _containers.RepeatedScalarFieldContainer[TaskState]
    page_size: int
    page_token: str
    assignee: str
    creator: str
    priority: TaskPriority
    kind: TaskKind
    batch_id: str
    def __init__(self, parent: _Optional[str] = ..., states: _Optional[_Iterable[_Union[TaskState, str]]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., assignee: _Optional[str] = ..., creator: _Optional[str] = ..., priority: _Optional[_Union[TaskPriority, str]] = ..., kind: _Optional[_Union[TaskKind, str]] = ..., batch_id: _Optional[str] = ...) -> None: ...

class ListTasksResponse(_message.Message):
    __slots__ = ("tasks", "next_page_token")
    TASKS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    tasks: _containers.RepeatedCompositeFieldContainer[Task]
    next_page_token: str
    def __init__(self, tasks: _Optional[_Iterable[_Union[Task, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AcknowledgeTaskRequest(_message.Message):
    __slots__ = ("name", "request_id", "comment")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    comment: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., comment: _Optional[str] = ...) -> None: ...

class AcknowledgeTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class CompleteTaskRequest(_message.Message):
    __slots__ = ("name", "completion_note", "request_id", "attachments")
    NAME_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_NOTE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    name: str
    completion_note: str
    request_id: str
    attachments: _containers.RepeatedCompositeFieldContainer[_common_pb2.Attachment]
    def __init__(self, name: _Optional[str] = ..., completion_note: _Optional[str] = ..., request_id: _Optional[str] = ..., attachments: _Optional[_Iterable[_Union[_common_pb2.Attachment, _Mapping]]] = ...) -> None: ...

class CompleteTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class CancelTaskRequest(_message.Message):
    __slots__ = ("name", "reason", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    reason: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., reason: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class CancelTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class ReportTaskProgressRequest(_message.Message):
    __slots__ = ("name", "note", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    note: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., note: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class ReportTaskProgressResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class DeclineTaskRequest(_message.Message):
    __slots__ = ("name", "reason", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    reason: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., reason: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class DeclineTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class ReassignTaskRequest(_message.Message):
    __slots__ = ("name", "assignee", "reason", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    assignee: str
    reason: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., assignee: _Optional[str] = ..., reason: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class ReassignTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class ExtendTaskRequest(_message.Message):
    __slots__ = ("name", "due_time", "reason", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    due_time: _timestamp_pb2.Timestamp
    reason: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class ExtendTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class GetTaskStatsRequest(_message.Message):
    __slots__ = ("parent", "level", "due_after", "due_before", "kind")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    DUE_AFTER_FIELD_NUMBER: _ClassVar[int]
    DUE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    parent: str
    level: _common_pb2.ScopeLevel
    due_after: _timestamp_pb2.Timestamp
    due_before: _timestamp_pb2.Timestamp
    kind: TaskKind
    def __init__(self, parent: _Optional[str] = ..., level: _Optional[_Union[_common_pb2.ScopeLevel, str]] = ..., due_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., kind: _Optional[_Union[TaskKind, str]] = ...) -> None: ...

class TaskStatsRow(_message.Message):
    __slots__ = ("scope_node", "task_count", "completed_count", "on_time_count", "overdue_count", "completion_rate", "on_time_rate")
    SCOPE_NODE_FIELD_NUMBER: _ClassVar[int]
    TASK_COUNT_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_COUNT_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_COUNT_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_COUNT_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_RATE_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_RATE_FIELD_NUMBER: _ClassVar[int]
    scope_node: str
    task_count: int
    completed_count: int
    on_time_count: int
    overdue_count: int
    completion_rate: float
    on_time_rate: float
    def __init__(self, scope_node: _Optional[str] = ..., task_count: _Optional[int] = ..., completed_count: _Optional[int] = ..., on_time_count: _Optional[int] = ..., overdue_count: _Optional[int] = ..., completion_rate: _Optional[float] = ..., on_time_rate: _Optional[float] = ...) -> None: ...

class GetTaskStatsResponse(_message.Message):
    __slots__ = ("total", "rows")
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    total: TaskStatsRow
    rows: _containers.RepeatedCompositeFieldContainer[TaskStatsRow]
    def __init__(self, total: _Optional[_Union[TaskStatsRow, _Mapping]] = ..., rows: _Optional[_Iterable[_Union[TaskStatsRow, _Mapping]]] = ...) -> None: ...
