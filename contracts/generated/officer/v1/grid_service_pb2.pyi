import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from officer.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ScopeNode(_message.Message):
    __slots__ = ("name", "display_name", "level", "parent", "rural", "registry_version", "update_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    PARENT_FIELD_NUMBER: _ClassVar[int]
    RURAL_FIELD_NUMBER: _ClassVar[int]
    REGISTRY_VERSION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    display_name: str
    level: _common_pb2.ScopeLevel
    parent: str
    rural: bool
    registry_version: int
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., display_name: _Optional[str] = ..., level: _Optional[_Union[_common_pb2.ScopeLevel, str]] = ..., parent: _Optional[str] = ..., rural: _Optional[bool] = ..., registry_version: _Optional[int] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Grid(_message.Message):
    __slots__ = ("name", "display_name", "community", "grid_type", "exclusive_kind", "officers", "registry_version", "update_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    GRID_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXCLUSIVE_KIND_FIELD_NUMBER: _ClassVar[int]
    OFFICERS_FIELD_NUMBER: _ClassVar[int]
    REGISTRY_VERSION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    display_name: str
    community: str
    grid_type: _common_pb2.GridType
    exclusive_kind: _common_pb2.ExclusiveGridKind
    officers: _containers.RepeatedScalarFieldContainer[str]
    registry_version: int
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., display_name: _Optional[str] = ..., community: _Optional[str] = ..., grid_type: _Optional[_Union[_common_pb2.GridType, str]] = ..., exclusive_kind: _Optional[_Union[_common_pb2.ExclusiveGridKind, str]] = ..., officers: _Optional[_Iterable[str]] = ..., registry_version: _Optional[int] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetScopeNodeRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetScopeNodeResponse(_message.Message):
    __slots__ = ("scope_node",)
    SCOPE_NODE_FIELD_NUMBER: _ClassVar[int]
    scope_node: ScopeNode
    def __init__(self, scope_node: _Optional[_Union[ScopeNode, _Mapping]] = ...) -> None: ...

class ListScopeNodesRequest(_message.Message):
    __slots__ = ("parent", "level", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    level: _common_pb2.ScopeLevel
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., level: _Optional[_Union[_common_pb2.ScopeLevel, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListScopeNodesResponse(_message.Message):
    __slots__ = ("scope_nodes", "next_page_token")
    SCOPE_NODES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    scope_nodes: _containers.RepeatedCompositeFieldContainer[ScopeNode]
    next_page_token: str
    def __init__(self, scope_nodes: _Optional[_Iterable[_Union[ScopeNode, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetGridRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetGridResponse(_message.Message):
    __slots__ = ("grid",)
    GRID_FIELD_NUMBER: _ClassVar[int]
    grid: Grid
    def __init__(self, grid: _Optional[_Union[Grid, _Mapping]] = ...) -> None: ...

class ListGridsRequest(_message.Message):
    __slots__ = ("parent", "grid_type", "without_officers", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    GRID_TYPE_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_OFFICERS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    grid_type: _common_pb2.GridType
    without_officers: bool
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., grid_type: _Optional[_Union[_common_pb2.GridType, str]] = ..., without_officers: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListGridsResponse(_message.Message):
    __slots__ = ("grids", "next_page_token")
    GRIDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    grids: _containers.RepeatedCompositeFieldContainer[Grid]
    next_page_token: str
    def __init__(self, grids: _Optional[_Iterable[_Union[Grid, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
