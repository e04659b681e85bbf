import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class InboxItemKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INBOX_ITEM_KIND_UNSPECIFIED: _ClassVar[InboxItemKind]
    INBOX_ITEM_KIND_NOTICE: _ClassVar[InboxItemKind]
    INBOX_ITEM_KIND_NOTICE_AMENDED: _ClassVar[InboxItemKind]
    INBOX_ITEM_KIND_NOTICE_WITHDRAWN: _ClassVar[InboxItemKind]
    INBOX_ITEM_KIND_NOTICE_REMINDER: _ClassVar[InboxItemKind]
    INBOX_ITEM_KIND_TASK_ALERT: _ClassVar[InboxItemKind]
    INBOX_ITEM_KIND_TASK_REMINDER: _ClassVar[InboxItemKind]
    INBOX_ITEM_KIND_SUGGESTION_REPLY: _ClassVar[InboxItemKind]
    INBOX_ITEM_KIND_ESCALATION: _ClassVar[InboxItemKind]
    INBOX_ITEM_KIND_TASK_CHANGED: _ClassVar[InboxItemKind]
    INBOX_ITEM_KIND_SUGGESTION_DISPATCHED: _ClassVar[InboxItemKind]
    INBOX_ITEM_KIND_SUGGESTION_WITHDRAWN: _ClassVar[InboxItemKind]
    INBOX_ITEM_KIND_SUGGESTION_UNROUTED: _ClassVar[InboxItemKind]
    INBOX_ITEM_KIND_SUGGESTION_URGED: _ClassVar[InboxItemKind]
    INBOX_ITEM_KIND_SUGGESTION_EXTENSION: _ClassVar[InboxItemKind]
    INBOX_ITEM_KIND_CHECK_IN_REMINDER: _ClassVar[InboxItemKind]
    INBOX_ITEM_KIND_CHECK_IN_OVERDUE: _ClassVar[InboxItemKind]
    INBOX_ITEM_KIND_ACTIVITY_REMINDER: _ClassVar[InboxItemKind]
INBOX_ITEM_KIND_UNSPECIFIED: InboxItemKind
INBOX_ITEM_KIND_NOTICE: InboxItemKind
INBOX_ITEM_KIND_NOTICE_AMENDED: InboxItemKind
INBOX_ITEM_KIND_NOTICE_WITHDRAWN: InboxItemKind
INBOX_ITEM_KIND_NOTICE_REMINDER: InboxItemKind
INBOX_ITEM_KIND_TASK_ALERT: InboxItemKind
INBOX_ITEM_KIND_TASK_REMINDER: InboxItemKind
INBOX_ITEM_KIND_SUGGESTION_REPLY: InboxItemKind
INBOX_ITEM_KIND_ESCALATION: InboxItemKind
INBOX_ITEM_KIND_TASK_CHANGED: InboxItemKind
INBOX_ITEM_KIND_SUGGESTION_DISPATCHED: InboxItemKind
INBOX_ITEM_KIND_SUGGESTION_WITHDRAWN: InboxItemKind
INBOX_ITEM_KIND_SUGGESTION_UNROUTED: InboxItemKind
INBOX_ITEM_KIND_SUGGESTION_URGED: InboxItemKind
INBOX_ITEM_KIND_SUGGESTION_EXTENSION: InboxItemKind
INBOX_ITEM_KIND_CHECK_IN_REMINDER: InboxItemKind
INBOX_ITEM_KIND_CHECK_IN_OVERDUE: InboxItemKind
INBOX_ITEM_KIND_ACTIVITY_REMINDER: InboxItemKind

class InboxItem(_message.Message):
    __slots__ = ("name", "message_id", "kind", "subject", "title", "summary", "acknowledgement_required", "acknowledge_due_time", "create_time", "read_time", "acknowledge_time", "acknowledge_comment")
    NAME_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGEMENT_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGE_DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    READ_TIME_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGE_TIME_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGE_COMMENT_FIELD_NUMBER: _ClassVar[int]
    name: str
    message_id: str
    kind: InboxItemKind
    subject: str
    title: str
    summary: str
    acknowledgement_required: bool
    acknowledge_due_time: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    read_time: _timestamp_pb2.Timestamp
    acknowledge_time: _timestamp_pb2.Timestamp
    acknowledge_comment: str
    def __init__(self, name: _Optional[str] = ..., message_id: _Optional[str] = ..., kind: _Optional[_Union[InboxItemKind, str]] = ..., subject: _Optional[str] = ..., title: _Optional[str] = ..., summary: _Optional[str] = ..., acknowledgement_required: _Optional[bool] = ..., acknowledge_due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., read_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., acknowledge_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., acknowledge_comment: _Optional[str] = ...) -> None: ...

class ListInboxItemsRequest(_message.Message):
    __slots__ = ("parent", "unread_only", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    UNREAD_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    unread_only: bool
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., unread_only: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListInboxItemsResponse(_message.Message):
    __slots__ = ("inbox_items", "next_page_token", "unread_count")
    INBOX_ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    UNREAD_COUNT_FIELD_NUMBER: _ClassVar[int]
    inbox_items: _containers.RepeatedCompositeFieldContainer[InboxItem]
    next_page_token: str
    unread_count: int
    def __init__(self, inbox_items: _Optional[_Iterable[_Union[InboxItem, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., unread_count: _Optional[int] = ...) -> None: ...

class StreamInboxItemsRequest(_message.Message):
    __slots__ = ("parent", "resume_cursor")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    RESUME_CURSOR_FIELD_NUMBER: _ClassVar[int]
    parent: str
    resume_cursor: str
    def __init__(self, parent: _Optional[str] = ..., resume_cursor: _Optional[str] = ...) -> None: ...

class StreamInboxItemsResponse(_message.Message):
    __slots__ = ("inbox_item", "cursor")
    INBOX_ITEM_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    inbox_item: InboxItem
    cursor: str
    def __init__(self, inbox_item: _Optional[_Union[InboxItem, _Mapping]] = ..., cursor: _Optional[str] = ...) -> None: ...

class MarkInboxItemsReadRequest(_message.Message):
    __slots__ = ("parent", "names", "request_id")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    NAMES_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    parent: str
    names: _containers.RepeatedScalarFieldContainer[str]
    request_id: str
    def __init__(self, parent: _Optional[str] = ..., names: _Optional[_Iterable[str]] = ..., request_id: _Optional[str] = ...) -> None: ...

class MarkInboxItemsReadResponse(_message.Message):
    __slots__ = ("inbox_items",)
    INBOX_ITEMS_FIELD_NUMBER: _ClassVar[int]
    inbox_items: _containers.RepeatedCompositeFieldContainer[InboxItem]
    def __init__(self, inbox_items: _Optional[_Iterable[_Union[InboxItem, _Mapping]]] = ...) -> None: ...

class MarkAllInboxItemsReadRequest(_message.Message):
    __slots__ = ("parent", "request_id")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    parent: str
    request_id: str
    def __init__(self, parent: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class MarkAllInboxItemsReadResponse(_message.Message):
    __slots__ = ("marked_count",)
    MARKED_COUNT_FIELD_NUMBER: _ClassVar[int]
    marked_count: int
    def __init__(self, marked_count: _Optional[int] = ...) -> None: ...

class AcknowledgeInboxItemRequest(_message.Message):
    __slots__ = ("name", "comment", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    comment: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., comment: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class AcknowledgeInboxItemResponse(_message.Message):
    __slots__ = ("inbox_item",)
    INBOX_ITEM_FIELD_NUMBER: _ClassVar[int]
    inbox_item: InboxItem
    def __init__(self, inbox_item: _Optional[_Union[InboxItem, _Mapping]] = ...) -> None: ...
