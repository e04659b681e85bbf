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

class ProposalState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROPOSAL_STATE_UNSPECIFIED: _ClassVar[ProposalState]
    PROPOSAL_STATE_OPEN: _ClassVar[ProposalState]
    PROPOSAL_STATE_ACCEPTED: _ClassVar[ProposalState]
    PROPOSAL_STATE_EXPIRED: _ClassVar[ProposalState]

class ProposalReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROPOSAL_REASON_UNSPECIFIED: _ClassVar[ProposalReason]
    PROPOSAL_REASON_KEPT: _ClassVar[ProposalReason]
    PROPOSAL_REASON_RESIDENCE_GRID: _ClassVar[ProposalReason]
    PROPOSAL_REASON_RESIDENCE_COMMUNITY: _ClassVar[ProposalReason]
    PROPOSAL_REASON_WORKPLACE_GRID: _ClassVar[ProposalReason]
    PROPOSAL_REASON_WORKPLACE_COMMUNITY: _ClassVar[ProposalReason]
    PROPOSAL_REASON_RESIDENCE_STREET: _ClassVar[ProposalReason]
    PROPOSAL_REASON_WORKPLACE_STREET: _ClassVar[ProposalReason]
    PROPOSAL_REASON_PREFERENCE: _ClassVar[ProposalReason]
    PROPOSAL_REASON_PROFESSION_FIT: _ClassVar[ProposalReason]
    PROPOSAL_REASON_COVERS_GRID: _ClassVar[ProposalReason]
    PROPOSAL_REASON_COVERS_FIELD: _ClassVar[ProposalReason]
    PROPOSAL_REASON_RURAL_EXTRA: _ClassVar[ProposalReason]

class LineDecision(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LINE_DECISION_UNSPECIFIED: _ClassVar[LineDecision]
    LINE_DECISION_PROPOSED: _ClassVar[LineDecision]
    LINE_DECISION_ACCEPTED: _ClassVar[LineDecision]
    LINE_DECISION_OVERRIDDEN: _ClassVar[LineDecision]
    LINE_DECISION_DECLINED: _ClassVar[LineDecision]

class ShortfallKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SHORTFALL_KIND_UNSPECIFIED: _ClassVar[ShortfallKind]
    SHORTFALL_KIND_GRID_UNCOVERED: _ClassVar[ShortfallKind]
    SHORTFALL_KIND_FIELD_MISSING: _ClassVar[ShortfallKind]
    SHORTFALL_KIND_OFFICER_UNPLACED: _ClassVar[ShortfallKind]
PROPOSAL_STATE_UNSPECIFIED: ProposalState
PROPOSAL_STATE_OPEN: ProposalState
PROPOSAL_STATE_ACCEPTED: ProposalState
PROPOSAL_STATE_EXPIRED: ProposalState
PROPOSAL_REASON_UNSPECIFIED: ProposalReason
PROPOSAL_REASON_KEPT: ProposalReason
PROPOSAL_REASON_RESIDENCE_GRID: ProposalReason
PROPOSAL_REASON_RESIDENCE_COMMUNITY: ProposalReason
PROPOSAL_REASON_WORKPLACE_GRID: ProposalReason
PROPOSAL_REASON_WORKPLACE_COMMUNITY: ProposalReason
PROPOSAL_REASON_RESIDENCE_STREET: ProposalReason
PROPOSAL_REASON_WORKPLACE_STREET: ProposalReason
PROPOSAL_REASON_PREFERENCE: ProposalReason
PROPOSAL_REASON_PROFESSION_FIT: ProposalReason
PROPOSAL_REASON_COVERS_GRID: ProposalReason
PROPOSAL_REASON_COVERS_FIELD: ProposalReason
PROPOSAL_REASON_RURAL_EXTRA: ProposalReason
LINE_DECISION_UNSPECIFIED: LineDecision
LINE_DECISION_PROPOSED: LineDecision
LINE_DECISION_ACCEPTED: LineDecision
LINE_DECISION_OVERRIDDEN: LineDecision
LINE_DECISION_DECLINED: LineDecision
SHORTFALL_KIND_UNSPECIFIED: ShortfallKind
SHORTFALL_KIND_GRID_UNCOVERED: ShortfallKind
SHORTFALL_KIND_FIELD_MISSING: ShortfallKind
SHORTFALL_KIND_OFFICER_UNPLACED: ShortfallKind

class Shortfall(_message.Message):
    __slots__ = ("kind", "subject", "field", "explanation")
    KIND_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    kind: ShortfallKind
    subject: str
    field: _common_pb2.OfficerCategory
    explanation: str
    def __init__(self, kind: _Optional[_Union[ShortfallKind, str]] = ..., subject: _Optional[str] = ..., field: _Optional[_Union[_common_pb2.OfficerCategory, str]] = ..., explanation: _Optional[str] = ...) -> None: ...

class Proposal(_message.Message):
    __slots__ = ("name", "scope_node", "state", "creator", "create_time", "weights", "terms", "shortfalls", "line_count", "accepted_by", "accept_time", "accept_note")
    class WeightsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class TermsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    SCOPE_NODE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CREATOR_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_FIELD_NUMBER: _ClassVar[int]
    TERMS_FIELD_NUMBER: _ClassVar[int]
    SHORTFALLS_FIELD_NUMBER: _ClassVar[int]
    LINE_COUNT_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_BY_FIELD_NUMBER: _ClassVar[int]
    ACCEPT_TIME_FIELD_NUMBER: _ClassVar[int]
    ACCEPT_NOTE_FIELD_NUMBER: _ClassVar[int]
    name: str
    scope_node: str
    state: ProposalState
    creator: str
    create_time: _timestamp_pb2.Timestamp
    weights: _containers.ScalarMap[str, int]
    terms: _containers.ScalarMap[str, int]
    shortfalls: _containers.RepeatedCompositeFieldContainer[Shortfall]
    line_count: int
    accepted_by: str
    accept_time: _timestamp_pb2.Timestamp
    accept_note: str
    def __init__(self, name: _Optional[str] = ..., scope_node: _Optional[str] = ..., state: _Optional[_Union[ProposalState, str]] = ..., creator: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., weights: _Optional[_Mapping[str, int]] = ..., terms: _Optional[_Mapping[str, int]] = ..., shortfalls: _Optional[_Iterable[_Union[Shortfall, _Mapping]]] = ..., line_count: _Optional[int] = ..., accepted_by: _Optional[str] = ..., accept_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., accept_note: _Optional[str] = ...) -> None: ...

class ProposalLine(_message.Message):
    __slots__ = ("name", "officer", "grid", "reasons", "current_grids", "decision", "override_grid")
    NAME_FIELD_NUMBER: _ClassVar[int]
    OFFICER_FIELD_NUMBER: _ClassVar[int]
    GRID_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    CURRENT_GRIDS_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_GRID_FIELD_NUMBER: _ClassVar[int]
    name: str
    officer: str
    grid: str
    reasons: _containers.RepeatedScalarFieldContainer[ProposalReason]
    current_grids: _containers.RepeatedScalarFieldContainer[str]
    decision: LineDecision
    override_grid: str
    def __init__(self, name: _Optional[str] = ..., officer: _Optional[str] = ..., grid: _Optional[str] = ..., reasons: _Optional[_Iterable[_Union[ProposalReason, str]]] = ..., current_grids: _Optional[_Iterable[str]] = ..., decision: _Optional[_Union[LineDecision, str]] = ..., override_grid: _Optional[str] = ...) -> None: ...

class CreateProposalRequest(_message.Message):
    __slots__ = ("scope_node", "request_id")
    SCOPE_NODE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    scope_node: str
    request_id: str
    def __init__(self, scope_node: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateProposalResponse(_message.Message):
    __slots__ = ("proposal",)
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    proposal: Proposal
    def __init__(self, proposal: _Optional[_Union[Proposal, _Mapping]] = ...) -> None: ...

class GetProposalRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetProposalResponse(_message.Message):
    __slots__ = ("proposal",)
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    proposal: Proposal
    def __init__(self, proposal: _Optional[_Union[Proposal, _Mapping]] = ...) -> None: ...

class ListProposalsRequest(_message.Message):
    __slots__ = ("scope_node", "page_size", "page_token")
    SCOPE_NODE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    scope_node: str
    page_size: int
    page_token: str
    def __init__(self, scope_node: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListProposalsResponse(_message.Message):
    __slots__ = ("proposals", "next_page_token")
    PROPOSALS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    proposals: _containers.RepeatedCompositeFieldContainer[Proposal]
    next_page_token: str
    def __init__(self, proposals: _Optional[_Iterable[_Union[Proposal, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListProposalLinesRequest(_message.Message):
    __slots__ = ("parent", "only_moves", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    ONLY_MOVES_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    only_moves: bool
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., only_moves: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListProposalLinesResponse(_message.Message):
    __slots__ = ("lines", "next_page_token")
    LINES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    lines: _containers.RepeatedCompositeFieldContainer[ProposalLine]
    next_page_token: str
    def __init__(self, lines: _Optional[_Iterable[_Union[ProposalLine, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class LineOverride(_message.Message):
    __slots__ = ("line", "grid")
    LINE_FIELD_NUMBER: _ClassVar[int]
    GRID_FIELD_NUMBER: _ClassVar[int]
    line: str
    grid: str
    def __init__(self, line: _Optional[str] = ..., grid: _Optional[str] = ...) -> None: ...

class AcceptProposalRequest(_message.Message):
    __slots__ = ("name", "all_lines", "lines", "overrides", "note", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ALL_LINES_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    OVERRIDES_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    all_lines: bool
    lines: _containers.RepeatedScalarFieldContainer[str]
    overrides: _containers.RepeatedCompositeFieldContainer[LineOverride]
    note: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., all_lines: _Optional[bool] = ..., lines: _Optional[_Iterable[str]] = ..., overrides: _Optional[_Iterable[_Union[LineOverride, _Mapping]]] = ..., note: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class AcceptProposalResponse(_message.Message):
    __slots__ = ("proposal", "officers_changed")
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    OFFICERS_CHANGED_FIELD_NUMBER: _ClassVar[int]
    proposal: Proposal
    officers_changed: int
    def __init__(self, proposal: _Optional[_Union[Proposal, _Mapping]] = ..., officers_changed: _Optional[int] = ...) -> None: ...
