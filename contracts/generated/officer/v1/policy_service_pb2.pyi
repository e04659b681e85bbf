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

class NoticeKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NOTICE_KIND_UNSPECIFIED: _ClassVar[NoticeKind]
    NOTICE_KIND_POLICY: _ClassVar[NoticeKind]
    NOTICE_KIND_REGULATION: _ClassVar[NoticeKind]
    NOTICE_KIND_MEETING_SPIRIT: _ClassVar[NoticeKind]
    NOTICE_KIND_DECISION: _ClassVar[NoticeKind]
    NOTICE_KIND_NOTICE: _ClassVar[NoticeKind]

class NoticeState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NOTICE_STATE_UNSPECIFIED: _ClassVar[NoticeState]
    NOTICE_STATE_PUBLISHED: _ClassVar[NoticeState]
    NOTICE_STATE_WITHDRAWN: _ClassVar[NoticeState]
NOTICE_KIND_UNSPECIFIED: NoticeKind
NOTICE_KIND_POLICY: NoticeKind
NOTICE_KIND_REGULATION: NoticeKind
NOTICE_KIND_MEETING_SPIRIT: NoticeKind
NOTICE_KIND_DECISION: NoticeKind
NOTICE_KIND_NOTICE: NoticeKind
NOTICE_STATE_UNSPECIFIED: NoticeState
NOTICE_STATE_PUBLISHED: NoticeState
NOTICE_STATE_WITHDRAWN: NoticeState

class Audience(_message.Message):
    __slots__ = ("scope_nodes", "roles", "recipients", "categories")
    SCOPE_NODES_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    scope_nodes: _containers.RepeatedScalarFieldContainer[str]
    roles: _containers.RepeatedScalarFieldContainer[_common_pb2.Role]
    recipients: _containers.RepeatedScalarFieldContainer[str]
    categories: _containers.RepeatedScalarFieldContainer[_common_pb2.OfficerCategory]
    def __init__(self, scope_nodes: _Optional[_Iterable[str]] = ..., roles: _Optional[_Iterable[_Union[_common_pb2.Role, str]]] = ..., recipients: _Optional[_Iterable[str]] = ..., categories: _Optional[_Iterable[_Union[_common_pb2.OfficerCategory, str]]] = ...) -> None: ...

class Notice(_message.Message):
    __slots__ = ("name", "title", "body", "kind", "attachments", "effective_time", "expire_time", "audience", "acknowledge_due_time", "state", "publisher", "recipient_count", "revision", "create_time", "update_time", "etag")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_TIME_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGE_DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PUBLISHER_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    name: str
    title: str
    body: str
    kind: NoticeKind
    attachments: _containers.RepeatedCompositeFieldContainer[_common_pb2.Attachment]
    effective_time: _timestamp_pb2.Timestamp
    expire_time: _timestamp_pb2.Timestamp
    audience: Audience
    acknowledge_due_time: _timestamp_pb2.Timestamp
    state: NoticeState
    publisher: str
    recipient_count: int
    revision: int
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    def __init__(self, name: _Optional[str] = ..., title: _Optional[str] = ..., body: _Optional[str] = ..., kind: _Optional[_Union[NoticeKind, str]] = ..., attachments: _Optional[_Iterable[_Union[_common_pb2.Attachment, _Mapping]]] = ..., effective_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., audience: _Optional[_Union[Audience, _Mapping]] = ..., acknowledge_due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., state: _Optional[_Union[NoticeState, str]] = ..., publisher: _Optional[str] = ..., recipient_count: _Optional[int] = ..., revision: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class NoticeStatsRow(_message.Message):
    __slots__ = ("scope_node", "recipient_count", "delivered_count", "read_count", "acknowledged_count")
    SCOPE_NODE_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    DELIVERED_COUNT_FIELD_NUMBER: _ClassVar[int]
    READ_COUNT_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_COUNT_FIELD_NUMBER: _ClassVar[int]
    scope_node: str
    recipient_count: int
    delivered_count: int
    read_count: int
    acknowledged_count: int
    def __init__(self, scope_node: _Optional[str] = ..., recipient_count: _Optional[int] = ..., delivered_count: _Optional[int] = ..., read_count: _Optional[int] = ..., acknowledged_count: _Optional[int] = ...) -> None: ...

class PublishNoticeRequest(_message.Message):
    __slots__ = ("notice", "request_id")
    NOTICE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    notice: Notice
    request_id: str
    def __init__(self, notice: _Optional[_Union[Notice, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class PublishNoticeResponse(_message.Message):
    __slots__ = ("notice",)
    NOTICE_FIELD_NUMBER: _ClassVar[int]
    notice: Notice
    def __init__(self, notice: _Optional[_Union[Notice, _Mapping]] = ...) -> None: ...

class GetNoticeRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetNoticeResponse(_message.Message):
    __slots__ = ("notice",)
    NOTICE_FIELD_NUMBER: _ClassVar[int]
    notice: Notice
    def __init__(self, notice: _Optional[_Union[Notice, _Mapping]] = ...) -> None: ...

class ListNoticesRequest(_message.Message):
    __slots__ = ("parent", "kind", "show_withdrawn", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SHOW_WITHDRAWN_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    kind: NoticeKind
    show_withdrawn: bool
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., kind: _Optional[_Union[NoticeKind, str]] = ..., show_withdrawn: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListNoticesResponse(_message.Message):
    __slots__ = ("notices", "next_page_token")
    NOTICES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    notices: _containers.RepeatedCompositeFieldContainer[Notice]
    next_page_token: str
    def __init__(self, notices: _Optional[_Iterable[_Union[Notice, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AmendNoticeRequest(_message.Message):
    __slots__ = ("notice", "update_mask", "reason", "request_id")
    NOTICE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    notice: Notice
    update_mask: _field_mask_pb2.FieldMask
    reason: str
    request_id: str
    def __init__(self, notice: _Optional[_Union[Notice, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., reason: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class AmendNoticeResponse(_message.Message):
    __slots__ = ("notice",)
    NOTICE_FIELD_NUMBER: _ClassVar[int]
    notice: Notice
    def __init__(self, notice: _Optional[_Union[Notice, _Mapping]] = ...) -> None: ...

class WithdrawNoticeRequest(_message.Message):
    __slots__ = ("name", "reason", "etag", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    reason: str
    etag: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., reason: _Optional[str] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class WithdrawNoticeResponse(_message.Message):
    __slots__ = ("notice",)
    NOTICE_FIELD_NUMBER: _ClassVar[int]
    notice: Notice
    def __init__(self, notice: _Optional[_Union[Notice, _Mapping]] = ...) -> None: ...

class GetNoticeStatsRequest(_message.Message):
    __slots__ = ("name", "level")
    NAME_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    name: str
    level: _common_pb2.ScopeLevel
    def __init__(self, name: _Optional[str] = ..., level: _Optional[_Union[_common_pb2.ScopeLevel, str]] = ...) -> None: ...

class GetNoticeStatsResponse(_message.Message):
    __slots__ = ("total", "rows")
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    total: NoticeStatsRow
    rows: _containers.RepeatedCompositeFieldContainer[NoticeStatsRow]
    def __init__(self, total: _Optional[_Union[NoticeStatsRow, _Mapping]] = ..., rows: _Optional[_Iterable[_Union[NoticeStatsRow, _Mapping]]] = ...) -> None: ...
