"""Activity events: the golden samples agree with the published schemas, and
what the module writes (documents.document) is what those schemas describe."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema
import pytest

from contracts import events, golden, messages
from service.activities import documents
from service.activities.ports import Activity
from service.activities.rules import ActivityKind, Case, CaseState, Content, Point, SubjectKind
from service.kernel.attachments import Attachment

SCHEMA_DIR = Path(messages.__file__).parent / "schemas"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_every_event_type_has_a_golden_sample_and_every_sample_a_type() -> None:
    assert golden.event_sample_types() == sorted(events.EVENT_DATA)


@pytest.mark.parametrize("event_type", sorted(events.EVENT_DATA))
def test_event_sample_matches_the_message_schema_and_its_data_schema(event_type: str) -> None:
    document = json.loads(golden.event_sample_bytes(event_type))
    envelope = json.loads((SCHEMA_DIR / "domain.event.v1.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, envelope)
    assert document["event_type"] == event_type
    data_schema = json.loads(
        (SCHEMA_DIR / "events" / f"{event_type}.json").read_text(encoding="utf-8")
    )
    jsonschema.validate(document["data"], data_schema)
    events.EVENT_DATA[event_type].model_validate(document["data"])


def _activity(**changes: object) -> Activity:
    # 23:30 on 31 October in Shanghai is 15:30 UTC: it counts in October.
    start = datetime(2026, 10, 31, 15, 30, tzinfo=UTC)
    made = start + timedelta(hours=2)
    activity = Activity(
        activity_id="01JS3Z8Q4W6E9R2T5Y7V1J3K5P",
        officer="u100234",
        reporter="u100999",
        content=Content(
            grid="320102002003001",
            kind=ActivityKind.DISPUTE_MEDIATION,
            subject_kind=SubjectKind.DISPUTE,
            summary="调解",
            start_time=start,
            end_time=start + timedelta(minutes=40),
            attachments=(Attachment("https://f/1", "1.jpg", "image/jpeg", 10, "a" * 64),),
            participant_count=3,
            co_officers=("u100567",),
            place=Point(32.06, 118.79),
            outcome="化解",
        ),
        officer_category="police",
        unit="u-unit-1",
        revision=1,
        create_time=made,
        update_time=made,
    )
    return replace(activity, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "activity",
    [
        _activity(),
        _activity(delete_time=datetime(2026, 11, 2, tzinfo=UTC), revision=3),
        _activity(case=Case(CaseState.REPORTED)),
        _activity(case=Case(CaseState.ESCALATED, 1), revision=2),
        _activity(case=Case(CaseState.RESOLVED, 2), revision=4),
        _activity(
            content=replace(
                _activity().content, subject_kind=None, end_time=None, place=None, attachments=()
            ),
            unit=None,
            officer_category=None,
        ),
    ],
)
def test_what_the_module_writes_is_what_the_schema_says_and_reads_back(
    activity: Activity,
) -> None:
    data = {
        **documents.document(activity, SHANGHAI),
        "change": "corrected",
        "changed_fields": ["outcome"],
        "note": "补充",
    }
    schema = json.loads(
        (SCHEMA_DIR / "events" / "activity.corrected.json").read_text(encoding="utf-8")
    )
    jsonschema.validate(data, schema)
    assert data["month"] == "2026-10"
    assert documents.from_document(activity.activity_id, data) == activity
