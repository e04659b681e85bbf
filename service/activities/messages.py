"""Activities between officer.v1 messages and the activities' own values."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from officer.v1 import activity_service_pb2, common_pb2

from service.activities.ports import Activity, ActivityFilter, Count, Revision
from service.activities.rules import (
    ActivityKind,
    CaseState,
    Change,
    Content,
    Point,
    SubjectKind,
    following,
)
from service.kernel.errors import InvalidArgument
from service.kernel.scope import resource_name
from service.platform import names, wire

ACTIVITY_FORM = "activities/{activity}"


def activity_id(name: str, field: str = "name") -> str:
    return names.parse(names.ACTIVITY, name, field, ACTIVITY_FORM)


def kind(number: int, field: str) -> ActivityKind:
    return wire.required_enum(
        common_pb2.ActivityKind, number, "ACTIVITY_KIND_", field, ActivityKind
    )


def optional_kind(number: int, field: str) -> ActivityKind | None:
    return wire.optional_enum(
        common_pb2.ActivityKind, number, "ACTIVITY_KIND_", field, ActivityKind
    )


def officer(message: activity_service_pb2.Activity, caller: str) -> str:
    """The officer the activity is of: the caller when not named."""
    if not message.officer:
        return caller
    return names.parse(names.OFFICER, message.officer, "activity.officer", "officers/{officer}")


def _co_officers(message: activity_service_pb2.Activity) -> tuple[str, ...]:
    return tuple(
        names.parse(names.OFFICER, name, f"activity.co_officers[{index}]", "officers/{officer}")
        for index, name in enumerate(message.co_officers)
    )


def _place(message: activity_service_pb2.Activity) -> Point | None:
    if not message.HasField("place"):
        return None
    return Point(message.place.latitude, message.place.longitude)


# Each field of Content from the message, checked for form (the rules check
# the rest); a correction reads only the fields its mask names.
_FIELDS: dict[str, Callable[[activity_service_pb2.Activity], Any]] = {
    "grid": lambda m: names.parse(names.GRID, m.grid, "activity.grid", "grids/{code}"),
    "kind": lambda m: kind(m.kind, "activity.kind"),
    "subject_kind": lambda m: wire.optional_enum(
        common_pb2.SubjectKind,
        m.subject_kind,
        "SUBJECT_KIND_",
        "activity.subject_kind",
        SubjectKind,
    ),
    "summary": lambda m: m.summary,
    "start_time": lambda m: wire.optional_time(m, "start_time", "activity.start_time"),
    "end_time": lambda m: wire.optional_time(m, "end_time", "activity.end_time"),
    "attachments": lambda m: wire.attachments(m.attachments),
    "participant_count": lambda m: m.participant_count,
    "co_officers": _co_officers,
    "place": _place,
    "outcome": lambda m: m.outcome,
}


def content(message: activity_service_pb2.Activity) -> Content:
    return Content(**{field: parse(message) for field, parse in _FIELDS.items()})


def correction(message: activity_service_pb2.Activity, paths: Sequence[str]) -> dict[str, Any]:
    """The given values of the fields the mask names (the others are left as
    they are, whatever the message holds)."""
    if not paths:
        raise InvalidArgument.field("update_mask", "name at least one field to correct")
    unknown = sorted(set(paths) - _FIELDS.keys())
    if unknown:
        raise InvalidArgument.field(
            "update_mask",
            f"cannot correct {', '.join(unknown)}; correctable: {', '.join(sorted(_FIELDS))}",
        )
    return {path: _FIELDS[path](message) for path in sorted(set(paths))}


def list_filter(request: activity_service_pb2.ListActivitiesRequest) -> ActivityFilter:
    under = officer_id = None
    if request.parent.startswith("officers/"):
        officer_id = names.parse(names.OFFICER, request.parent, "parent", "officers/{officer}")
    else:
        under = names.optional_node_or_grid(request.parent, "parent")
    start_after = wire.optional_time(request, "start_time", "start_time")
    start_before = wire.optional_time(request, "end_time", "end_time")
    if start_after and start_before and start_before <= start_after:
        raise InvalidArgument.field("end_time", "must be after start_time")
    if request.unit and not names.UNIT.match(f"units/{request.unit}"):
        raise InvalidArgument.field("unit", "a unit id of the host")
    return ActivityFilter(
        under=under,
        officer=officer_id,
        kind=optional_kind(request.kind, "kind"),
        officer_category=wire.enum_name(
            common_pb2.OfficerCategory,
            request.officer_category,
            "OFFICER_CATEGORY_",
            "officer_category",
        ),
        unit=request.unit or None,
        start_after=start_after,
        start_before=start_before,
        case_state=wire.optional_enum(
            activity_service_pb2.CaseState,
            request.case_state,
            "CASE_STATE_",
            "case_state",
            CaseState,
        ),
    )


def _change(change: Change) -> str:
    return f"ACTIVITY_CHANGE_{change.value.upper()}"


def revision(view: Revision) -> activity_service_pb2.ActivityRevision:
    return activity_service_pb2.ActivityRevision(
        revision=view.revision,
        change=_change(view.change),
        actor=f"users/{view.actor}",
        create_time=wire.timestamp(view.time),
        note=view.note,
        changed_fields=list(view.changed_fields),
        activity=activity(view.activity),
    )


def activity(view: Activity, revisions: Sequence[Revision] = ()) -> activity_service_pb2.Activity:
    content = view.content
    message = activity_service_pb2.Activity(
        name=f"activities/{view.activity_id}",
        officer=f"officers/{view.officer}",
        grid=f"grids/{content.grid}",
        kind=f"ACTIVITY_KIND_{content.kind.value.upper()}",
        subject_kind=wire.enum_number(
            common_pb2.SubjectKind, "SUBJECT_KIND_", content.subject_kind
        ),
        summary=content.summary,
        start_time=wire.timestamp(view.start_time),
        attachments=[wire.attachment(a) for a in content.attachments],
        create_time=wire.timestamp(view.create_time),
        participant_count=content.participant_count,
        co_officers=[f"officers/{o}" for o in content.co_officers],
        outcome=content.outcome,
        reporter=f"users/{view.reporter}",
        revision=view.revision,
        update_time=wire.timestamp(view.update_time),
        officer_category=wire.enum_number(
            common_pb2.OfficerCategory, "OFFICER_CATEGORY_", view.officer_category
        ),
        unit=view.unit or "",
        revisions=[revision(r) for r in revisions],
    )
    if content.end_time is not None:
        message.end_time.CopyFrom(wire.timestamp(content.end_time))
    if content.place is not None:
        message.place.latitude = content.place.latitude
        message.place.longitude = content.place.longitude
    if view.delete_time is not None:
        message.delete_time.CopyFrom(wire.timestamp(view.delete_time))
    if view.case is not None:
        tier = following(content.grid, view.case)
        message.case.CopyFrom(
            activity_service_pb2.ActivityCase(
                state=f"CASE_STATE_{view.case.state.value.upper()}",
                level=f"SCOPE_LEVEL_{tier.level.value.upper()}",
                scope_node=resource_name(tier.node),
            )
        )
    return message


def count(row: Count) -> activity_service_pb2.ActivityCount:
    return activity_service_pb2.ActivityCount(
        scope_node=resource_name(row.scope_node),
        month=row.month,
        kind=f"ACTIVITY_KIND_{row.kind.value.upper()}",
        activity_count=row.count,
    )
