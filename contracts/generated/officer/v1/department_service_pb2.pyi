import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from officer.v1 import suggestion_service_pb2 as _suggestion_service_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class HandlingLimits(_message.Message):
    __slots__ = ("sign_working_days", "urgent_sign_working_hours", "close_working_days", "urgent_close_working_days")
    SIGN_WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    URGENT_SIGN_WORKING_HOURS_FIELD_NUMBER: _ClassVar[int]
    CLOSE_WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    URGENT_CLOSE_WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    sign_working_days: int
    urgent_sign_working_hours: int
    close_working_days: int
    urgent_close_working_days: int
    def __init__(self, sign_working_days: _Optional[int] = ..., urgent_sign_working_hours: _Optional[int] = ..., close_working_days: _Optional[int] = ..., urgent_close_working_days: _Optional[int] = ...) -> None: ...

class Department(_message.Message):
    __slots__ = ("name", "display_name", "scope_node", "handlers", "limits", "create_time", "update_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    SCOPE_NODE_FIELD_NUMBER: _ClassVar[int]
    HANDLERS_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    display_name: str
    scope_node: str
    handlers: _containers.RepeatedScalarFieldContainer[str]
    limits: HandlingLimits
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., display_name: _Optional[str] = ..., scope_node: _Optional[str] = ..., handlers: _Optional[_Iterable[str]] = ..., limits: _Optional[_Union[HandlingLimits, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RoutingRule(_message.Message):
    __slots__ = ("name", "category", "scope_node", "department", "creator", "create_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    SCOPE_NODE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    CREATOR_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    category: _suggestion_service_pb2.SuggestionCategory
    scope_node: str
    department: str
    creator: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., category: _Optional[_Union[_suggestion_service_pb2.SuggestionCategory, str]] = ..., scope_node: _Optional[str] = ..., department: _Optional[str] = ..., creator: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateDepartmentRequest(_message.Message):
    __slots__ = ("department_id", "department", "request_id")
    DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    department_id: str
    department: Department
    request_id: str
    def __init__(self, department_id: _Optional[str] = ..., department: _Optional[_Union[Department, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateDepartmentResponse(_message.Message):
    __slots__ = ("department",)
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    department: Department
    def __init__(self, department: _Optional[_Union[Department, _Mapping]] = ...) -> None: ...

class GetDepartmentRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetDepartmentResponse(_message.Message):
    __slots__ = ("department",)
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    department: Department
    def __init__(self, department: _Optional[_Union[Department, _Mapping]] = ...) -> None: ...

class ListDepartmentsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListDepartmentsResponse(_message.Message):
    __slots__ = ("departments", "next_page_token")
    DEPARTMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    departments: _containers.RepeatedCompositeFieldContainer[Department]
    next_page_token: str
    def __init__(self, departments: _Optional[_Iterable[_Union[Department, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateDepartmentRequest(_message.Message):
    __slots__ = ("department", "update_mask", "request_id")
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    department: Department
    update_mask: _field_mask_pb2.FieldMask
    request_id: str
    def __init__(self, department: _Optional[_Union[Department, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class UpdateDepartmentResponse(_message.Message):
    __slots__ = ("department",)
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    department: Department
    def __init__(self, department: _Optional[_Union[Department, _Mapping]] = ...) -> None: ...

class CreateRoutingRuleRequest(_message.Message):
    __slots__ = ("routing_rule", "request_id")
    ROUTING_RULE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    routing_rule: RoutingRule
    request_id: str
    def __init__(self, routing_rule: _Optional[_Union[RoutingRule, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateRoutingRuleResponse(_message.Message):
    __slots__ = ("routing_rule",)
    ROUTING_RULE_FIELD_NUMBER: _ClassVar[int]
    routing_rule: RoutingRule
    def __init__(self, routing_rule: _Optional[_Union[RoutingRule, _Mapping]] = ...) -> None: ...

class ListRoutingRulesRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListRoutingRulesResponse(_message.Message):
    __slots__ = ("routing_rules", "next_page_token")
    ROUTING_RULES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    routing_rules: _containers.RepeatedCompositeFieldContainer[RoutingRule]
    next_page_token: str
    def __init__(self, routing_rules: _Optional[_Iterable[_Union[RoutingRule, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DeleteRoutingRuleRequest(_message.Message):
    __slots__ = ("name", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class DeleteRoutingRuleResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
