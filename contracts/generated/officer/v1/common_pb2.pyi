from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ScopeLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SCOPE_LEVEL_UNSPECIFIED: _ClassVar[ScopeLevel]
    SCOPE_LEVEL_CITY: _ClassVar[ScopeLevel]
    SCOPE_LEVEL_DISTRICT: _ClassVar[ScopeLevel]
    SCOPE_LEVEL_STREET: _ClassVar[ScopeLevel]
    SCOPE_LEVEL_COMMUNITY: _ClassVar[ScopeLevel]
    SCOPE_LEVEL_GRID: _ClassVar[ScopeLevel]

class OfficerCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OFFICER_CATEGORY_UNSPECIFIED: _ClassVar[OfficerCategory]
    OFFICER_CATEGORY_JUDGE: _ClassVar[OfficerCategory]
    OFFICER_CATEGORY_PROSECUTOR: _ClassVar[OfficerCategory]
    OFFICER_CATEGORY_POLICE: _ClassVar[OfficerCategory]
    OFFICER_CATEGORY_LAWYER: _ClassVar[OfficerCategory]
    OFFICER_CATEGORY_LAW_SOCIETY: _ClassVar[OfficerCategory]
    OFFICER_CATEGORY_OTHER_STAFF: _ClassVar[OfficerCategory]

class Role(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ROLE_UNSPECIFIED: _ClassVar[Role]
    ROLE_OFFICER: _ClassVar[Role]
    ROLE_GRID_WORKER: _ClassVar[Role]
    ROLE_COMMUNITY_HEAD: _ClassVar[Role]
    ROLE_STREET_LIAISON: _ClassVar[Role]
    ROLE_UNIT_ADMIN: _ClassVar[Role]
    ROLE_DISTRICT_ADMIN: _ClassVar[Role]
    ROLE_CITY_ADMIN: _ClassVar[Role]

class GridType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GRID_TYPE_UNSPECIFIED: _ClassVar[GridType]
    GRID_TYPE_ORDINARY: _ClassVar[GridType]
    GRID_TYPE_RURAL: _ClassVar[GridType]
    GRID_TYPE_EXCLUSIVE: _ClassVar[GridType]

class ExclusiveGridKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXCLUSIVE_GRID_KIND_UNSPECIFIED: _ClassVar[ExclusiveGridKind]
    EXCLUSIVE_GRID_KIND_SCHOOL: _ClassVar[ExclusiveGridKind]
    EXCLUSIVE_GRID_KIND_BUSINESS_DISTRICT: _ClassVar[ExclusiveGridKind]
    EXCLUSIVE_GRID_KIND_PARK: _ClassVar[ExclusiveGridKind]
    EXCLUSIVE_GRID_KIND_ENTERPRISE: _ClassVar[ExclusiveGridKind]
    EXCLUSIVE_GRID_KIND_HOSPITAL: _ClassVar[ExclusiveGridKind]
    EXCLUSIVE_GRID_KIND_PUBLIC_BODY: _ClassVar[ExclusiveGridKind]

class ActivityKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACTIVITY_KIND_UNSPECIFIED: _ClassVar[ActivityKind]
    ACTIVITY_KIND_GRID_RESEARCH: _ClassVar[ActivityKind]
    ACTIVITY_KIND_DISPUTE_MEDIATION: _ClassVar[ActivityKind]
    ACTIVITY_KIND_RISK_SCREENING: _ClassVar[ActivityKind]
    ACTIVITY_KIND_LEGAL_PUBLICITY: _ClassVar[ActivityKind]
    ACTIVITY_KIND_ENTERPRISE_VISIT: _ClassVar[ActivityKind]
    ACTIVITY_KIND_EPIDEMIC_DUTY: _ClassVar[ActivityKind]
    ACTIVITY_KIND_MAJOR_EVENT_SECURITY: _ClassVar[ActivityKind]
    ACTIVITY_KIND_POLICY_BRIEFING: _ClassVar[ActivityKind]
    ACTIVITY_KIND_OTHER: _ClassVar[ActivityKind]
    ACTIVITY_KIND_LEGAL_CONSULTATION: _ClassVar[ActivityKind]
    ACTIVITY_KIND_GRID_WORKER_SUPPORT: _ClassVar[ActivityKind]

class SubjectKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUBJECT_KIND_UNSPECIFIED: _ClassVar[SubjectKind]
    SUBJECT_KIND_DISPUTE: _ClassVar[SubjectKind]
    SUBJECT_KIND_RISK: _ClassVar[SubjectKind]
    SUBJECT_KIND_GOVERNANCE: _ClassVar[SubjectKind]
    SUBJECT_KIND_OTHER: _ClassVar[SubjectKind]
SCOPE_LEVEL_UNSPECIFIED: ScopeLevel
SCOPE_LEVEL_CITY: ScopeLevel
SCOPE_LEVEL_DISTRICT: ScopeLevel
SCOPE_LEVEL_STREET: ScopeLevel
SCOPE_LEVEL_COMMUNITY: ScopeLevel
SCOPE_LEVEL_GRID: ScopeLevel
OFFICER_CATEGORY_UNSPECIFIED: OfficerCategory
OFFICER_CATEGORY_JUDGE: OfficerCategory
OFFICER_CATEGORY_PROSECUTOR: OfficerCategory
OFFICER_CATEGORY_POLICE: OfficerCategory
OFFICER_CATEGORY_LAWYER: OfficerCategory
OFFICER_CATEGORY_LAW_SOCIETY: OfficerCategory
OFFICER_CATEGORY_OTHER_STAFF: OfficerCategory
ROLE_UNSPECIFIED: Role
ROLE_OFFICER: Role
ROLE_GRID_WORKER: Role
ROLE_COMMUNITY_HEAD: Role
ROLE_STREET_LIAISON: Role
ROLE_UNIT_ADMIN: Role
ROLE_DISTRICT_ADMIN: Role
ROLE_CITY_ADMIN: Role
GRID_TYPE_UNSPECIFIED: GridType
GRID_TYPE_ORDINARY: GridType
GRID_TYPE_RURAL: GridType
GRID_TYPE_EXCLUSIVE: GridType
EXCLUSIVE_GRID_KIND_UNSPECIFIED: ExclusiveGridKind
EXCLUSIVE_GRID_KIND_SCHOOL: ExclusiveGridKind
EXCLUSIVE_GRID_KIND_BUSINESS_DISTRICT: ExclusiveGridKind
EXCLUSIVE_GRID_KIND_PARK: ExclusiveGridKind
EXCLUSIVE_GRID_KIND_ENTERPRISE: ExclusiveGridKind
EXCLUSIVE_GRID_KIND_HOSPITAL: ExclusiveGridKind
EXCLUSIVE_GRID_KIND_PUBLIC_BODY: ExclusiveGridKind
ACTIVITY_KIND_UNSPECIFIED: ActivityKind
ACTIVITY_KIND_GRID_RESEARCH: ActivityKind
ACTIVITY_KIND_DISPUTE_MEDIATION: ActivityKind
ACTIVITY_KIND_RISK_SCREENING: ActivityKind
ACTIVITY_KIND_LEGAL_PUBLICITY: ActivityKind
ACTIVITY_KIND_ENTERPRISE_VISIT: ActivityKind
ACTIVITY_KIND_EPIDEMIC_DUTY: ActivityKind
ACTIVITY_KIND_MAJOR_EVENT_SECURITY: ActivityKind
ACTIVITY_KIND_POLICY_BRIEFING: ActivityKind
ACTIVITY_KIND_OTHER: ActivityKind
ACTIVITY_KIND_LEGAL_CONSULTATION: ActivityKind
ACTIVITY_KIND_GRID_WORKER_SUPPORT: ActivityKind
SUBJECT_KIND_UNSPECIFIED: SubjectKind
SUBJECT_KIND_DISPUTE: SubjectKind
SUBJECT_KIND_RISK: SubjectKind
SUBJECT_KIND_GOVERNANCE: SubjectKind
SUBJECT_KIND_OTHER: SubjectKind

class Attachment(_message.Message):
    __slots__ = ("uri", "display_name", "media_type", "size_bytes", "sha256")
    URI_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    uri: str
    display_name: str
    media_type: str
    size_bytes: int
    sha256: str
    def __init__(self, uri: _Optional[str] = ..., display_name: _Optional[str] = ..., media_type: _Optional[str] = ..., size_bytes: _Optional[int] = ..., sha256: _Optional[str] = ...) -> None: ...
