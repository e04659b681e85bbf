"""An activity as a JSON-ready document: the ``data`` of its domain events
(contracts/events.py, ActivityEventData) and the snapshot each revision keeps.
One encoding for both, so the history and what the host was told agree."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from service.activities.ports import Activity
from service.activities.rules import (
    ActivityKind,
    Case,
    CaseState,
    Content,
    Point,
    SubjectKind,
    following,
    month_of,
)
from service.kernel.attachments import Attachment
from service.kernel.escalation import CHAIN


def _time(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _parse(value: str | None) -> datetime | None:
    return _at(value) if value else None


def _case(activity: Activity) -> dict[str, Any] | None:
    if activity.case is None:
        return None
    tier = following(activity.content.grid, activity.case)
    return {"state": activity.case.state.value, "level": tier.level.value, "scope_node": tier.node}


def _from_case(found: dict[str, Any] | None) -> Case | None:
    if found is None:
        return None
    depth = next(index for index, (_, level) in enumerate(CHAIN) if level.value == found["level"])
    return Case(CaseState(found["state"]), depth)


def document(activity: Activity, zone: ZoneInfo) -> dict[str, Any]:
    content = activity.content
    found: dict[str, Any] = {
        "officer": activity.officer,
        "reporter": activity.reporter,
        "grid": content.grid,
        "kind": content.kind.value,
        "subject_kind": content.subject_kind.value if content.subject_kind else None,
        "summary": content.summary,
        "outcome": content.outcome,
        "start_time": _time(content.start_time),
        "end_time": _time(content.end_time),
        "month": month_of(activity.start_time, zone),
        "participant_count": content.participant_count,
        "co_officers": list(content.co_officers),
        "place": (
            {"latitude": content.place.latitude, "longitude": content.place.longitude}
            if content.place
            else None
        ),
        "attachments": [
            {
                "uri": a.uri,
                "display_name": a.display_name,
                "media_type": a.media_type,
                "size_bytes": a.size_bytes,
                "sha256": a.sha256,
            }
            for a in content.attachments
        ],
        "officer_category": activity.officer_category,
        "unit": activity.unit,
        "revision": activity.revision,
        "create_time": _time(activity.create_time),
        "update_time": _time(activity.update_time),
        "delete_time": _time(activity.delete_time),
        "case": _case(activity),
    }
    return {key: value for key, value in found.items() if value is not None}


def from_document(activity_id: str, found: dict[str, Any]) -> Activity:
    place = found.get("place")
    return Activity(
        activity_id=activity_id,
        officer=found["officer"],
        reporter=found["reporter"],
        content=Content(
            grid=found["grid"],
            kind=ActivityKind(found["kind"]),
            subject_kind=SubjectKind(found["subject_kind"]) if "subject_kind" in found else None,
            summary=found["summary"],
            start_time=_at(found["start_time"]),
            end_time=_parse(found.get("end_time")),
            attachments=tuple(Attachment(**a) for a in found.get("attachments", ())),
            participant_count=found.get("participant_count", 0),
            co_officers=tuple(found.get("co_officers", ())),
            place=Point(place["latitude"], place["longitude"]) if place else None,
            outcome=found.get("outcome", ""),
        ),
        officer_category=found.get("officer_category"),
        unit=found.get("unit"),
        revision=found["revision"],
        create_time=_at(found["create_time"]),
        update_time=_at(found["update_time"]),
        delete_time=_parse(found.get("delete_time")),
        case=_from_case(found.get("case")),
    )
