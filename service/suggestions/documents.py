"""A suggestion as the ``data`` of its domain events (contracts/events.py,
SuggestionEventData): the suggestion as the step left it, and the step."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from service.suggestions.ports import Step, Suggestion
from service.suggestions.rules import Action

# Each step's event type (routing key on officer.events).
EVENT_TYPES = {
    Action.SUBMIT: "suggestion.submitted",
    Action.ROUTE: "suggestion.routed",
    Action.SIGN: "suggestion.signed",
    Action.RETURN: "suggestion.returned",
    Action.ANSWER: "suggestion.answered",
    Action.CLOSE: "suggestion.closed",
    Action.RATE: "suggestion.rated",
    Action.REOPEN: "suggestion.reopened",
    Action.RECATEGORIZE: "suggestion.recategorized",
    Action.URGE: "suggestion.urged",
    Action.SUPERVISE: "suggestion.supervised",
    Action.ASK_EXTENSION: "suggestion.extension_asked",
    Action.GRANT_EXTENSION: "suggestion.extension_granted",
    Action.DENY_EXTENSION: "suggestion.extension_denied",
    Action.MERGE: "suggestion.merged",
}


def _time(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def event_data(suggestion: Suggestion, step: Step) -> dict[str, Any]:
    content = suggestion.content
    found: dict[str, Any] = {
        "submitter": suggestion.submitter,
        "grid": content.grid,
        "category": content.category.value,
        "urgency": content.urgency.value,
        "title": content.title,
        "body": content.body,
        "related_activity": content.related_activity,
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
        "state": step.state.value,
        "department": step.department,
        "create_time": _time(suggestion.create_time),
        "dispatch_time": _time(suggestion.dispatch_time),
        "sign_due_time": _time(suggestion.sign_due_time),
        "close_due_time": _time(suggestion.close_due_time),
        "sign_time": _time(suggestion.sign_time),
        "answer_time": _time(suggestion.answer_time),
        "close_time": _time(suggestion.close_time),
        "answer": suggestion.answer or None,
        "satisfaction": suggestion.satisfaction.value if suggestion.satisfaction else None,
        "rating_comment": suggestion.rating_comment or None,
        "return_count": suggestion.return_count,
        "reopened": suggestion.reopened,
        "extension": (
            {
                "working_days": suggestion.pending_extension.working_days,
                "reason": suggestion.pending_extension.reason,
                "requester": suggestion.pending_extension.requester,
                "create_time": _time(suggestion.pending_extension.time),
            }
            if suggestion.pending_extension
            else None
        ),
        "extended_working_days": suggestion.extended_days,
        "merged_into": suggestion.merged_into,
        "action": step.action.value,
        "note": step.note,
        "step_time": _time(step.time),
    }
    return {key: value for key, value in found.items() if value is not None}
